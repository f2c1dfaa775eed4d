/**
 * Small HTTPS/TLS peers for the NPS client's error paths: they count what reaches them, so tests can
 * assert that nothing was sent before the certificate was accepted.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import selfsigned from 'selfsigned';

export interface TestCert {
  key: string;
  cert: string;
  /** SHA-256, 'AA:BB:…' upper case, as Node reports `fingerprint256`. */
  fingerprint: string;
}

export async function makeCert(commonName = 'localhost'): Promise<TestCert> {
  const pems = await selfsigned.generate([{ name: 'commonName', value: commonName }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 2 * 86_400_000),
  });
  const fingerprint = new crypto.X509Certificate(pems.cert).fingerprint256;
  return { key: pems.private, cert: pems.cert, fingerprint };
}

export interface CountingServer {
  url: string;
  requests: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders; body: string }>;
  /** TLS handshakes completed (keep-alive shows as fewer handshakes than requests). */
  handshakes: number;
  close(): Promise<void>;
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

export async function startHttpsServer(cert: TestCert, handler: Handler): Promise<CountingServer> {
  const server = https.createServer({ key: cert.key, cert: cert.cert });
  return listen(server, 'https', handler, 'secureConnection');
}

export async function startHttpServer(handler: Handler): Promise<CountingServer> {
  return listen(http.createServer(), 'http', handler, 'connection');
}

async function listen(
  server: http.Server,
  scheme: string,
  handler: Handler,
  connectionEvent: string,
): Promise<CountingServer> {
  const state: CountingServer = { url: '', requests: [], handshakes: 0, close: async () => undefined };
  server.on(connectionEvent, () => (state.handshakes += 1));
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      state.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  state.url = `${scheme}://127.0.0.1:${port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

/** A bare TLS server that records every application byte it receives after the handshake. */
export async function startRecordingTlsServer(
  cert: TestCert,
): Promise<{ url: string; connections: () => number; bytesReceived: () => number; close(): Promise<void> }> {
  let connections = 0;
  let bytes = 0;
  const sockets = new Set<tls.TLSSocket>();
  const server = tls.createServer({ key: cert.key, cert: cert.cert }, (socket) => {
    sockets.add(socket);
    socket.on('data', (data) => (bytes += data.length));
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  // Counted at TCP level: under TLS 1.3 the client may reject the certificate before the server
  // considers its own handshake complete.
  server.on('connection', () => (connections += 1));
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    connections: () => connections,
    bytesReceived: () => bytes,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Accepts TCP connections and never says a word. */
export async function startSilentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port that was free a moment ago and has nothing listening now. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export function json(res: http.ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}
