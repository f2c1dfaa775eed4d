/**
 * One NPS server's HTTP(S) connection pool: keep-alive, certificate checks before any byte is sent,
 * a connect timeout and an overall timeout per attempt, and retries with exponential backoff for GETs only
 * (a repeated POST/PUT/DELETE could end, lock or create twice). It keeps the cookies the server sets
 * (in memory, for this origin only) and sends them back, as the published PowerShell sample's web session does.
 */
import http from 'node:http';
import https from 'node:https';
import { PamError } from '../errors/pamError';
import { createCookieJar, type CookieJar } from './cookieJar';
import { errorFromNetwork, errorFromStatus } from './npsErrors';
import { createVerifyingAgent } from './tlsTrust';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';
export type QueryValue = string | number | boolean | readonly string[] | undefined | null;

export interface HttpRequest {
  method: HttpMethod;
  path: string;
  query?: Record<string, QueryValue>;
  /** Serialised as JSON (a bare string becomes a JSON string), unless `rawBody` is set. */
  body?: unknown;
  /** Sent as is with `Content-Type: application/json` (e.g. the bare MFA code of the reference sample). */
  rawBody?: string;
  token?: string;
}

export interface HttpResponse {
  status: number;
  contentType: string;
  body: string;
  headers: http.IncomingHttpHeaders;
}

export interface TransportOptions {
  baseUrl: string;
  /** SHA-256 fingerprint the server must present; null → system CAs. */
  pin: string | null;
  /** Whole attempt, from connect to last body byte. */
  timeoutMs?: number;
  connectTimeoutMs?: number;
  /** Extra attempts for GET after network errors, timeouts and 5xx. */
  retries?: number;
  retryBaseDelayMs?: number;
  /** Extra CAs to trust beside the system store (tests with a private CA). */
  ca?: string[];
  maxBodyBytes?: number;
}

export interface HttpTransport {
  readonly origin: string;
  /** The server's cookies for this origin (memory only; cleared by a new sign-in and by `close`). */
  readonly cookies: CookieJar;
  /** The path a request's `path` has on the server (the base URL may carry a prefix). */
  serverPath(path: string): string;
  /** Resolves with any 2xx response; rejects with a `PamError` for everything else. */
  send(request: HttpRequest): Promise<HttpResponse>;
  /**
   * A GET whose answer is a long-lived stream (a live watch): resolves once a 2xx status arrived (the connect
   * and header wait are bounded, the body is not) with the body as it comes; rejects like `send` otherwise.
   */
  stream?(request: HttpRequest, sink: StreamSink): Promise<HttpStream>;
  close(): void;
}

export interface StreamSink {
  data(chunk: Buffer): void;
  /** The stream ended; `error` when it was cut off rather than ended by the server. */
  end(error: PamError | null): void;
}

export interface HttpStream {
  pause(): void;
  resume(): void;
  close(): void;
}

const RETRIABLE = new Set(['unreachable', 'timeout', 'server_error']);

export function createHttpTransport(options: TransportOptions): HttpTransport {
  const base = new URL(options.baseUrl);
  const origin = base.origin;
  const isHttps = base.protocol === 'https:';
  const timeoutMs = options.timeoutMs ?? 15_000;
  const connectTimeoutMs = Math.min(options.connectTimeoutMs ?? 5_000, timeoutMs);
  const retries = options.retries ?? 2;
  const retryBaseDelayMs = options.retryBaseDelayMs ?? 250;
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024 * 1024;
  const basePath = base.pathname.replace(/\/+$/, '');
  const cookies = createCookieJar({ host: base.hostname, secure: isHttps });

  const agent: http.Agent = isHttps
    ? createVerifyingAgent({ origin, pin: options.pin, connectTimeoutMs, ...(options.ca ? { ca: options.ca } : {}) })
    : new http.Agent({ keepAlive: true, keepAliveMsecs: 15_000, maxSockets: 8, maxFreeSockets: 4, scheduling: 'lifo' });

  function attempt(request: HttpRequest): Promise<HttpResponse> {
    const url = new URL(basePath + request.path, origin);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value === undefined || value === null) continue;
      if (Array.isArray(value)) for (const item of value) url.searchParams.append(key, item);
      else url.searchParams.set(key, String(value));
    }
    const payload =
      request.rawBody !== undefined
        ? Buffer.from(request.rawBody, 'utf8')
        : request.body === undefined
          ? undefined
          : Buffer.from(JSON.stringify(request.body), 'utf8');
    const headers: http.OutgoingHttpHeaders = { Accept: 'application/json' };
    const cookie = cookies.header(url.pathname);
    if (cookie) headers.Cookie = cookie;
    if (payload) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = payload.length;
    }
    if (request.token) headers.Authorization = `Bearer ${request.token}`;

    return new Promise<HttpResponse>((resolve, reject) => {
      const requestFn = isHttps ? https.request : http.request;
      const req = requestFn(url, { method: request.method, headers, agent });
      let settled = false;
      const finish = (error: PamError | null, response?: HttpResponse): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error) reject(error);
        else resolve(response as HttpResponse);
      };
      const timer = setTimeout(() => {
        const error = new PamError('timeout', `${origin} did not answer within ${Math.round(timeoutMs / 100) / 10} s.`);
        finish(error);
        req.destroy(error);
      }, timeoutMs);

      req.on('error', (error) => finish(errorFromNetwork(error, origin)));
      req.on('response', (res) => {
        // Kept whatever the status: a refusal may still set or delete a cookie.
        cookies.store(res.headers['set-cookie'], url.pathname);
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBodyBytes) {
            finish(new PamError('bad_response', `The answer from ${origin} is larger than ${maxBodyBytes} bytes.`));
            req.destroy();
            return;
          }
          chunks.push(chunk);
        });
        // A body that stops short of its Content-Length is a truncated answer, not a network outage.
        res.on('aborted', () => finish(new PamError('bad_response', `The answer from ${origin} was cut off.`)));
        res.on('error', () => finish(new PamError('bad_response', `The answer from ${origin} was cut off.`)));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) {
            finish(null, {
              status,
              body,
              headers: res.headers,
              contentType: String(res.headers['content-type'] ?? ''),
            });
          } else {
            finish(errorFromStatus(status, body, String(res.headers['www-authenticate'] ?? '')));
          }
        });
      });
      req.end(payload);
    });
  }

  function stream(request: HttpRequest, sink: StreamSink): Promise<HttpStream> {
    const url = new URL(basePath + request.path, origin);
    const headers: http.OutgoingHttpHeaders = { Accept: 'application/x-ndjson, application/json' };
    const cookie = cookies.header(url.pathname);
    if (cookie) headers.Cookie = cookie;
    if (request.token) headers.Authorization = `Bearer ${request.token}`;
    return new Promise<HttpStream>((resolve, reject) => {
      const requestFn = isHttps ? https.request : http.request;
      const req = requestFn(url, { method: 'GET', headers, agent });
      let answered = false;
      const timer = setTimeout(() => {
        const error = new PamError('timeout', `${origin} did not answer within ${Math.round(timeoutMs / 100) / 10} s.`);
        reject(error);
        req.destroy(error);
      }, timeoutMs);
      req.on('error', (error) => {
        clearTimeout(timer);
        if (!answered) reject(errorFromNetwork(error, origin));
      });
      req.on('response', (res) => {
        clearTimeout(timer);
        cookies.store(res.headers['set-cookie'], url.pathname);
        const status = res.statusCode ?? 0;
        if (status < 200 || status >= 300) {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size <= 64 * 1024) chunks.push(chunk);
          });
          res.on('end', () =>
            reject(
              errorFromStatus(
                status,
                Buffer.concat(chunks).toString('utf8'),
                String(res.headers['www-authenticate'] ?? ''),
              ),
            ),
          );
          res.on('error', () => reject(new PamError('bad_response', `The answer from ${origin} was cut off.`)));
          return;
        }
        answered = true;
        let ended = false;
        const end = (error: PamError | null) => {
          if (ended) return;
          ended = true;
          sink.end(error);
        };
        res.on('data', (chunk: Buffer) => sink.data(chunk));
        res.on('end', () => end(null));
        res.on('aborted', () => end(new PamError('bad_response', `The stream from ${origin} was cut off.`)));
        res.on('error', () => end(new PamError('bad_response', `The stream from ${origin} was cut off.`)));
        res.on('close', () =>
          end(res.complete ? null : new PamError('bad_response', `The stream from ${origin} was cut off.`)),
        );
        resolve({
          pause: () => res.pause(),
          resume: () => res.resume(),
          close: () => {
            ended = true;
            req.destroy();
          },
        });
      });
      req.end();
    });
  }

  return {
    origin,
    cookies,
    stream,
    serverPath: (path) => new URL(basePath + path, origin).pathname,
    async send(request) {
      const attempts = request.method === 'GET' ? retries + 1 : 1;
      for (let index = 0; ; index += 1) {
        try {
          return await attempt(request);
        } catch (error) {
          const typed = errorFromNetwork(error, origin);
          if (index + 1 >= attempts || !RETRIABLE.has(typed.code)) throw typed;
          const delay = retryBaseDelayMs * 2 ** index * (0.75 + Math.random() * 0.5);
          await new Promise((resolve) => setTimeout(resolve, delay));
        }
      }
    },
    close() {
      cookies.clear();
      agent.destroy();
    },
  };
}
