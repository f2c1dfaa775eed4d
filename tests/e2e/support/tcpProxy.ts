/**
 * A TCP relay on 127.0.0.1 in front of the sandbox, so a test can make "the server" vanish and return
 * on the same address while the sandbox keeps its state, tokens and certificate (TLS passes through).
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface TcpProxy {
  port: number;
  /** Refuses new connections and cuts the open ones, as a server that went down. */
  goDown(): Promise<void>;
  /** Listens again on the same port. */
  comeBack(): Promise<void>;
  /** Sends new connections to another server from now on (a different machine behind the same address). */
  retarget(port: number): void;
  close(): Promise<void>;
}

export async function startTcpProxy(initialTarget: number): Promise<TcpProxy> {
  let targetPort = initialTarget;
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;

  const listen = async () => {
    const next = createServer((client) => {
      const upstream = connect(targetPort, '127.0.0.1');
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => resolve());
    });
    port = (next.address() as AddressInfo).port;
    server = next;
  };

  const stopListening = async () => {
    const current = server;
    server = null;
    for (const socket of sockets) socket.destroy();
    if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
  };

  await listen();
  return {
    get port() {
      return port;
    },
    goDown: stopListening,
    comeBack: listen,
    close: stopListening,
    retarget(port) {
      targetPort = port;
      for (const socket of sockets) socket.destroy();
    },
  };
}
