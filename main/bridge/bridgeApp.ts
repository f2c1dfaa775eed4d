/**
 * The bridge: serves the built renderer to a browser and implements `window.pam` over a WebSocket, so the
 * real UI runs against the real core without Electron (tests, browser development).
 *
 * One HTTP server on 127.0.0.1. Every request must name our own host (defeats DNS rebinding). The socket
 * at `/bridge` also requires our own Origin (other web pages are refused with 403) and the per-run token,
 * which the page presents as a WebSocket subprotocol (missing/wrong: 401). The token reaches the page
 * only through the URL fragment of `url` — fragments are never sent to a server, so another local
 * process that fetches the page learns nothing.
 */
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';
import {
  BRIDGE_SCRIPT_PATH,
  BRIDGE_SOCKET_PATH,
  BRIDGE_SUBPROTOCOL,
  MAX_MESSAGE_BYTES,
  TOKEN_FRAGMENT_KEY,
  TOKEN_SUBPROTOCOL_PREFIX,
} from '../../preload/bridgeProtocol';
import { pageSecurityHeaders } from '../app/contentSecurityPolicy';
import type { Core, CoreOptions } from '../core';
import type { EventHub, Router } from '../router/router';
import type { Logger } from '../log/logger';
import { attachBridgeSession } from './bridgeSession';
import { bundleBridgeScript } from './bridgeScript';
import { createBridgeToken, tokensMatch } from './bridgeToken';
import { injectBridgeScript } from './injectBridgeScript';
import { DEFAULT_LOG_BUDGET, LogBudget, type LogBudgetSettings } from './logBudget';
import { mimeTypeOf, readStaticFile, resolveStaticPath } from '../app/staticFiles';

/** What the bridge needs of a core; the real `Core` from `main/core.ts` has more. */
export interface BridgeCore {
  router: Router;
  events: EventHub;
  dispose(): Promise<void>;
}

/** Extra `buildCore` options when the bridge builds the core (short poll intervals, a test sandbox…). */
export type BridgeCoreOptions = Partial<Omit<CoreOptions, 'dataDir' | 'log' | 'transport'>>;

export interface BridgeAppOptions<C extends BridgeCore = Core> {
  /** Where the core keeps its files (used only when the bridge builds the core itself). */
  dataDir: string;
  /** The built renderer (`npm run build:renderer`); default `out/renderer-web`. */
  rendererDir?: string;
  /** A core to serve; the caller keeps ownership (stop() does not dispose it). Default: buildCore(). */
  core?: C;
  /** Passed to buildCore when `core` is not given. */
  coreOptions?: BridgeCoreOptions;
  log?: Logger;
  /** Default 0: a free port. */
  port?: number;
  /**
   * How many refused socket upgrades are logged one by one per window (default 20 a minute); the rest
   * are summed up in one line, since anyone who can reach the port can cause them.
   */
  refusalLog?: Partial<LogBudgetSettings>;
}

export interface BridgeApp<C extends BridgeCore = Core> {
  /** The page to open, token included as `#pam-token=…`: `http://127.0.0.1:PORT/#pam-token=…`. */
  url: string;
  /** `http://127.0.0.1:PORT` — the only Origin the socket accepts. */
  origin: string;
  /** `ws://127.0.0.1:PORT/bridge`. */
  socketUrl: string;
  token: string;
  core: C;
  /** Closes every socket and the server; disposes the core only if the bridge built it. */
  stop(): Promise<void>;
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const defaultRendererDir = path.join(repoRoot, 'out', 'renderer-web');

export async function startBridgeApp<C extends BridgeCore = Core>(options: BridgeAppOptions<C>): Promise<BridgeApp<C>> {
  const log = options.log ?? consoleLogger;
  const rendererDir = path.resolve(options.rendererDir ?? defaultRendererDir);
  const ownsCore = !options.core;
  // Without a core of its own type, C is the default `Core`, which is what buildDefaultCore returns.
  const core = options.core ?? ((await buildDefaultCore(options.dataDir, log, options.coreOptions)) as unknown as C);
  const token = createBridgeToken();
  const bridgeScript = await bundleBridgeScript();

  let host = '';
  let origin = '';
  const server = createServer((request, response) => {
    serveRequest(request, response).catch((error: unknown) => {
      log.error(`[bridge] request failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (!response.headersSent) respond(response, 500, 'text/plain; charset=utf-8', 'Internal error');
      else response.destroy();
    });
  });

  async function serveRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.headers.host !== host)
      return respond(response, 421, 'text/plain; charset=utf-8', 'Misdirected request');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('Allow', 'GET, HEAD');
      return respond(response, 405, 'text/plain; charset=utf-8', 'Method not allowed');
    }
    const pathname = new URL(request.url ?? '/', origin).pathname;
    if (pathname === BRIDGE_SCRIPT_PATH) return respond(response, 200, 'text/javascript; charset=utf-8', bridgeScript);

    const filePath = resolveStaticPath(rendererDir, pathname);
    const contents = filePath ? await readStaticFile(rendererDir, filePath) : null;
    if (!filePath || !contents) {
      const missingApp = pathname === '/' || pathname === '/index.html';
      const text = missingApp
        ? `The renderer is not built in ${rendererDir}: run npm run build:renderer.`
        : 'Not found';
      return respond(response, 404, 'text/plain; charset=utf-8', text);
    }
    if (path.basename(filePath) === 'index.html' && path.dirname(filePath) === rendererDir) {
      return respond(response, 200, 'text/html; charset=utf-8', injectBridgeScript(contents.toString('utf8')));
    }
    return respond(response, 200, mimeTypeOf(filePath) ?? 'application/octet-stream', contents);
  }

  const sockets = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    perMessageDeflate: false,
    // Echo only the public subprotocol; the token one is never sent back.
    handleProtocols: (protocols) => (protocols.has(BRIDGE_SUBPROTOCOL) ? BRIDGE_SUBPROTOCOL : false),
  });
  sockets.on('connection', (socket) => attachBridgeSession(socket, core, log));

  const refusals = new LogBudget(
    (line) => log.warn(line),
    (count) => `[bridge] ... and ${count} more refused sockets, not logged one by one`,
    { ...DEFAULT_LOG_BUDGET, ...options.refusalLog },
  );

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refusal = checkUpgrade(request);
    if (refusal) {
      refusals.line(`[bridge] refused a socket: ${refusal.reason}`);
      socket.end(`HTTP/1.1 ${refusal.status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      socket.destroy();
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request));
  });

  function checkUpgrade(request: IncomingMessage): { status: string; reason: string } | null {
    const pathname = new URL(request.url ?? '/', origin).pathname;
    if (pathname !== BRIDGE_SOCKET_PATH) return { status: '404 Not Found', reason: 'unknown path' };
    if (request.headers.host !== host) return { status: '403 Forbidden', reason: 'wrong host' };
    if (request.headers.origin !== origin) {
      return {
        status: '403 Forbidden',
        reason: `wrong origin ${JSON.stringify(String(request.headers.origin).slice(0, 100))}`,
      };
    }
    const offered = String(request.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((value) => value.trim());
    const presented = offered
      .find((value) => value.startsWith(TOKEN_SUBPROTOCOL_PREFIX))
      ?.slice(TOKEN_SUBPROTOCOL_PREFIX.length);
    if (!tokensMatch(token, presented)) {
      return { status: '401 Unauthorized', reason: presented === undefined ? 'no token' : 'wrong token' };
    }
    return null;
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  host = `127.0.0.1:${port}`;
  origin = `http://${host}`;
  log.info(`[bridge] serving ${rendererDir} at ${origin}/`);
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    log.warn(`[bridge] ${rendererDir} has no index.html: run npm run build:renderer`);
  }

  let stopped: Promise<void> | undefined;
  return {
    url: `${origin}/#${TOKEN_FRAGMENT_KEY}=${token}`,
    origin,
    socketUrl: `ws://${host}${BRIDGE_SOCKET_PATH}`,
    token,
    core,
    stop: () =>
      (stopped ??= (async () => {
        for (const client of sockets.clients) client.terminate();
        await new Promise<void>((resolve) => sockets.close(() => resolve()));
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        refusals.flush();
        if (ownsCore) await core.dispose();
      })()),
  };
}

function respond(response: ServerResponse, status: number, contentType: string, body: string | Buffer): void {
  response.statusCode = status;
  for (const [name, value] of Object.entries(pageSecurityHeaders)) response.setHeader(name, value);
  response.setHeader('Content-Type', contentType);
  response.setHeader('Cache-Control', 'no-store');
  response.setHeader('Content-Length', Buffer.byteLength(body));
  response.end(response.req.method === 'HEAD' ? undefined : body);
}

async function buildDefaultCore(dataDir: string, log: Logger, extra: BridgeCoreOptions = {}): Promise<Core> {
  // Loaded lazily so the bridge (and its tests) do not pull in every service when a core is passed in.
  const { buildCore } = await import('../core');
  const { version } = await import('../../package.json', { with: { type: 'json' } }).then((module) => module.default);
  return buildCore({ version, platform: process.platform, ...extra, dataDir, log, transport: 'bridge' });
}

const consoleLogger: Logger = {
  info: (message) => console.info(message),
  warn: (message) => console.warn(message),
  error: (message) => console.error(message),
};
