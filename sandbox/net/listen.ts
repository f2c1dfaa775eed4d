import type { AddressInfo } from 'node:net';

/** What `net.Server`, `http.Server` and ssh2's `Server` share for listening and closing. */
export interface Listener {
  once(event: 'error', listener: (error: Error) => void): unknown;
  off(event: 'error', listener: (error: Error) => void): unknown;
  listen(port: number, host: string, ready: () => void): unknown;
  address(): AddressInfo | string | null;
  close(done?: () => void): unknown;
}

/** Listens on `host:port` (0: any free port) and resolves to the port taken; a failure to listen rejects. */
export function listen(server: Listener, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Stops accepting and resolves once the open connections are gone (close them first). */
export function closeServer(server: Listener): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
