/**
 * The SSH proxy's public key line for the known_hosts file of a launch in the user's terminal: read from the
 * proxy's handshake (the connection is dropped before any authentication, so nothing is sent) and accepted
 * only when it has the fingerprint pinned for this profile. A different key rejects before ssh is started.
 */
import ssh2 from 'ssh2';
import { sshFingerprint } from '../ssh/sshConnection';

export class ProxyKeyMismatch extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProxyKeyMismatch';
  }
}

/** Resolves with `type base64` of the key that has `pinned` as fingerprint; rejects otherwise. */
export function pinnedProxyKeyLine(host: string, port: number, pinned: string, timeoutMs = 15_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    let settled = false;
    const finish = (error: Error | null, line?: string) => {
      if (settled) return;
      settled = true;
      client.end();
      if (error) reject(error);
      else resolve(line!);
    };
    client.on('error', (error: Error) =>
      finish(new ProxyKeyMismatch(`The SSH proxy at ${host}:${port} could not be reached: ${error.message}`)),
    );
    client.on('close', () => finish(new ProxyKeyMismatch(`The SSH proxy at ${host}:${port} closed the connection.`)));
    client.connect({
      host,
      port,
      username: 'pam-desk-host-key-check',
      readyTimeout: timeoutMs,
      hostVerifier: (key: Buffer) => {
        const fingerprint = sshFingerprint(key);
        if (fingerprint !== pinned) {
          finish(
            new ProxyKeyMismatch(
              `The SSH proxy at ${host}:${port} presented host key ${fingerprint}, but ${pinned} is pinned. PAM Desk did not start ssh.`,
            ),
          );
          return false;
        }
        const typeLength = key.readUInt32BE(0);
        finish(null, `${key.subarray(4, 4 + typeLength).toString('ascii')} ${key.toString('base64')}`);
        return false;
      },
    });
  });
}
