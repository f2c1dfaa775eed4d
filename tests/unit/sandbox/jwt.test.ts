import { createHmac, randomBytes } from 'node:crypto';
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
  it('round-trips claims until exp', async () => {
    const token = await signToken(claims, key);
    expect(await verifyToken(token, key, now)).toEqual({ ok: true, claims });
    expect(await verifyToken(token, key, now + 60_000)).toEqual({ ok: false, reason: 'expired' });
  });

  it('rejects another key, edited claims, other algorithms and junk', async () => {
    const token = await signToken(claims, key);
    expect(await verifyToken(token, randomBytes(32), now)).toMatchObject({ ok: false, reason: 'signature' });
    const [header, , signature] = token.split('.');
    const edited = Buffer.from(JSON.stringify({ ...claims, role: ['admin'] })).toString('base64url');
    expect(await verifyToken(`${header}.${edited}.${signature}`, key, now)).toMatchObject({
      ok: false,
      reason: 'signature',
    });
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    expect(await verifyToken(`${none}.${edited}.${signature}`, key, now)).toMatchObject({
      ok: false,
      reason: 'malformed',
    });
    expect(await verifyToken('a.b', key, now)).toMatchObject({ ok: false, reason: 'malformed' });
    expect(await verifyToken('', key, now)).toMatchObject({ ok: false });
  });
});

describe('sandbox JWT with hostile tokens', () => {
  const sign = (header: object, payload: object, signingKey = key) => {
    const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
    return `${input}.${createHmac('sha256', signingKey).update(input).digest('base64url')}`;
  };

  it('is expired once now reaches exp, to the millisecond', async () => {
    const token = await signToken(claims, key);
    expect(await verifyToken(token, key, claims.exp * 1000 - 1)).toMatchObject({ ok: true });
    expect(await verifyToken(token, key, claims.exp * 1000)).toEqual({ ok: false, reason: 'expired' });
  });

  it.each<[string, object, object]>([
    ['another algorithm (HS512 header)', { alg: 'HS512', typ: 'JWT' }, claims],
    ['no exp', { alg: 'HS256', typ: 'JWT' }, { ...claims, exp: undefined }],
    ['a string exp', { alg: 'HS256', typ: 'JWT' }, { ...claims, exp: String(claims.exp) }],
    ['an unknown role', { alg: 'HS256', typ: 'JWT' }, { ...claims, role: ['root'] }],
    ['mfa as a string', { alg: 'HS256', typ: 'JWT' }, { ...claims, mfa: 'true' }],
    ['no sub', { alg: 'HS256', typ: 'JWT' }, { ...claims, sub: undefined }],
    ['another typ', { alg: 'HS256', typ: 'at+jwt' }, claims],
  ])('refuses a correctly signed token with %s', async (_what, header, payload) => {
    expect(await verifyToken(sign(header, payload), key, now)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('accepts a token it did not make only when the key and every claim are right', async () => {
    expect(await verifyToken(sign({ alg: 'HS256', typ: 'JWT' }, claims), key, now)).toEqual({ ok: true, claims });
    expect(await verifyToken(sign({ alg: 'HS256', typ: 'JWT' }, claims, randomBytes(32)), key, now)).toEqual({
      ok: false,
      reason: 'signature',
    });
  });
});
