/**
 * RFC 6238 time-based one-time passwords (HMAC-SHA1, 6 digits, 30-second steps) and the RFC 4648
 * base32 encoding that authenticator apps use for their secrets.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const TOTP_STEP_MS = 30_000;
const DIGITS = 6;

export function base32Encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32_ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** Decodes base32 (case-insensitive, padding and spaces ignored); throws on any other character. */
export function base32Decode(text: string): Buffer {
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of clean) {
    const index = BASE32_ALPHABET.indexOf(char);
    if (index < 0) throw new Error('invalid base32 character');
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export function newTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

function hotp(key: Buffer, counter: number): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const digest = createHmac('sha1', key).update(message).digest();
  const offset = digest[digest.length - 1]! & 0x0f;
  const binary = digest.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** DIGITS).padStart(DIGITS, '0');
}

/** The 6-digit code for `secretBase32` at `timeMs` (milliseconds since the epoch). */
export function totpCode(secretBase32: string, timeMs: number): string {
  return hotp(base32Decode(secretBase32), Math.floor(timeMs / TOTP_STEP_MS));
}

/** The 30-second time step that `timeMs` falls in. */
export const totpStep = (timeMs: number) => Math.floor(timeMs / TOTP_STEP_MS);

/**
 * The step whose code `code` is, among the step at `timeMs` and one step either side (clock drift), or
 * null when it is none of them. Knowing the step lets a verifier refuse a code it already accepted.
 */
export function matchTotpStep(secretBase32: string, code: string, timeMs: number): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const key = base32Decode(secretBase32);
  const step = totpStep(timeMs);
  let matched: number | null = null;
  for (const drift of [-1, 0, 1]) {
    // Compare every candidate so timing does not reveal which step matched.
    if (timingSafeEqual(Buffer.from(hotp(key, step + drift)), Buffer.from(code))) matched ??= step + drift;
  }
  return matched;
}

/** True when `code` matches the step at `timeMs` or one step either side (clock drift). */
export function verifyTotp(secretBase32: string, code: string, timeMs: number): boolean {
  return matchTotpStep(secretBase32, code, timeMs) !== null;
}
