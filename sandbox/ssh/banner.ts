/**
 * Sends an SSH user-authentication banner (RFC 4252 §5.4) at any point before authentication succeeds:
 * the way the proxy tells a person why a login is refused, since OpenSSH prints banners and ssh2's
 * Client emits them as 'banner'. ssh2's Server can only send one fixed banner before the first attempt,
 * so this writes the packet through the connection's protocol object (ssh2 1.x internals, checked first;
 * when they are missing, the refusal still happens, only without the words).
 */
import type { Connection } from 'ssh2';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const USERAUTH_BANNER = 53;

interface PacketWriter {
  allocStart: number;
  alloc(length: number): Buffer;
  finalize(packet: Buffer): Buffer;
}

interface ProtocolInternals {
  _packetRW?: { write?: PacketWriter };
}

let sendPacket: ((proto: unknown, packet: Buffer) => void) | null | undefined;

function packetSender(): typeof sendPacket {
  if (sendPacket === undefined) {
    try {
      const utils = require('ssh2/lib/protocol/utils.js') as { sendPacket?: (proto: unknown, packet: Buffer) => void };
      sendPacket = typeof utils.sendPacket === 'function' ? utils.sendPacket : null;
    } catch {
      sendPacket = null;
    }
  }
  return sendPacket;
}

/** Returns whether the banner was sent. Control characters other than CR/LF/TAB are removed first. */
export function sendBanner(client: Connection, text: string): boolean {
  const proto = (client as unknown as { _protocol?: ProtocolInternals })._protocol;
  const writer = proto?._packetRW?.write;
  const send = packetSender();
  if (!proto || !writer || !send) return false;
  const message = `${text.replace(/[^\P{Cc}\r\n\t]/gu, '').replace(/\r?\n/g, '\r\n')}\r\n`;
  const length = Buffer.byteLength(message);
  let p = writer.allocStart;
  const packet = writer.alloc(1 + 4 + length + 4);
  packet[p] = USERAUTH_BANNER;
  packet.writeUInt32BE(length, ++p);
  packet.write(message, (p += 4), length, 'utf8');
  packet.writeUInt32BE(0, p + length); // empty language tag
  send(proto, writer.finalize(packet));
  return true;
}
