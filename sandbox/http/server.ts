/**
 * A small HTTP(S) front end over node:http: route table, body limits, problem-details errors.
 * Chosen over a framework so that every limit and error shape is explicit and there is no extra
 * dependency in the app that embeds the sandbox.
 *
 * Over 300 lines: every limit and error path of the HTTP front end in one place, so that none is missed
 * (header/body timeouts, sizes, routing, problem details).
 */
import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import { listen } from '../net/listen';
import type { ConnectionTimeouts } from '../options';
import { HttpProblem, problemBody } from './problem';
import { QueryBag } from './query';

export type AuthLevel = 'none' | 'preMfa' | 'full';

export interface RequestContext<U> {
  method: string;
  path: string;
  params: Record<string, string>;
  query: QueryBag;
  ip: string;
  traceId: string;
  headers: IncomingMessage['headers'];
  user: U;
  /** The JSON body, or undefined when there is none. Rejects with 400/413/415 problems. */
  readJson(): Promise<unknown>;
}

export interface Reply {
  status: number;
  json?: unknown;
  headers?: Record<string, string>;
  /**
   * A streamed body instead of `json`: called once the headers (with `streamType` as Content-Type) are
   * written; it writes and ends the response itself. The server's stop closes it.
   */
  stream?: (res: ServerResponse) => void;
  streamType?: string;
}

export interface Route<U> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  auth: AuthLevel;
  handle(ctx: RequestContext<U>): Reply | Promise<Reply>;
}

export interface ServerSettings<U> {
  routes: Route<U>[];
  /** Resolves the caller for a route's auth level, or throws a 401 problem. */
  authenticate(level: AuthLevel, req: IncomingMessage): U | Promise<U>;
  maxBodyBytes: number;
  timeouts: ConnectionTimeouts;
  log(line: string): void;
  tls: { key: string; cert: string } | null;
}

const MAX_URL_LENGTH = 8192;

/** The answer to a request the HTTP parser gave up on (anything not listed: 400). */
const CLIENT_ERROR_STATUS: Record<string, string> = {
  ERR_HTTP_REQUEST_TIMEOUT: '408 Request Timeout',
  HPE_HEADER_OVERFLOW: '431 Request Header Fields Too Large',
};
/** A client that does not even read that answer is cut off after this. */
const CLIENT_ERROR_LINGER_MS = 1000;

interface CompiledRoute<U> {
  route: Route<U>;
  segments: Array<{ literal: string } | { param: string }>;
}

function compile<U>(route: Route<U>): CompiledRoute<U> {
  const segments = route.path
    .split('/')
    .filter(Boolean)
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment);
      return param ? { param: param[1]! } : { literal: segment.toLowerCase() };
    });
  return { route, segments };
}

/** Literal segments beat parameters, left to right, so `/ActivitySession/Search` wins over `/{sessionId}`. */
function moreSpecific<U>(a: CompiledRoute<U>, b: CompiledRoute<U>): boolean {
  for (let i = 0; i < a.segments.length; i++) {
    const aLiteral = 'literal' in a.segments[i]!;
    const bLiteral = 'literal' in b.segments[i]!;
    if (aLiteral !== bLiteral) return aLiteral;
  }
  return false;
}

function splitPath(pathname: string): string[] {
  const raw = pathname.split('/').filter(Boolean);
  return raw.map((segment) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      throw new HttpProblem(400, 'The request path is not valid URL encoding.');
    }
    if (
      decoded === '.' ||
      decoded === '..' ||
      decoded.includes('/') ||
      decoded.includes('\\') ||
      decoded.includes('\0')
    ) {
      throw new HttpProblem(400, 'The request path contains a forbidden segment.');
    }
    return decoded;
  });
}

export function isJsonContentType(value: string | undefined): boolean {
  if (!value) return false;
  const type = value.split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || type === 'text/json' || /^application\/[\w.+-]+\+json$/.test(type);
}

function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > maxBytes) {
        failed = true;
        // Close after answering, so a client cannot keep streaming a body nobody reads.
        reject(
          new HttpProblem(413, `The request body is larger than ${maxBytes} bytes.`, {
            headers: { Connection: 'close' },
          }),
        );
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', (error) => {
      if (!failed) reject(error);
    });
  });
}

export interface RunningServer {
  server: http.Server;
  port: number;
  /** Connections open now (accepted and not yet closed). */
  openConnections(): Promise<number>;
  close(): Promise<void>;
}

export async function startHttpServer<U>(settings: ServerSettings<U>, port: number): Promise<RunningServer> {
  const compiled = settings.routes.map(compile);

  function match(
    method: string,
    segments: string[],
  ): { route: CompiledRoute<U>; params: Record<string, string> } | 'method' | null {
    let best: { route: CompiledRoute<U>; params: Record<string, string> } | null = null;
    let pathMatched = false;
    for (const candidate of compiled) {
      if (candidate.segments.length !== segments.length) continue;
      const params: Record<string, string> = {};
      const ok = candidate.segments.every((segment, i) => {
        if ('literal' in segment) return segment.literal === segments[i]!.toLowerCase();
        params[segment.param] = segments[i]!;
        return true;
      });
      if (!ok) continue;
      pathMatched = true;
      if (candidate.route.method !== method) continue;
      if (!best || moreSpecific(candidate, best.route)) best = { route: candidate, params };
    }
    if (best) return best;
    return pathMatched ? 'method' : null;
  }

  async function handle(req: IncomingMessage, res: ServerResponse, traceId: string): Promise<Reply> {
    const method = req.method ?? 'GET';
    const rawUrl = req.url ?? '/';
    if (rawUrl.length > MAX_URL_LENGTH) throw new HttpProblem(414, 'The request URL is too long.');
    const queryStart = rawUrl.indexOf('?');
    const pathname = queryStart < 0 ? rawUrl : rawUrl.slice(0, queryStart);
    const search = queryStart < 0 ? '' : rawUrl.slice(queryStart + 1);
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > settings.maxBodyBytes) {
      res.setHeader('Connection', 'close');
      throw new HttpProblem(413, `The request body is larger than ${settings.maxBodyBytes} bytes.`);
    }
    const segments = splitPath(pathname);
    const found = match(method, segments);
    if (found === null) throw new HttpProblem(404, `No endpoint at ${method} ${pathname}.`);
    if (found === 'method') throw new HttpProblem(405, `${method} is not supported at this path.`);
    const user = await settings.authenticate(found.route.route.auth, req);
    const query = new QueryBag(search);
    let bodyPromise: Promise<unknown> | null = null;
    const ctx: RequestContext<U> = {
      method,
      path: pathname,
      params: found.params,
      query,
      ip: req.socket.remoteAddress ?? 'unknown',
      traceId,
      headers: req.headers,
      user,
      readJson() {
        bodyPromise ??= readBody(req, settings.maxBodyBytes).then((buffer) => {
          if (buffer.length === 0) return undefined;
          if (!isJsonContentType(req.headers['content-type'])) {
            throw new HttpProblem(415, 'The request body must be application/json.');
          }
          try {
            return JSON.parse(buffer.toString('utf8')) as unknown;
          } catch {
            throw new HttpProblem(400, 'The request body is not valid JSON.');
          }
        });
        return bodyPromise;
      },
    };
    return found.route.route.handle(ctx);
  }

  function send(res: ServerResponse, reply: Reply, problem: boolean): void {
    if (res.headersSent) return;
    const headers: Record<string, string> = {
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      ...reply.headers,
    };
    if (reply.stream) {
      res.writeHead(reply.status, { ...headers, 'Content-Type': reply.streamType ?? 'application/octet-stream' });
      reply.stream(res);
      return;
    }
    if (reply.json === undefined) {
      res.writeHead(reply.status, { ...headers, 'Content-Length': '0' });
      res.end();
      return;
    }
    const body = Buffer.from(JSON.stringify(reply.json), 'utf8');
    res.writeHead(reply.status, {
      ...headers,
      'Content-Type': problem ? 'application/problem+json; charset=utf-8' : 'application/json; charset=utf-8',
      'Content-Length': String(body.length),
    });
    res.end(body);
  }

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    const traceId = randomUUID();
    const instance = (req.url ?? '/').split('?')[0]!.slice(0, 256);
    handle(req, res, traceId).then(
      (reply) => send(res, reply, false),
      (error: unknown) => {
        if (error instanceof HttpProblem) {
          send(
            res,
            {
              status: error.status,
              json: problemBody(error.status, error.detail, traceId, error.extras.errors, instance),
              headers: error.extras.headers ?? {},
            },
            true,
          );
          return;
        }
        settings.log(
          `[sandbox] ${req.method} ${(req.url ?? '').split('?')[0]} failed (trace ${traceId}): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
        send(
          res,
          {
            status: 500,
            json: problemBody(500, 'The server could not complete the request.', traceId, undefined, instance),
          },
          true,
        );
      },
    );
  };

  const { headersMs, requestMs, keepAliveMs } = settings.timeouts;
  const limits: http.ServerOptions = {
    headersTimeout: headersMs,
    requestTimeout: requestMs,
    keepAliveTimeout: keepAliveMs,
    // How often Node looks for requests over their time (30 s by default, longer than the limits themselves).
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(headersMs / 4))),
  };
  const server = settings.tls
    ? https.createServer({ ...limits, key: settings.tls.key, cert: settings.tls.cert }, listener)
    : http.createServer(limits, listener);
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    // Answer if the socket still takes it, then let the connection go. Ending alone only half-closes it:
    // a client that never closes its side (a slow client cut by the header or body timeout) would hold
    // the socket in FIN-WAIT-2 for as long as it likes.
    const status = CLIENT_ERROR_STATUS[error.code ?? ''] ?? '400 Bad Request';
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const letGo = setTimeout(() => socket.destroy(), CLIENT_ERROR_LINGER_MS);
    letGo.unref();
    socket.once('close', () => clearTimeout(letGo));
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, () => socket.destroy());
  });

  const listening = await listen(server, '127.0.0.1', port);

  return {
    server,
    port: listening,
    openConnections: () =>
      new Promise<number>((resolve, reject) =>
        server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
      ),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
