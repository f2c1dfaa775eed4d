/**
 * The at-rest encryption of history files: AES-256-GCM with a fresh 96-bit nonce per write.
 *
 * File layout: `PAMHIST` (7 bytes) · format version (1 byte) · nonce (12) · tag (16) · ciphertext.
 * The header and the file's logical name (e.g. `sessions-2026-11`) are authenticated as associated data, so
 * a file copied or renamed over another one, or given another version byte, fails like a flipped byte does.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export const MAGIC = Buffer.from('PAMHIST', 'latin1');
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = MAGIC.length + 1;
export const KEY_BYTES = 32;

export type UnsealFailure = 'not_ours' | 'newer_format' | 'unauthentic';

export class UnsealError extends Error {
  constructor(
    readonly reason: UnsealFailure,
    message: string,
    readonly version?: number,
  ) {
    super(message);
    this.name = 'UnsealError';
  }
}

function header(version: number): Buffer {
  return Buffer.concat([MAGIC, Buffer.from([version])]);
}

export function seal(key: Buffer, name: string, version: number, plaintext: Buffer): Buffer {
  if (key.length !== KEY_BYTES) throw new TypeError('history key must be 32 bytes');
  const nonce = randomBytes(NONCE_BYTES);
  const head = header(version);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.concat([head, Buffer.from(name, 'utf8')]));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([head, nonce, cipher.getAuthTag(), body]);
}

/** The format version a sealed file says it has, or null when it is not one of ours. Needs no key. */
export function sealedVersion(bytes: Buffer): number | null {
  if (bytes.length < HEADER_BYTES + NONCE_BYTES + TAG_BYTES) return null;
  if (!bytes.subarray(0, MAGIC.length).equals(MAGIC)) return null;
  return bytes[MAGIC.length]!;
}

/** Rejects with `UnsealError`: not ours, written by a newer format than `maxVersion`, or not authentic. */
export function unseal(key: Buffer, name: string, maxVersion: number, bytes: Buffer): Buffer {
  const version = sealedVersion(bytes);
  if (version === null) throw new UnsealError('not_ours', `${name} is not a PAM Desk history file`);
  if (version > maxVersion) {
    throw new UnsealError('newer_format', `${name} was written by a newer PAM Desk (format ${version})`, version);
  }
  const nonce = bytes.subarray(HEADER_BYTES, HEADER_BYTES + NONCE_BYTES);
  const tag = bytes.subarray(HEADER_BYTES + NONCE_BYTES, HEADER_BYTES + NONCE_BYTES + TAG_BYTES);
  const body = bytes.subarray(HEADER_BYTES + NONCE_BYTES + TAG_BYTES);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce);
    decipher.setAAD(Buffer.concat([bytes.subarray(0, HEADER_BYTES), Buffer.from(name, 'utf8')]));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    throw new UnsealError('unauthentic', `${name} cannot be decrypted (damaged, edited, or another key)`);
  }
}
