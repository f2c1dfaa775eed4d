/**
 * Minimal HS256 JSON Web Tokens: the sandbox signs its own bearer tokens with a per-process random key,
 * so tokens die with the server (a restart signs everyone out, as a real server's key rotation would).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

import type { SandboxRole } from '../directory/types';

export interface TokenClaims {
  sub: string;
  unique_name: string;
  name: string;
  role: SandboxRole[];
  mfa: boolean;
  iat: number;
  exp: number;
  /** Token id; pre-MFA tokens carry one so that a completed /signin2fa can spend them. */
  jti?: string;
}

const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

function base64url(text: string | Buffer): string {
  return Buffer.from(text).toString('base64url');
}

function signature(key: Buffer, signingInput: string): Buffer {
  return createHmac('sha256', key).update(signingInput).digest();
}

export function signToken(claims: TokenClaims, key: Buffer): string {
  const signingInput = `${HEADER}.${base64url(JSON.stringify(claims))}`;
  return `${signingInput}.${signature(key, signingInput).toString('base64url')}`;
}

export type VerifyResult =
  { ok: true; claims: TokenClaims } | { ok: false; reason: 'malformed' | 'signature' | 'expired' };

/** Checks shape, algorithm, signature and expiry (`exp` in seconds, compared with `nowMs`). */
export function verifyToken(token: string, key: Buffer, nowMs: number): VerifyResult {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]+$/.test(part)))
    return { ok: false, reason: 'malformed' };
  const [header, payload, sig] = parts as [string, string, string];
  if (header !== HEADER) return { ok: false, reason: 'malformed' };
  const expected = signature(key, `${header}.${payload}`);
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature' };
  let claims: TokenClaims;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TokenClaims;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= nowMs) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}
