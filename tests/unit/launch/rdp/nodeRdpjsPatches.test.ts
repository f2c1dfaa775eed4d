/**
 * Each fix that patches/node-rdpjs-2+0.3.5.patch carries (see the README's "node-rdpjs-2 patches"), checked
 * against the installed library: without the patch applied (`npm ci` runs patch-package), these fail.
 */
import { createRequire } from 'node:module';
import net from 'node:net';
import tls from 'node:tls';
import { generate } from 'selfsigned';
import { afterEach, describe, expect, it } from 'vitest';
import { connectionConfirmTls } from '../../../../sandbox/rdp/x224';

const require = createRequire(import.meta.url);
const type = require('node-rdpjs-2/lib/core/type');
const caps = require('node-rdpjs-2/lib/protocol/pdu/caps');
const sec = require('node-rdpjs-2/lib/protocol/pdu/sec');
const rdp = require('node-rdpjs-2');

function stream(bytes: number[]): unknown {
  return new type.Stream(Buffer.from(bytes));
}

const servers: net.Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

/** A loopback peer that answers the X.224 request (TLS selected) and reports what it received. */
async function fakeGateway(cert: { key: string; cert: string }) {
  let request: Buffer | null = null;
  const afterTls: Buffer[] = [];
  let resolveRequest!: () => void;
  const requested = new Promise<void>((resolve) => (resolveRequest = resolve));
  let resolveTlsData!: () => void;
  const tlsData = new Promise<void>((resolve) => (resolveTlsData = resolve));
  const server = net.createServer((socket) => {
    socket.once('data', (chunk) => {
      request = chunk;
      resolveRequest();
      socket.write(connectionConfirmTls(0));
      const secure = new tls.TLSSocket(socket, { isServer: true, key: cert.key, cert: cert.cert });
      secure.on('data', (data: Buffer) => {
        afterTls.push(data);
        resolveTlsData();
      });
      secure.on('error', () => undefined);
    });
    socket.on('error', () => undefined);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return { port, requested, tlsData, request: () => request, afterTls };
}

async function selfSigned() {
  const pems = await generate([{ name: 'commonName', value: 'gateway.test' }], { keySize: 2048 });
  return { key: pems.private, cert: pems.cert };
}

describe('node-rdpjs-2 patches', () => {
  it('accepts a bitmap capability whose multipleRectangleSupport is 0 (freerdp-shadow-cli sends that)', () => {
    const bytes = [16, 0, 1, 0, 1, 0, 1, 0, 0x20, 3, 0x58, 2, 0, 0, 0, 0, 1, 0, 0, 0, /* multi rect */ 0, 0, 0, 0];
    const read = caps.bitmapCapability().read(stream(bytes));
    expect(read.obj.desktopWidth.value).toBe(800);
    expect(read.obj.multipleRectangleSupport.value).toBe(0);
  });

  it('reads a font capability set of 4 bytes (its header alone) and the capability after it', () => {
    const fontHeaderOnly = [0x0e, 0x00, 0x04, 0x00];
    const read = caps.capability().read(stream(fontHeaderOnly));
    expect(read.obj.capabilitySetType.value).toBe(caps.CapsType.CAPSTYPE_FONT);
    expect(read.obj.lengthCapability.value).toBe(4);
  });

  it('sends INFO_MAXIMIZESHELL in the Client Info PDU', () => {
    const client = rdp.createClient({});
    expect(client.sec.infos.obj.flag.value & sec.InfoFlag.INFO_MAXIMIZESHELL).toBe(sec.InfoFlag.INFO_MAXIMIZESHELL);
    client.bufferLayer.socket.destroy();
  });

  it('sends the routing cookie in the X.224 Connection Request, without line breaks smuggled in', async () => {
    const gateway = await fakeGateway(await selfSigned());
    const client = rdp.createClient({ cookie: 'alice+Desktop (RDP)+win-01\r\nX: y' });
    client.on('error', () => undefined);
    client.connect('127.0.0.1', gateway.port);
    await gateway.requested;
    const text = gateway.request()!.toString('latin1');
    expect(text).toContain('Cookie: mstshash=alice+Desktop (RDP)+win-01X: y\r\n');
    client.bufferLayer.socket.destroy();
  });

  it('refuses a certificate the caller does not trust before sending anything over TLS', async () => {
    const gateway = await fakeGateway(await selfSigned());
    const seen: string[] = [];
    const client = rdp.createClient({
      cookie: 'alice+A+B',
      userName: 'alice+A+B',
      password: 'secret',
      verifyServerCertificate: (certificate: tls.PeerCertificate) => {
        seen.push(certificate.fingerprint256);
        return false;
      },
    });
    const failed = new Promise<Error>((resolve) => client.on('error', resolve));
    client.connect('127.0.0.1', gateway.port);
    expect((await failed).message).toMatch(/certificate was refused/);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(gateway.afterTls).toHaveLength(0);
  });

  it('goes on over TLS when the certificate is trusted (the same peer receives the MCS Connect Initial)', async () => {
    const gateway = await fakeGateway(await selfSigned());
    const client = rdp.createClient({ cookie: 'alice+A+B', verifyServerCertificate: () => true });
    client.on('error', () => undefined);
    client.connect('127.0.0.1', gateway.port);
    await gateway.tlsData;
    expect(Buffer.concat(gateway.afterTls)[0]).toBe(0x03);
    client.bufferLayer.socket.destroy();
  });

  it('turns a Set Error Info PDU received instead of licensing into an error carrying the code', async () => {
    // What the gateway sends when it refuses the login (sandbox/rdp/clientInfo.ts), parsed by the Sec layer.
    const { setErrorInfo } = await import('../../../../sandbox/rdp/clientInfo');
    const frame = setErrorInfo(0x7);
    const client = rdp.createClient({});
    // TPKT (4) + X.224 data (3) + MCS Send Data Indication (6) + PER length (1 or 2).
    const payload = frame.subarray(4 + 3 + 6 + ((frame[13]! & 0x80) !== 0 ? 2 : 1));
    let thrown: { code?: string; errorInfo?: number } | null = null;
    try {
      client.sec.recvLicense(new type.Stream(Buffer.from(payload)));
    } catch (error) {
      thrown = error as { code?: string; errorInfo?: number };
    }
    expect(thrown).toMatchObject({ code: 'NODE_RDP_PROTOCOL_PDU_SEC_ERROR_INFO', errorInfo: 7 });
    client.bufferLayer.socket.destroy();
  });

  it('keeps the library silent on stderr unless log_level is set', () => {
    const log = require('node-rdpjs-2/lib/core/log');
    const writes: unknown[] = [];
    const original = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: unknown) => (writes.push(chunk), true)) as typeof process.stderr.write;
    try {
      log.warn('a warning nobody asked for');
      log.error('an error nobody asked for');
    } finally {
      process.stderr.write = original;
    }
    expect(writes).toEqual([]);
  });
});
