/**
 * The first exchange of an RDP connection (MS-RDPBCGR 2.2.1.1–2.2.1.2): TPKT framing, the client's X.224
 * Connection Request with its cookie and RDP_NEG_REQ, and the Connection Confirm carrying RDP_NEG_RSP
 * or RDP_NEG_FAILURE. The gateway speaks the TLS security layer only (PROTOCOL_SSL).
 */

export const PROTOCOL_RDP = 0;
export const PROTOCOL_SSL = 0x1;
export const PROTOCOL_HYBRID = 0x2;

/** RDP_NEG_FAILURE codes. */
export const SSL_REQUIRED_BY_SERVER = 0x1;
/**
 * Sent when the gateway cannot reach the session's server before TLS (no connection string, no RDP
 * server, target down or showing another certificate): a client that is merely disconnected retries.
 */
export const SSL_CERT_NOT_ON_SERVER = 0x3;

const TPKT_HEADER = 4;
const CR_FIXED = 7;
const TYPE_NEG_REQ = 0x01;
const TYPE_NEG_RSP = 0x02;
const TYPE_NEG_FAILURE = 0x03;

export interface ConnectionRequest {
  /**
   * The `Cookie: mstshash=` value, or the routing token's text (the .rdp file's `loadbalanceinfo`, sent whole
   * where the cookie would be cut to nine characters by Microsoft's clients); null when the client sent neither.
   */
  cookie: string | null;
  /** Null when the client sent no RDP_NEG_REQ (it wants standard RDP security). */
  requestedProtocols: number | null;
}

/**
 * Length of the first frame in `buffer` (a TPKT, or a fast-path PDU when `fastPath` allows it), 0 when
 * more bytes are needed, -1 when the bytes are no RDP frame at all.
 */
export function frameLength(buffer: Buffer, fastPath: boolean): number {
  if (buffer.length < 2) return 0;
  if (buffer[0] === 0x03) {
    if (buffer.length < TPKT_HEADER) return 0;
    const length = buffer.readUInt16BE(2);
    return length < TPKT_HEADER + 3 ? -1 : length;
  }
  if (!fastPath || (buffer[0]! & 0x03) !== 0) return -1;
  const first = buffer[1]!;
  if ((first & 0x80) === 0) return first < 2 ? -1 : first;
  if (buffer.length < 3) return 0;
  const length = ((first & 0x7f) << 8) | buffer[2]!;
  return length < 3 ? -1 : length;
}

/** Splits complete frames off a byte stream; `push` returns them, `rest` what is left of a partial one. */
export class FrameReader {
  #pending: Buffer = Buffer.alloc(0);

  constructor(
    private readonly fastPath: boolean,
    private readonly maxFrame = 0x8000,
  ) {}

  /** Complete frames so far; throws on bytes that are not RDP. */
  push(chunk: Buffer): Buffer[] {
    this.#pending = this.#pending.length ? Buffer.concat([this.#pending, chunk]) : chunk;
    const frames: Buffer[] = [];
    for (;;) {
      const length = frameLength(this.#pending, this.fastPath);
      if (length < 0 || length > this.maxFrame) throw new Error('not an RDP frame');
      if (length === 0 || this.#pending.length < length) return frames;
      frames.push(this.#pending.subarray(0, length));
      this.#pending = this.#pending.subarray(length);
    }
  }

  /** Bytes received after the last complete frame. */
  rest(): Buffer {
    return this.#pending;
  }
}

/** Parses a TPKT holding an X.224 Connection Request; null when it is none. */
export function parseConnectionRequest(frame: Buffer): ConnectionRequest | null {
  if (frame.length < TPKT_HEADER + CR_FIXED || frame[0] !== 0x03) return null;
  const li = frame[TPKT_HEADER]!;
  if ((frame[TPKT_HEADER + 1]! & 0xf0) !== 0xe0 || TPKT_HEADER + 1 + li !== frame.length) return null;
  let rest = frame.subarray(TPKT_HEADER + CR_FIXED);
  let cookie: string | null = null;
  const end = rest.indexOf('\r\n');
  if (rest.length > 0 && rest[0] !== TYPE_NEG_REQ && end >= 0) {
    const line = rest.subarray(0, end).toString('latin1');
    cookie = line.startsWith('Cookie: mstshash=') ? line.slice('Cookie: mstshash='.length) : line;
    rest = rest.subarray(end + 2);
  }
  let requestedProtocols: number | null = null;
  if (rest.length >= 8 && rest[0] === TYPE_NEG_REQ && rest.readUInt16LE(2) === 8)
    requestedProtocols = rest.readUInt32LE(4);
  return { cookie, requestedProtocols };
}

function tpkt(payload: Buffer): Buffer {
  const header = Buffer.from([0x03, 0x00, 0x00, 0x00]);
  header.writeUInt16BE(TPKT_HEADER + payload.length, 2);
  return Buffer.concat([header, payload]);
}

function negotiation(type: number, flags: number, value: number): Buffer {
  const neg = Buffer.alloc(8);
  neg[0] = type;
  neg[1] = flags;
  neg.writeUInt16LE(8, 2);
  neg.writeUInt32LE(value >>> 0, 4);
  return neg;
}

function tpdu(code: number, variable: Buffer): Buffer {
  // LI, code, DST-REF, SRC-REF, class 0.
  const fixed = Buffer.from([CR_FIXED - 1 + variable.length, code, 0, 0, 0, 0, 0]);
  return tpkt(Buffer.concat([fixed, variable]));
}

/** The gateway's own Connection Request to a target: a cookie naming the account, TLS only. */
export function connectionRequest(cookie: string): Buffer {
  const line = Buffer.from(`Cookie: mstshash=${cookie.replace(/[\r\n]/g, '')}\r\n`, 'latin1');
  return tpdu(0xe0, Buffer.concat([line, negotiation(TYPE_NEG_REQ, 0, PROTOCOL_SSL)]));
}

/** A Connection Confirm selecting TLS, with the target's RDP_NEG_RSP flags handed on. */
export function connectionConfirmTls(flags: number): Buffer {
  return tpdu(0xd0, negotiation(TYPE_NEG_RSP, flags, PROTOCOL_SSL));
}

/** A Connection Confirm refusing the connection with an RDP_NEG_FAILURE code. */
export function connectionFailure(code: number): Buffer {
  return tpdu(0xd0, negotiation(TYPE_NEG_FAILURE, 0, code));
}

export type ConfirmAnswer = { ok: true; flags: number } | { ok: false; reason: string };

/** Reads a target's Connection Confirm: TLS selected (with its flags), or why not. */
export function parseConnectionConfirm(frame: Buffer): ConfirmAnswer {
  if (frame.length < TPKT_HEADER + CR_FIXED || (frame[TPKT_HEADER + 1]! & 0xf0) !== 0xd0)
    return { ok: false, reason: 'it did not answer with an X.224 Connection Confirm' };
  const neg = frame.subarray(TPKT_HEADER + CR_FIXED);
  if (neg.length < 8) return { ok: false, reason: 'it offers only standard RDP security, not TLS' };
  if (neg[0] === TYPE_NEG_FAILURE)
    return { ok: false, reason: `it refused TLS (negotiation failure ${neg.readUInt32LE(4)})` };
  if (neg[0] !== TYPE_NEG_RSP || neg.readUInt32LE(4) !== PROTOCOL_SSL)
    return { ok: false, reason: `it selected protocol ${neg.readUInt32LE(4)} instead of TLS` };
  return { ok: true, flags: neg[1]! };
}
