import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { contentSecurityPolicy } from '../../../main/app/contentSecurityPolicy';
import { startBridgeApp, type BridgeApp, type BridgeCore } from '../../../main/bridge/bridgeApp';
import { MAX_MESSAGE_BYTES, TOKEN_SUBPROTOCOL_PREFIX, BRIDGE_SUBPROTOCOL } from '../../../preload/bridgeProtocol';
import { createBridgeConnection, type SocketLike } from '../../../preload/bridgeConnection';
import { buildPamApi } from '../../../preload/buildPamApi';
import { createFakeCore, recordingLogger, writeTinyRenderer } from './fakeCore';

let root: string;
let app: BridgeApp<BridgeCore>;
const log = recordingLogger();
const core = createFakeCore({}, log);

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'pam-bridge-'));
  const rendererDir = await writeTinyRenderer(root);
  app = await startBridgeApp({ dataDir: path.join(root, 'data'), rendererDir, core, log });
});

afterAll(async () => {
  await app?.stop();
  await rm(root, { recursive: true, force: true });
});

/** A raw GET so the path reaches the server exactly as written (no client-side normalisation). */
function get(rawPath: string, headers: Record<string, string> = {}, method = 'GET') {
  const { port } = new URL(app.origin);
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>(
    (resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: rawPath, method, headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end();
    },
  );
}

/** Opens a raw socket; resolves with the socket, or with the HTTP status the upgrade was refused with. */
function openSocket(protocols: string[], origin: string | undefined) {
  return new Promise<{ socket: WebSocket } | { refused: number }>((resolve, reject) => {
    const socket = new WebSocket(app.socketUrl, protocols, origin ? { origin } : {});
    socket.once('open', () => resolve({ socket }));
    socket.once('unexpected-response', (_req, res) => {
      resolve({ refused: res.statusCode ?? 0 });
      socket.terminate();
    });
    socket.once('error', (error) => reject(error));
  });
}

const goodProtocols = () => [BRIDGE_SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX + app.token];

function nextMessage(socket: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((resolve) => socket.once('message', (data) => resolve(JSON.parse(String(data)))));
}

describe('bridge static files', () => {
  it('serves index.html with the CSP and the bridge script ahead of the app script', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toBe(contentSecurityPolicy);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const bridgeAt = page.body.indexOf('<script src="/__pam/bridge.js"></script>');
    const appAt = page.body.indexOf('<script type="module" src="/assets/app.js">');
    expect(bridgeAt).toBeGreaterThan(0);
    expect(bridgeAt).toBeLessThan(appAt);
    expect(page.body).not.toContain(app.token);
  });

  it('serves assets and the bridge script with their MIME types and the CSP', async () => {
    const script = await get('/assets/app.js');
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['content-security-policy']).toBe(contentSecurityPolicy);
    expect((await get('/assets/app.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    const bridge = await get('/__pam/bridge.js');
    expect(bridge.status).toBe(200);
    expect(bridge.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(bridge.body).toContain('pam-bridge');
    expect(bridge.body).not.toContain(app.token);
  });

  it.each([
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/..%5csecret.txt',
    '/.env',
    '/assets/%00app.js',
    '/assets/',
    '/%E0%A4%A',
    '/missing.js',
  ])('refuses %s', async (rawPath) => {
    const response = await get(rawPath);
    expect(response.status).toBe(404);
    expect(response.body).not.toContain('outside the renderer');
    expect(response.body).not.toContain('SECRET');
  });

  it('answers only requests addressed to its own host, and only GET/HEAD', async () => {
    expect((await get('/', { Host: 'evil.example:80' })).status).toBe(421);
    expect((await get('/', {}, 'POST')).status).toBe(405);
    const head = await get('/', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });
});

describe('bridge socket admission', () => {
  it('refuses a socket without a token', async () => {
    expect(await openSocket([BRIDGE_SUBPROTOCOL], app.origin)).toEqual({ refused: 401 });
  });

  it('refuses a socket with a wrong token', async () => {
    const wrong = TOKEN_SUBPROTOCOL_PREFIX + 'a'.repeat(64);
    expect(await openSocket([BRIDGE_SUBPROTOCOL, wrong], app.origin)).toEqual({ refused: 401 });
  });

  it('refuses another origin even with the right token', async () => {
    expect(await openSocket(goodProtocols(), 'http://evil.example')).toEqual({ refused: 403 });
    expect(await openSocket(goodProtocols(), app.origin.replace('127.0.0.1', 'localhost'))).toEqual({ refused: 403 });
    expect(await openSocket(goodProtocols(), undefined)).toEqual({ refused: 403 });
    expect(log.lines.some((line) => line.includes('[bridge] refused a socket: wrong origin'))).toBe(true);
    expect(log.lines.join('\n')).not.toContain(app.token);
  });

  it('accepts our origin with the token and never echoes the token subprotocol', async () => {
    const opened = await openSocket(goodProtocols(), app.origin);
    if (!('socket' in opened)) throw new Error(`refused with ${opened.refused}`);
    expect(opened.socket.protocol).toBe(BRIDGE_SUBPROTOCOL);
    opened.socket.close();
  });
});

describe('bridge messages', () => {
  async function connected() {
    const opened = await openSocket(goodProtocols(), app.origin);
    if (!('socket' in opened)) throw new Error(`refused with ${opened.refused}`);
    return opened.socket;
  }

  it('round-trips an action and pushes events through window.pam built on the bridge', async () => {
    const connection = createBridgeConnection({
      socketUrl: app.socketUrl,
      token: app.token,
      createSocket: (url, protocols) => new WebSocket(url, protocols, { origin: app.origin }) as unknown as SocketLike,
    });
    const pam = buildPamApi(connection.invoke, connection.subscribe);
    try {
      expect(await pam.app.info()).toEqual({
        ok: true,
        value: { name: 'PAM Desk', version: '0.0.0-test', transport: 'bridge', platform: 'linux' },
      });
      expect(await pam.sessions.refresh()).toEqual({
        ok: false,
        error: { code: 'not_available', message: 'sessions.refresh is not part of this test core.' },
      });
      const received = new Promise((resolve) => pam.auth.onChanged(resolve));
      core.events.emit('auth.changed', { status: 'signedOut', reason: 'expired' });
      expect(await received).toEqual({ status: 'signedOut', reason: 'expired' });
    } finally {
      connection.close();
    }
  });

  it('answers malformed messages with invalid_input and keeps serving', async () => {
    const socket = await connected();
    try {
      const cases: Array<[string, unknown]> = [
        ['not json', null],
        ['[1,2]', null],
        [JSON.stringify({ id: 'x', channel: 'app.info' }), null],
        [JSON.stringify({ id: 7, channel: 42 }), 7],
        [JSON.stringify({ id: 8, channel: 'x'.repeat(500) }), 8],
      ];
      for (const [text, id] of cases) {
        const reply = nextMessage(socket);
        socket.send(text);
        expect(await reply).toMatchObject({ id, result: { ok: false, error: { code: 'invalid_input' } } });
      }
      let reply = nextMessage(socket);
      socket.send(Buffer.from([1, 2, 3]), { binary: true });
      expect(await reply).toMatchObject({ id: null, result: { ok: false, error: { code: 'invalid_input' } } });

      reply = nextMessage(socket);
      socket.send(JSON.stringify({ id: 9, channel: 'nope.nothing' }));
      expect(await reply).toEqual({
        id: 9,
        result: { ok: false, error: { code: 'invalid_input', message: 'Unknown action.' } },
      });

      reply = nextMessage(socket);
      socket.send(JSON.stringify({ id: 10, channel: 'prefs.update', payload: { pollIntervalSeconds: 'often' } }));
      expect(await reply).toMatchObject({ id: 10, result: { ok: false, error: { code: 'invalid_input' } } });

      reply = nextMessage(socket);
      socket.send(JSON.stringify({ id: 11, channel: 'app.info' }));
      expect(await reply).toMatchObject({ id: 11, result: { ok: true } });
    } finally {
      socket.close();
    }
  });

  it('closes a socket that sends an oversized message, and still accepts new ones', async () => {
    const socket = await connected();
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send(JSON.stringify({ id: 1, channel: 'app.info', payload: 'x'.repeat(MAX_MESSAGE_BYTES) }));
    expect(await closed).toBe(1009);
    const again = await connected();
    const reply = nextMessage(again);
    again.send(JSON.stringify({ id: 1, channel: 'app.info' }));
    expect(await reply).toMatchObject({ id: 1, result: { ok: true } });
    again.close();
  });
});

describe('bridge lifecycle', () => {
  it('leaves a core it was given to its owner, and stops idempotently', async () => {
    const own = createFakeCore();
    const other = await startBridgeApp({
      dataDir: path.join(root, 'data2'),
      rendererDir: path.join(root, 'renderer'),
      core: own,
      log: recordingLogger(),
    });
    expect(other.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#pam-token=[0-9a-f]{64}$/);
    expect(other.token).not.toBe(app.token);
    await Promise.all([other.stop(), other.stop()]);
    expect(own.disposeCount).toBe(0);
  });

  it('says how to build the renderer when it is missing', async () => {
    const logger = recordingLogger();
    const empty = await startBridgeApp({
      dataDir: path.join(root, 'data4'),
      rendererDir: path.join(root, 'not-built'),
      core: createFakeCore(),
      log: logger,
    });
    try {
      const response = await fetch(`${empty.origin}/`);
      expect(response.status).toBe(404);
      expect(await response.text()).toContain('npm run build:renderer');
      expect(logger.lines.some((line) => line.includes('has no index.html'))).toBe(true);
    } finally {
      await empty.stop();
    }
  });

  it('builds the real core for the bridge transport when none is given', async () => {
    const bridged = await startBridgeApp({
      dataDir: path.join(root, 'data3'),
      rendererDir: path.join(root, 'renderer'),
      log: recordingLogger(),
    });
    const connection = createBridgeConnection({
      socketUrl: bridged.socketUrl,
      token: bridged.token,
      createSocket: (url, protocols) =>
        new WebSocket(url, protocols, { origin: bridged.origin }) as unknown as SocketLike,
    });
    try {
      const info = await buildPamApi(connection.invoke, connection.subscribe).app.info();
      expect(info).toMatchObject({
        ok: true,
        value: { name: 'PAM Desk', transport: 'bridge', platform: process.platform },
      });
      expect(bridged.core.sandbox.running()).toBeNull();
    } finally {
      connection.close();
      await bridged.stop();
    }
  });
});
