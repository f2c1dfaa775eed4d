/**
 * Turns what the wire gives us (a status with a ProblemDetails body, a socket error code) into the typed
 * `PamError` the rest of the app understands, with a message a user can act on.
 */
import { PamError } from '../errors/pamError';

/** `title`/`detail` from an ASP.NET ProblemDetails body, if the body is one; never throws. */
export function problemText(body: string): string | null {
  if (!body || body.length > 64_000) return null;
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'string') return clean(parsed);
    if (!parsed || typeof parsed !== 'object') return null;
    const { title, detail } = parsed as { title?: unknown; detail?: unknown };
    const parts = [title, detail].filter((p): p is string => typeof p === 'string' && p.trim() !== '');
    // Title and detail often repeat each other; show each once.
    const unique = [...new Set(parts.map(clean))];
    return unique.length ? unique.join(': ') : null;
  } catch {
    return null;
  }
}

function clean(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .trim()
    .slice(0, 300);
}

function withDetail(message: string, detail: string | null): string {
  return detail ? `${message} (${detail})` : message;
}

/** A non-2xx answer: keeps the status and the server's words for callers that must tell cases apart. */
export class NpsHttpError extends PamError {
  constructor(
    code: ConstructorParameters<typeof PamError>[0],
    message: string,
    readonly status: number,
    readonly detail: string | null,
    readonly authenticate: string,
  ) {
    super(code, message);
  }
}

export function errorFromStatus(status: number, body: string, authenticate = ''): NpsHttpError {
  const detail = problemText(body);
  const typed = mapStatus(status, detail);
  return new NpsHttpError(typed.code, typed.message, status, detail, authenticate);
}

function mapStatus(status: number, detail: string | null): PamError {
  if (status === 400) return new PamError('invalid_input', withDetail('The server rejected the request.', detail));
  if (status === 401) return new PamError('unauthorized', 'Your session has expired. Sign in again.');
  if (status === 403) return new PamError('forbidden', withDetail('You are not allowed to do this.', detail));
  if (status === 404) return new PamError('not_found', withDetail('Not found on the server.', detail));
  if (status === 409)
    return new PamError('conflict', withDetail('This does not apply to the session in its current state.', detail));
  if (status === 429)
    return new PamError('throttled', withDetail('Too many attempts. Wait a moment and try again.', detail));
  if (status >= 500)
    return new PamError('server_error', withDetail(`The server had a problem (HTTP ${status}).`, detail));
  return new PamError('bad_response', withDetail(`The server answered with an unexpected HTTP ${status}.`, detail));
}

const UNREACHABLE_CODES: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused',
  ENOTFOUND: 'the host name was not found',
  EAI_AGAIN: 'the host name could not be resolved',
  ECONNRESET: 'the connection was reset',
  EPIPE: 'the connection was closed',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  ECONNABORTED: 'the connection was aborted',
};

/** Any error from the socket layer → `PamError`; already-typed errors pass through unchanged. */
export function errorFromNetwork(error: unknown, origin: string): PamError {
  if (error instanceof PamError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code in UNREACHABLE_CODES) {
    return new PamError('unreachable', `Can't reach ${origin}: ${UNREACHABLE_CODES[code]}.`, { cause: error });
  }
  if (code === 'ETIMEDOUT') return new PamError('timeout', `${origin} did not answer in time.`, { cause: error });
  if (typeof code === 'string' && (code.startsWith('ERR_SSL') || code === 'EPROTO')) {
    return new PamError('unreachable', `Secure connection to ${origin} failed. Is it an HTTPS server?`, {
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new PamError('unreachable', `Can't reach ${origin}: ${message}.`, { cause: error });
}
