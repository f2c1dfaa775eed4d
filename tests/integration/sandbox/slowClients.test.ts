/**
 * Slow clients: a connection that the header or body timeout cuts must be let go, not left half-open
 * (FIN-WAIT-2) for as long as the client wishes. Short timeouts are set through the sandbox's options;
 * every wait is for a condition.
 */
import net from 'node:net';
import tls from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../../sandbox/index';
import { startTestSandbox, waitFor } from './helpers';

const CLIENTS = 10;
const TIMEOUTS = { headersMs: 400, requestMs: 800 };

type Stall = 'headers' | 'body';

interface SlowClient {
  /** Everything the server sent. */
  received(): string;
  ended(): boolean;
  closed(): boolean;
  destroy(): void;
}

/**
 * Connects, sends an unfinished request and never finishes it. Half-open like a client that does not
 * read: when the server ends its side, this side stays open; it keeps writing a byte now and then, which
 * a server that let the connection go answers with a reset (and the socket closes).
 */
function slowClient(sandbox: SandboxHandle, stall: Stall): SlowClient {
  const { port, protocol } = new URL(sandbox.url);
  const request =
    stall === 'headers'
      ? 'GET /sandbox/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: '
      : 'POST /signinBody HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"Login":';
  const options = { host: '127.0.0.1', port: Number(port), allowHalfOpen: true };
  const socket: net.Socket =
    protocol === 'https:'
      ? tls.connect({ ...options, ca: sandbox.caPem! }, () => socket.write(request))
      : net.connect(options, () => socket.write(request));
  let data = '';
  let ended = false;
  let closed = false;
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (data += chunk));
  socket.on('end', () => (ended = true));
  socket.on('error', () => undefined);
  socket.on('close', () => (closed = true));
  const trickle = setInterval(() => {
    if (ended && !socket.destroyed) socket.write('x');
  }, 50);
  socket.once('close', () => clearInterval(trickle));
  return {
    received: () => data,
    ended: () => ended,
    closed: () => closed,
    destroy: () => {
      clearInterval(trickle);
      socket.destroy();
    },
  };
}

describe.each([
  ['HTTPS', false],
  ['HTTP', true],
] as const)('sandbox over %s: connections cut by its timeouts', (_name, http) => {
  let sandbox: SandboxHandle | null = null;
  let clients: SlowClient[] = [];
  afterEach(async () => {
    for (const client of clients) client.destroy();
    clients = [];
    await sandbox?.stop();
    sandbox = null;
  });

  it.each(['headers', 'body'] as const)(
    'are answered and then freed when the %s never finish',
    async (stall) => {
      const started = await startTestSandbox({ http, connectionTimeouts: TIMEOUTS });
      sandbox = started;
      clients = Array.from({ length: CLIENTS }, () => slowClient(started, stall));

      // The timeout fires: each client gets an answer and the server's end of the stream...
      await waitFor(async () => clients.every((c) => c.ended()), 'the server to end every connection', 20_000);
      for (const client of clients) expect(client.received()).toMatch(/^HTTP\/1\.1 408 /);
      // ...and the server lets the connections go instead of waiting for the client to close its side.
      await waitFor(async () => (await started.openConnections()) === 0, 'no connection left open', 20_000);
      await waitFor(async () => clients.every((c) => c.closed()), 'every client socket to close', 20_000);
    },
    60_000,
  );
});
