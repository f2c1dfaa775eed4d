/**
 * The page side of the bridge against a real WebSocket server on loopback whose behaviour each test
 * scripts: queued calls before open, drops, reconnects with backoff, contained listener errors.
 */
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { createBridgeConnection, type BridgeConnection, type SocketLike } from '../../../preload/bridgeConnection';
import { BRIDGE_SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX } from '../../../preload/bridgeProtocol';

type Behaviour = (
  socket: WebSocket,
  message: { id: number; channel: string; payload?: unknown },
  connection: number,
) => void;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function scriptedServer(behaviour: Behaviour) {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => BRIDGE_SUBPROTOCOL });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const offered: string[][] = [];
  let connections = 0;
  server.on('connection', (socket, request) => {
    connections += 1;
    const number = connections;
    offered.push(
      String(request.headers['sec-websocket-protocol'])
        .split(',')
        .map((value) => value.trim()),
    );
    socket.on('message', (data) => behaviour(socket, JSON.parse(String(data)), number));
  });
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  );
  const { port } = server.address() as AddressInfo;
  return { server, url: `ws://127.0.0.1:${port}/bridge`, offered, connections: () => connections };
}

function connect(url: string, extra: { retryMs?: number; states?: string[] } = {}): BridgeConnection {
  const connection = createBridgeConnection({
    socketUrl: url,
    token: 'f'.repeat(64),
    createSocket: (socketUrl, protocols) => new WebSocket(socketUrl, protocols) as unknown as SocketLike,
    retryMs: extra.retryMs ?? 20,
    maxRetryMs: 100,
    onStateChange: (state) => extra.states?.push(state),
  });
  cleanups.push(() => connection.close());
  return connection;
}

const echo: Behaviour = (socket, message) =>
  socket.send(
    JSON.stringify({
      id: message.id,
      result: { ok: true, value: { echoed: message.channel, payload: message.payload } },
    }),
  );

describe('bridge connection', () => {
  it('queues calls made before the socket opens and offers the token as a subprotocol', async () => {
    const server = await scriptedServer(echo);
    const connection = connect(server.url);
    const results = await Promise.all([
      connection.invoke('app.info', undefined),
      connection.invoke('prefs.update', { a: 1 }),
    ]);
    expect(results).toEqual([
      { ok: true, value: { echoed: 'app.info' } },
      { ok: true, value: { echoed: 'prefs.update', payload: { a: 1 } } },
    ]);
    expect(server.offered[0]).toEqual([BRIDGE_SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}${'f'.repeat(64)}`]);
  });

  it('answers pending calls with unreachable when the socket drops, then reconnects', async () => {
    const states: string[] = [];
    const server = await scriptedServer((socket, message, connection) => {
      if (connection === 1)
        socket.terminate(); // the first connection dies mid-call
      else echo(socket, message, connection);
    });
    const connection = connect(server.url, { states });
    expect(await connection.invoke('sessions.refresh', undefined)).toEqual({
      ok: false,
      error: { code: 'unreachable', message: 'The connection to PAM Desk was lost.' },
    });
    await expect.poll(() => server.connections()).toBe(2);
    expect(await connection.invoke('app.info', undefined)).toEqual({ ok: true, value: { echoed: 'app.info' } });
    expect(states.slice(0, 4)).toEqual(['connecting', 'open', 'closed', 'connecting']);
  });

  it('answers calls with unreachable while nothing listens, and keeps retrying', async () => {
    const server = await scriptedServer(echo);
    const { url } = server;
    await new Promise<void>((resolve) => {
      for (const client of server.server.clients) client.terminate();
      server.server.close(() => resolve());
    });
    const states: string[] = [];
    const connection = connect(url, { states });
    expect(await connection.invoke('app.info', undefined)).toEqual({
      ok: false,
      error: { code: 'unreachable', message: 'PAM Desk is not reachable.' },
    });
    await expect.poll(() => states.filter((state) => state === 'connecting').length).toBeGreaterThanOrEqual(2);
  });

  it('delivers events to every listener, survives a throwing one, and honours unsubscribe', async () => {
    let serverSocket: WebSocket | undefined;
    const server = await scriptedServer((socket, message, connection) => {
      serverSocket = socket;
      echo(socket, message, connection);
    });
    const connection = connect(server.url);
    const seen: unknown[] = [];
    connection.subscribe('auth.changed', () => {
      throw new Error('a broken listener');
    });
    const unsubscribe = connection.subscribe('auth.changed', (payload) => seen.push(payload));
    await connection.invoke('app.info', undefined);
    const originalError = console.error;
    console.error = () => {};
    try {
      serverSocket!.send(JSON.stringify({ event: 'auth.changed', payload: { status: 'signedOut' } }));
      serverSocket!.send('not json');
      serverSocket!.send(JSON.stringify({ id: 999, result: { ok: true, value: 1 } }));
      await expect.poll(() => seen.length).toBe(1);
      unsubscribe();
      serverSocket!.send(JSON.stringify({ event: 'auth.changed', payload: { status: 'again' } }));
      expect(await connection.invoke('app.info', undefined)).toMatchObject({ ok: true });
    } finally {
      console.error = originalError;
    }
    expect(seen).toEqual([{ status: 'signedOut' }]);
  });

  it('after close, stops reconnecting and answers at once', async () => {
    const server = await scriptedServer(echo);
    const connection = connect(server.url);
    await connection.invoke('app.info', undefined);
    connection.close();
    expect(await connection.invoke('app.info', undefined)).toEqual({
      ok: false,
      error: { code: 'unreachable', message: 'The bridge is closed.' },
    });
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(server.connections()).toBe(1);
  });
});
