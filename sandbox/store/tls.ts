/**
 * The sandbox's self-signed certificate for 127.0.0.1 and localhost. Created at first start and kept
 * in the data folder, so a client that pinned its SHA-256 fingerprint keeps trusting it after restarts.
 */
import { X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generate } from 'selfsigned';

export interface TlsMaterial {
  key: string;
  cert: string;
  /** SHA-256 of the DER certificate: 32 upper-case hex pairs joined by ':'. */
  fingerprint: string;
}

const VALID_DAYS = 5 * 365;
/** Renew a stored certificate this close to its expiry rather than serve an expired one. */
const RENEW_BEFORE_MS = 7 * 24 * 3600_000;

async function create(now: number): Promise<{ key: string; cert: string }> {
  const result = await generate([{ name: 'commonName', value: 'PAM Desk sandbox' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now - 3600_000),
    notAfterDate: new Date(now + VALID_DAYS * 24 * 3600_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return { key: result.private, cert: result.cert };
}

function material(key: string, cert: string): TlsMaterial {
  return { key, cert, fingerprint: new X509Certificate(cert).fingerprint256 };
}

/** Loads the key pair from `dir` (creating it when missing or about to expire), or makes a fresh one when `dir` is null. */
export async function loadOrCreateTls(dir: string | null, now: number): Promise<TlsMaterial> {
  if (dir === null) {
    const fresh = await create(now);
    return material(fresh.key, fresh.cert);
  }
  const keyPath = path.join(dir, 'tls-key.pem');
  const certPath = path.join(dir, 'tls-cert.pem');
  if (existsSync(keyPath) && existsSync(certPath)) {
    const [key, cert] = await Promise.all([readFile(keyPath, 'utf8'), readFile(certPath, 'utf8')]);
    const expires = Date.parse(new X509Certificate(cert).validTo);
    if (expires - now > RENEW_BEFORE_MS) return material(key, cert);
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const fresh = await create(now);
  await writeFile(keyPath, fresh.key, { mode: 0o600 });
  await writeFile(certPath, fresh.cert, { mode: 0o644 });
  return material(fresh.key, fresh.cert);
}
