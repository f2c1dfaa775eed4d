/**
 * The Client Info PDU (MS-RDPBCGR 2.2.1.11): the one place a TLS-secured RDP client sends its user name
 * and password. The gateway finds it among the client's MCS Send Data Requests, reads the credentials
 * and writes a copy with the login account's. Also the two PDUs a server ends a connection with: Set
 * Error Info (the reason code the client shows) and the MCS Disconnect Provider Ultimatum.
 */

const X224_DATA = Buffer.from([0x02, 0xf0, 0x80]);
const MCS_SEND_DATA_REQUEST = 25;
const MCS_SEND_DATA_INDICATION = 26;
const SEC_INFO_PKT = 0x0040;
const INFO_AUTOLOGON = 0x0008;
const INFO_UNICODE = 0x0010;
const INFO_FIXED = 18;
const IO_CHANNEL = 1003;
const SERVER_USER = 1002;

/** Set Error Info codes (MS-RDPBCGR 2.2.5.1.1) the gateway uses. */
export const ERRINFO = {
  /** "The remote session was disconnected because of an administrative tool." */
  rpcInitiatedDisconnect: 0x1,
  /** "The remote session was ended because of an administrative tool." (the session ended) */
  rpcInitiatedLogoff: 0x2,
  /** "The server denied the connection." (wrong password, throttled, bad user name) */
  serverDeniedConnection: 0x7,
  /** "The user cannot connect … due to insufficient access privileges." (no usable session) */
  insufficientPrivileges: 0x9,
} as const;

export interface ClientInfo {
  userName: string;
  password: string;
  domain: string;
}

interface Located {
  /** Offset of the TS_INFO_PACKET in the frame. */
  info: number;
  /** The MCS header fields to write back. */
  initiator: number;
  channelId: number;
  priority: number;
  securityHeader: Buffer;
}

/** Where the Client Info PDU sits in a client frame, or null when the frame is another PDU. */
function locate(frame: Buffer): Located | null {
  if (frame.length < 16 || frame[0] !== 0x03 || !frame.subarray(4, 7).equals(X224_DATA)) return null;
  if (frame[7]! >> 2 !== MCS_SEND_DATA_REQUEST) return null;
  const initiator = frame.readUInt16BE(8);
  const channelId = frame.readUInt16BE(10);
  const priority = frame[12]!;
  let at = 13;
  const first = frame[at++]!;
  if (first & 0x80) at++;
  if (at + 4 > frame.length) return null;
  const flags = frame.readUInt16LE(at);
  if ((flags & SEC_INFO_PKT) === 0) return null;
  return { info: at + 4, initiator, channelId, priority, securityHeader: frame.subarray(at, at + 4) };
}

interface Fields {
  codePage: number;
  flags: number;
  /** domain, user name, password, alternate shell, working directory. */
  strings: string[];
  extra: Buffer;
}

function readFields(info: Buffer): Fields | null {
  if (info.length < INFO_FIXED) return null;
  const flags = info.readUInt32LE(4);
  const unicode = (flags & INFO_UNICODE) !== 0;
  const terminator = unicode ? 2 : 1;
  let at = INFO_FIXED;
  const strings: string[] = [];
  for (let i = 0; i < 5; i++) {
    const length = info.readUInt16LE(8 + 2 * i);
    if (at + length + terminator > info.length || length > 512) return null;
    strings.push(info.subarray(at, at + length).toString(unicode ? 'utf16le' : 'latin1'));
    at += length + terminator;
  }
  return { codePage: info.readUInt32LE(0), flags, strings, extra: info.subarray(at) };
}

function writeFields(fields: Fields): Buffer {
  const unicode = (fields.flags & INFO_UNICODE) !== 0;
  const encoded = fields.strings.map((s) => Buffer.from(s, unicode ? 'utf16le' : 'latin1'));
  const fixed = Buffer.alloc(INFO_FIXED);
  fixed.writeUInt32LE(fields.codePage >>> 0, 0);
  fixed.writeUInt32LE(fields.flags >>> 0, 4);
  encoded.forEach((b, i) => fixed.writeUInt16LE(b.length, 8 + 2 * i));
  const zero = Buffer.alloc(unicode ? 2 : 1);
  return Buffer.concat([fixed, ...encoded.flatMap((b) => [b, zero]), fields.extra]);
}

/** The credentials of a Client Info PDU; null when `frame` is not one (or not a readable one). */
export function readClientInfo(frame: Buffer): ClientInfo | null | 'malformed' {
  const where = locate(frame);
  if (!where) return null;
  const fields = readFields(frame.subarray(where.info));
  if (!fields) return 'malformed';
  const [domain, userName, password] = fields.strings as [string, string, string];
  return { domain, userName, password };
}

function perLength(length: number): Buffer {
  const out = Buffer.alloc(2);
  out.writeUInt16BE(0x8000 | length);
  return out;
}

function tpktData(mcs: Buffer): Buffer {
  const header = Buffer.from([0x03, 0x00, 0x00, 0x00]);
  header.writeUInt16BE(4 + X224_DATA.length + mcs.length, 2);
  return Buffer.concat([header, X224_DATA, mcs]);
}

/**
 * A copy of the Client Info PDU `frame` that logs in as `userName` with `password` (no domain, no
 * alternate shell or working directory: the user gets the account's desktop, nothing the client chose),
 * with automatic logon set; everything else the client sent is kept.
 */
export function rewriteClientInfo(frame: Buffer, userName: string, password: string): Buffer {
  const where = locate(frame);
  const fields = where && readFields(frame.subarray(where.info));
  if (!where || !fields) throw new Error('not a Client Info PDU');
  const info = writeFields({
    ...fields,
    flags: fields.flags | INFO_AUTOLOGON,
    strings: ['', userName, password, '', ''],
  });
  const userData = Buffer.concat([where.securityHeader, info]);
  const head = Buffer.alloc(6);
  head[0] = MCS_SEND_DATA_REQUEST << 2;
  head.writeUInt16BE(where.initiator, 1);
  head.writeUInt16BE(where.channelId, 3);
  head[5] = where.priority;
  return tpktData(Buffer.concat([head, perLength(userData.length), userData]));
}

/** A Set Error Info PDU on the I/O channel: the code the client shows when the connection then ends. */
export function setErrorInfo(code: number): Buffer {
  const pdu = Buffer.alloc(22);
  pdu.writeUInt16LE(pdu.length, 0); // share control header: total length
  pdu.writeUInt16LE(0x17, 2); // PDUTYPE_DATAPDU, version 1
  pdu.writeUInt16LE(SERVER_USER, 4);
  pdu.writeUInt32LE(0x103ea, 6); // share id
  pdu[11] = 0x01; // STREAM_LOW
  pdu.writeUInt16LE(4, 12); // uncompressed length
  pdu[14] = 0x2f; // PDUTYPE2_SET_ERROR_INFO_PDU
  pdu.writeUInt32LE(code, 18);
  const head = Buffer.alloc(6);
  head[0] = MCS_SEND_DATA_INDICATION << 2;
  head.writeUInt16BE(SERVER_USER - 1001, 1);
  head.writeUInt16BE(IO_CHANNEL, 3);
  head[5] = 0x70;
  return tpktData(Buffer.concat([head, perLength(pdu.length), pdu]));
}

/** MCS Disconnect Provider Ultimatum (reason rn-user-requested): the server hangs up. */
export function disconnectProviderUltimatum(): Buffer {
  return tpktData(Buffer.from([0x21, 0x80]));
}
