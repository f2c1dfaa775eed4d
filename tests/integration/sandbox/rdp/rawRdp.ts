/** Raw RDP bytes for the gateway tests that no real client sends on purpose. */
import { connect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

/** An X.224 Connection Request with `cookie` offering exactly `protocols` in its RDP_NEG_REQ. */
export function connectionRequestOffering(cookie: string, protocols: number): Buffer {
  const variable = Buffer.concat([Buffer.from(`Cookie: mstshash=${cookie}\r\n`, 'latin1'), Buffer.alloc(8)]);
  const neg = variable.subarray(variable.length - 8);
  neg[0] = 0x01;
  neg.writeUInt16LE(8, 2);
  neg.writeUInt32LE(protocols, 4);
  const tpdu = Buffer.concat([Buffer.from([6 + variable.length, 0xe0, 0, 0, 0, 0, 0]), variable]);
  const tpkt = Buffer.from([3, 0, 0, 0]);
  tpkt.writeUInt16BE(4 + tpdu.length, 2);
  return Buffer.concat([tpkt, tpdu]);
}

/** Sends `request` to 127.0.0.1:`port` and resolves with everything received until the server closes. */
export function firstAnswer(port: number, request: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => socket.write(request));
    const chunks: Buffer[] = [];
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks)));
  });
}

/**
 * Negotiates TLS with the gateway for `cookie` as a client would and resolves with the SHA-256 of the
 * certificate it shows (`X509Certificate.fingerprint256` form), then hangs up.
 */
export function gatewayCertificate(port: number, cookie: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => socket.write(connectionRequestOffering(cookie, 0x1)));
    socket.once('error', reject);
    socket.once('data', (confirm: Buffer) => {
      if (confirm[11] !== 0x02) return reject(new Error(`no TLS confirm: ${confirm.toString('hex')}`));
      const secure = tlsConnect({ socket, rejectUnauthorized: false }, () => {
        resolve(secure.getPeerCertificate().fingerprint256);
        secure.destroy();
      });
      secure.once('error', reject);
    });
  });
}
