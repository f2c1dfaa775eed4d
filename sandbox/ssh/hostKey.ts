/**
 * SSH host keys of the sandbox (the proxy's, the built-in target's): Ed25519, created at first start and
 * kept in the data folder so that a client which pinned the fingerprint keeps trusting it after restarts.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import ssh2 from 'ssh2';

// ssh2 is CommonJS: its exports arrive as the default export under ESM.
const { utils } = ssh2;

export interface HostKey {
  /** OpenSSH private key text, as ssh2's Server takes it. */
  privateKey: string;
  /** `ssh-ed25519 AAAA…`, one line as in known_hosts. */
  publicKey: string;
  /** SHA-256 of the public key blob as OpenSSH prints it: `SHA256:` and unpadded base64. */
  fingerprint: string;
}

/** The fingerprint OpenSSH prints (`ssh-keygen -lf`) for a public key blob. */
export function sshFingerprint(publicKeyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(publicKeyBlob).digest('base64').replace(/=+$/, '')}`;
}

function material(privateKey: string): HostKey {
  const parsed = utils.parseKey(privateKey);
  if (parsed instanceof Error) throw new Error(`the SSH host key is not readable: ${parsed.message}`);
  const blob = parsed.getPublicSSH();
  return {
    privateKey,
    publicKey: `${parsed.type} ${blob.toString('base64')}`,
    fingerprint: sshFingerprint(blob),
  };
}

/**
 * A new Ed25519 key that ssh2 can read back. ssh2's generator writes a key its own parser calls "Malformed"
 * about 3 times in 1,000 (measured: 19 of 6,000), which failed a sandbox start now and then; so a key is
 * checked before it is used or kept, and made again when it does not read.
 */
export function generateHostKey(comment = 'PAM Desk sandbox'): string {
  for (let attempt = 0; ; attempt += 1) {
    const key = utils.generateKeyPairSync('ed25519', { comment }).private;
    if (!(utils.parseKey(key) instanceof Error) || attempt >= 20) return key;
  }
}

/** Loads `dir/fileName` or creates it; with `dir` null, a fresh key for this run only. */
export async function loadOrCreateHostKey(dir: string | null, fileName: string): Promise<HostKey> {
  if (dir !== null) {
    const file = path.join(dir, fileName);
    if (existsSync(file)) return material(await readFile(file, 'utf8'));
    const fresh = generateHostKey();
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeFile(file, fresh, { mode: 0o600 });
    return material(fresh);
  }
  return material(generateHostKey());
}
