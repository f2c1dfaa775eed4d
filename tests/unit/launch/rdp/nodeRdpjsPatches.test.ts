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

  describe('fast-path updates: fragments joined, surface commands handed on as bytes', () => {
    /** One fast-path update: header (update code, fragmentation), size, payload. */
    const update = (code: number, fragmentation: number, payload: number[]) => [
      code | (fragmentation << 4),
      payload.length & 0xff,
      payload.length >> 8,
      ...payload,
    ];
    const SURFCMDS = 0x4;
    const [SINGLE, LAST, FIRST, NEXT] = [0, 1, 2, 3];
    function client(maxFragmentedUpdateSize = 64) {
      const rdpClient = rdp.createClient({ maxFragmentedUpdateSize });
      rdpClient.bufferLayer.socket.destroy();
      const surface: Buffer[] = [];
      const bitmaps: unknown[] = [];
      rdpClient.on('surfaceCommands', (payload: Buffer) => surface.push(Buffer.from(payload)));
      rdpClient.global.on('bitmap', (rects: unknown[]) => bitmaps.push(rects));
      const receive = (bytes: number[]) => rdpClient.global.recvFastPath(0, stream(bytes));
      return { surface, bitmaps, receive };
    }

    it('joins first, next and last fragments, across packets, into one update', () => {
      const { surface, receive } = client();
      receive([...update(SURFCMDS, FIRST, [1, 2]), ...update(SURFCMDS, NEXT, [3])]);
      expect(surface).toHaveLength(0);
      receive(update(SURFCMDS, LAST, [4, 5]));
      receive(update(SURFCMDS, SINGLE, [9]));
      expect(surface).toEqual([Buffer.from([1, 2, 3, 4, 5]), Buffer.from([9])]);
    });

    it('still reads a bitmap update after the rewrite of the fast-path reader', () => {
      const { bitmaps, receive } = client();
      // TS_FP_UPDATE_BITMAP: updateType 1, one rectangle of 1×1 at 16 bpp, uncompressed, 2 bytes.
      const rectangle = [0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 16, 0, 0, 0, 2, 0, 0xff, 0xff];
      receive(update(0x1, SINGLE, [1, 0, 1, 0, ...rectangle]));
      expect(bitmaps).toHaveLength(1);
    });

    it.each([
      ['a next fragment without a first one', [update(SURFCMDS, NEXT, [1])]],
      ['a last fragment without a first one', [update(SURFCMDS, LAST, [1])]],
      ['a first fragment while another is open', [update(SURFCMDS, FIRST, [1]), update(SURFCMDS, FIRST, [2])]],
      ['an unfragmented update inside a fragmented one', [update(SURFCMDS, FIRST, [1]), update(SURFCMDS, SINGLE, [2])]],
      ['fragments of another update type', [update(SURFCMDS, FIRST, [1]), update(0x1, LAST, [2])]],
      [
        'joined fragments larger than announced',
        [update(SURFCMDS, FIRST, Array(40).fill(1)), update(SURFCMDS, LAST, Array(40).fill(2))],
      ],
      ['a size beyond the packet', [[SURFCMDS, 10, 0, 1, 2]]],
      ['a header cut short', [[SURFCMDS, 10]]],
      ['bulk-compressed data (never offered)', [[SURFCMDS | 0x80, 0x20, 1, 0, 7]]],
    ])('refuses %s with a protocol error', (_case, packets) => {
      const { surface, receive } = client();
      expect(() => packets.forEach((packet) => receive(packet))).toThrow(
        expect.objectContaining({ code: expect.stringMatching(/^NODE_RDP_PROTOCOL_FASTPATH_/) }),
      );
      expect(surface).toHaveLength(0);
    });
  });

  it("sends the caller's capability sets, the multifragment size asked for, and that set last", () => {
    const rdpClient = rdp.createClient({
      extraCapabilities: [{ type: 0x1d, body: Buffer.from([0xaa, 0xbb]) }],
      maxFragmentedUpdateSize: 0x3f0000,
    });
    rdpClient.bufferLayer.socket.destroy();
    const global = rdpClient.global;
    global.gccCore = rdpClient.mcs.clientCoreData.obj;
    let sent: { obj: { capabilitySets: { obj: Array<{ obj: Record<string, { value: number }> }> } } } | null = null;
    global.sendPDU = (message: typeof sent) => (sent = message);
    global.sendConfirmActivePDU();
    const sets = sent!.obj.capabilitySets.obj;
    const types = sets.map((set) => set.obj.capabilitySetType!.value);
    expect(types.at(-1)).toBe(caps.CapsType.CAPSETTYPE_MULTIFRAGMENTUPDATE);
    expect(types.at(-2)).toBe(0x1d);
    const written = new type.Stream(sets.at(-2)!.obj.lengthCapability!.value);
    (sets.at(-2) as unknown as { write(s: unknown): void }).write(written);
    expect([...written.buffer]).toEqual([0x1d, 0, 6, 0, 0xaa, 0xbb]);
    const multifragment = sets.at(-1) as unknown as {
      obj: { capability: { obj: { MaxRequestSize: { value: number } } } };
    };
    expect(multifragment.obj.capability.obj.MaxRequestSize.value).toBe(0x3f0000);
  });

  it('sends a Frame Acknowledge PDU (PDUTYPE2 0x38) with the frame id', () => {
    const rdpClient = rdp.createClient({});
    rdpClient.bufferLayer.socket.destroy();
    let sent: { size(): number; write(s: unknown): void } | null = null;
    rdpClient.global.sendPDU = (message: typeof sent) => (sent = message);
    rdpClient.connected = true;
    rdpClient.sendFrameAcknowledge(0x01020304);
    const written = new type.Stream(sent!.size());
    sent!.write(written);
    const bytes = written.buffer as Buffer;
    // Share Data Header (shareId 4, pad 1, streamId 1, length 2, pduType2 1, …) then frameId.
    expect(bytes[8]).toBe(0x38);
    expect(bytes.readUInt32LE(bytes.length - 4)).toBe(0x01020304);
  });
});
