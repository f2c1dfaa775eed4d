/**
 * The keyboard layout node-rdpjs-2 announces: a TLS RDP server of the test's own reads the Client Core Data
 * (MS-RDPBCGR 2.2.1.3.2) of the MCS Connect Initial the client sends after the handshake.
 */
import net, { type AddressInfo, type Socket } from 'node:net';
import tls from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { openRdpConnection } from '../../../../main/launch/rdp/rdpConnection';
import { connectionConfirmTls } from '../../../../sandbox/rdp/x224';
import { loadOrCreateTls } from '../../../../sandbox/store/tls';

/** Reads `socket` until `done` finds what it wants in everything read so far. */
function readUntil<T>(socket: Socket | tls.TLSSocket, done: (all: Buffer) => T | null): Promise<T> {
  return new Promise((resolve, reject) => {
    let all = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      all = Buffer.concat([all, chunk]);
      const found = done(all);
      if (found === null) return;
      socket.off('data', onData);
      resolve(found);
    };
    socket.on('data', onData);
    socket.once('error', reject);
  });
}

/** The keyboardLayout field of the Client Core Data block (header type 0xC001) in an MCS Connect Initial. */
function keyboardLayoutIn(data: Buffer): number | null {
  for (
    let at = data.indexOf(Buffer.from([0x01, 0xc0]));
    at >= 0;
    at = data.indexOf(Buffer.from([0x01, 0xc0]), at + 1)
  ) {
    const length = data.length >= at + 4 ? data.readUInt16LE(at + 2) : 0;
    // version (0x00080001 or 0x00080004) right after the header tells the block from chance bytes.
    if (length >= 20 && data.length >= at + 20 && (data.readUInt32LE(at + 4) & 0xffff0000) === 0x00080000)
      return data.readUInt32LE(at + 16);
  }
  return null;
}

describe('the keyboard layout node-rdpjs-2 announces', () => {
  let server: net.Server | null = null;
  afterEach(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(null)));
    server = null;
  });

  it.each([
    ['the one it is given', 0x407],
    ['US English by default', undefined],
  ])('is %s', async (_name, layout) => {
    const material = await loadOrCreateTls(null, Date.now());
    const sockets: Socket[] = [];
    const announced = new Promise<number | null>((resolve, reject) => {
      server = net.createServer((raw) => {
        sockets.push(raw);
        raw.on('error', () => undefined);
        void readUntil(raw, (all) => (all.length >= 4 && all.length >= all.readUInt16BE(2) ? true : null)).then(() => {
          raw.write(connectionConfirmTls(0));
          const secure = new tls.TLSSocket(raw, { isServer: true, key: material.key, cert: material.cert });
          secure.on('error', () => undefined);
          readUntil(secure, (all) => keyboardLayoutIn(all)).then(resolve, reject);
        }, reject);
      });
      server.listen(0, '127.0.0.1');
    });
    await new Promise((resolve) => server!.once('listening', resolve));
    const { port } = server!.address() as AddressInfo;
    const connecting = openRdpConnection(
      { host: '127.0.0.1', port, username: 'alice+Desktop+win-01' },
      { password: 'not-sent-anywhere-real', pinnedFingerprint: material.fingerprint },
      { width: 800, height: 600 },
      { onRects: () => undefined, onClose: () => undefined },
      layout === undefined ? {} : { keyboardLayout: layout },
    );
    connecting.catch(() => undefined);
    expect(await announced).toBe(layout ?? 0x409);
    for (const socket of sockets) socket.destroy();
    await connecting.catch(() => undefined);
  });
});
