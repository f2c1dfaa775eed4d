import { describe, expect, it } from 'vitest';
import { readClientInfo, rewriteClientInfo } from '../../../sandbox/rdp/clientInfo';
import {
  FrameReader,
  PROTOCOL_HYBRID,
  PROTOCOL_SSL,
  connectionRequest,
  parseConnectionConfirm,
  parseConnectionRequest,
  connectionConfirmTls,
  connectionFailure,
} from '../../../sandbox/rdp/x224';

/** A Client Info PDU as a TLS client sends it: MCS Send Data Request, basic security header with SEC_INFO_PKT. */
function clientInfoFrame(fields: string[], extra = Buffer.from([1, 2, 3, 4]), unicode = true): Buffer {
  const encoded = fields.map((f) => Buffer.from(f, unicode ? 'utf16le' : 'latin1'));
  const fixed = Buffer.alloc(18);
  fixed.writeUInt32LE(0x0409, 0);
  fixed.writeUInt32LE(unicode ? 0x10 | 0x100 : 0x100, 4);
  encoded.forEach((b, i) => fixed.writeUInt16LE(b.length, 8 + 2 * i));
  const zero = Buffer.alloc(unicode ? 2 : 1);
  const info = Buffer.concat([fixed, ...encoded.flatMap((b) => [b, zero]), extra]);
  const userData = Buffer.concat([Buffer.from([0x40, 0, 0, 0]), info]);
  const length = Buffer.alloc(2);
  length.writeUInt16BE(0x8000 | userData.length);
  const mcs = Buffer.concat([Buffer.from([0x64, 0, 6, 0x03, 0xeb, 0x70]), length, userData]);
  const tpkt = Buffer.from([3, 0, 0, 0]);
  tpkt.writeUInt16BE(7 + mcs.length, 2);
  return Buffer.concat([tpkt, Buffer.from([2, 0xf0, 0x80]), mcs]);
}

describe('RDP gateway PDUs', () => {
  it('reads the cookie and the offered protocols of a Connection Request', () => {
    const request = parseConnectionRequest(connectionRequest('alice+Windows Admin (RDP)+win-app-01'));
    expect(request).toEqual({ cookie: 'alice+Windows Admin (RDP)+win-app-01', requestedProtocols: PROTOCOL_SSL });
    expect(parseConnectionRequest(Buffer.from([3, 0, 0, 8, 2, 0xf0, 0x80, 0]))).toBeNull();
    // A routing token (loadbalanceinfo) stands where the cookie would.
    const token = Buffer.from('alice+Windows Admin (RDP)+win-app-01\r\n', 'latin1');
    const routed = Buffer.concat([
      Buffer.from([3, 0, 0, 11 + token.length, 6 + token.length, 0xe0, 0, 0, 0, 0, 0]),
      token,
    ]);
    expect(parseConnectionRequest(routed)).toEqual({
      cookie: 'alice+Windows Admin (RDP)+win-app-01',
      requestedProtocols: null,
    });
  });

  it('reads a confirm selecting TLS, and says why for a refusal', () => {
    expect(parseConnectionConfirm(connectionConfirmTls(0x03))).toEqual({ ok: true, flags: 0x03 });
    expect(parseConnectionConfirm(connectionFailure(5))).toEqual({
      ok: false,
      reason: 'it refused TLS (negotiation failure 5)',
    });
    expect(PROTOCOL_HYBRID).toBe(2);
  });

  it('splits TPKT and fast-path frames across chunks and refuses bytes that are neither', () => {
    const reader = new FrameReader(true);
    const tpkt = connectionRequest('x+y+z');
    const fastPath = Buffer.from([0x00, 0x05, 1, 2, 3]);
    const all = Buffer.concat([tpkt, fastPath]);
    expect(reader.push(all.subarray(0, 5))).toEqual([]);
    expect(reader.push(all.subarray(5))).toEqual([tpkt, fastPath]);
    expect(() => new FrameReader(false).push(Buffer.from('GET / HTTP/1.1\r\n'))).toThrow(/not an RDP frame/);
  });

  it('reads the credentials of a Client Info PDU and rewrites them, keeping the rest', () => {
    const extra = Buffer.from([9, 8, 7, 6, 5]);
    const frame = clientInfoFrame(
      ['CORP', 'alice+Windows Admin (RDP)+win-app-01', 'NPS-pass', 'cmd.exe', 'C:\\'],
      extra,
    );
    expect(readClientInfo(frame)).toEqual({
      domain: 'CORP',
      userName: 'alice+Windows Admin (RDP)+win-app-01',
      password: 'NPS-pass',
    });
    const rewritten = rewriteClientInfo(frame, 'Administrator', 'rotated-Secret');
    expect(readClientInfo(rewritten)).toEqual({ domain: '', userName: 'Administrator', password: 'rotated-Secret' });
    expect(rewritten.readUInt16BE(2)).toBe(rewritten.length);
    // Automatic logon set, the client's alternate shell gone, its extra info kept.
    const info = rewritten.subarray(rewritten.length - (18 + 2 + 28 + 30 + 2 + 2 + extra.length));
    expect(info.readUInt32LE(4) & 0x8).toBe(0x8);
    expect(rewritten.subarray(rewritten.length - extra.length)).toEqual(extra);
    expect(rewritten.toString('utf16le')).not.toContain('cmd.exe');
  });

  it('reads ANSI Client Info too, and leaves other PDUs alone', () => {
    expect(readClientInfo(clientInfoFrame(['', 'bob+A+r', 'pw', '', ''], Buffer.alloc(0), false))).toEqual({
      domain: '',
      userName: 'bob+A+r',
      password: 'pw',
    });
    expect(readClientInfo(connectionRequest('x'))).toBeNull();
    const truncated = clientInfoFrame(['', 'bob+A+r', 'pw', '', '']);
    truncated.writeUInt16LE(400, 7 + 8 + 4 + 10); // cbUserName beyond the end
    expect(readClientInfo(truncated)).toBe('malformed');
  });
});
