import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type TokenClaims, signToken, verifyToken } from '../../../sandbox/auth/jwt';

const key = randomBytes(32);
const now = 1_800_000_000_000;
const claims: TokenClaims = {
  sub: 'u1',
  unique_name: 'alice',
  name: 'Alice',
  role: ['user'],
  mfa: true,
  iat: now / 1000,
  exp: now / 1000 + 60,
};

describe('sandbox JWT', () => {
  it('round-trips claims until exp', () => {
    const token = signToken(claims, key);
    expect(verifyToken(token, key, now)).toEqual({ ok: true, claims });
    expect(verifyToken(token, key, now + 60_000)).toEqual({ ok: false, reason: 'expired' });
  });

  it('rejects another key, edited claims, other algorithms and junk', () => {
    const token = signToken(claims, key);
    expect(verifyToken(token, randomBytes(32), now)).toMatchObject({ ok: false, reason: 'signature' });
    const [header, , signature] = token.split('.');
    const edited = Buffer.from(JSON.stringify({ ...claims, role: ['admin'] })).toString('base64url');
    expect(verifyToken(`${header}.${edited}.${signature}`, key, now)).toMatchObject({ ok: false, reason: 'signature' });
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    expect(verifyToken(`${none}.${edited}.${signature}`, key, now)).toMatchObject({ ok: false, reason: 'malformed' });
    expect(verifyToken('a.b', key, now)).toMatchObject({ ok: false, reason: 'malformed' });
    expect(verifyToken('', key, now)).toMatchObject({ ok: false });
  });
});
