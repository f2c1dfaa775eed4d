import { Secret } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { matchTotpStep, newTotpSecret, totpCode, totpStep, verifyTotp } from '../../../sandbox/auth/totp';

// RFC 6238 appendix B (SHA-1 seed "12345678901234567890"), last six digits of the 8-digit values.
const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const VECTORS: Array<[number, string]> = [
  [59, '287082'],
  [1111111109, '081804'],
  [1111111111, '050471'],
  [1234567890, '005924'],
  [2000000000, '279037'],
  [20000000000, '353130'],
];

describe('TOTP', () => {
  it('makes 160-bit base32 secrets as authenticator apps expect, a new one each time', () => {
    expect(Buffer.from(Secret.fromBase32(SECRET).bytes).toString()).toBe('12345678901234567890');
    const secrets = new Set(Array.from({ length: 50 }, () => newTotpSecret()));
    expect(secrets.size).toBe(50);
    for (const secret of secrets) {
      // The data file's schema accepts exactly this alphabet (sandbox/directory/types.ts).
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      expect(Secret.fromBase32(secret).bytes).toHaveLength(20);
    }
  });

  it.each(VECTORS)('matches the RFC 6238 vector at %i s', (seconds, code) => {
    expect(totpCode(SECRET, seconds * 1000)).toBe(code);
  });

  it('accepts one step of drift either side and nothing further', () => {
    const t = 1111111111 * 1000;
    expect(verifyTotp(SECRET, totpCode(SECRET, t - 30_000), t)).toBe(true);
    expect(verifyTotp(SECRET, totpCode(SECRET, t + 30_000), t)).toBe(true);
    expect(verifyTotp(SECRET, totpCode(SECRET, t - 90_000), t)).toBe(false);
    expect(verifyTotp(SECRET, totpCode(SECRET, t + 60_000), t)).toBe(false);
    expect(verifyTotp(SECRET, '12345', t)).toBe(false);
    expect(verifyTotp(SECRET, '1234567', t)).toBe(false);
    expect(verifyTotp(SECRET, 'abcdef', t)).toBe(false);
    expect(verifyTotp(SECRET, '０５０４７１', t)).toBe(false);
  });

  it('says which step a code belongs to, so a used one can be refused', () => {
    const t = 1111111111 * 1000;
    const step = totpStep(t);
    expect(step).toBe(Math.floor(t / 30_000));
    expect(matchTotpStep(SECRET, totpCode(SECRET, t - 30_000), t)).toBe(step - 1);
    expect(matchTotpStep(SECRET, totpCode(SECRET, t), t)).toBe(step);
    expect(matchTotpStep(SECRET, totpCode(SECRET, t + 30_000), t)).toBe(step + 1);
    // The last millisecond of a step and the first of the next.
    expect(totpStep(step * 30_000 + 29_999)).toBe(step);
    expect(totpStep((step + 1) * 30_000)).toBe(step + 1);
  });
});
