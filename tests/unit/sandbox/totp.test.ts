import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, totpCode, verifyTotp } from '../../../sandbox/auth/totp';

// RFC 6238 appendix B (SHA-1 seed "12345678901234567890"), last six digits of the 8-digit values.
const SECRET = base32Encode(Buffer.from('12345678901234567890'));
const VECTORS: Array<[number, string]> = [
  [59, '287082'],
  [1111111109, '081804'],
  [1111111111, '050471'],
  [1234567890, '005924'],
  [2000000000, '279037'],
  [20000000000, '353130'],
];

describe('TOTP', () => {
  it('encodes base32 as authenticator apps expect', () => {
    expect(SECRET).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(base32Decode('gezd gnbv gy3t qojq gezd gnbv gy3t qojq====').toString()).toBe('12345678901234567890');
    expect(() => base32Decode('not base32!')).toThrow();
  });

  it.each(VECTORS)('matches the RFC 6238 vector at %i s', (seconds, code) => {
    expect(totpCode(SECRET, seconds * 1000)).toBe(code);
  });

  it('accepts one step of drift either side and nothing further', () => {
    const t = 1111111111 * 1000;
    expect(verifyTotp(SECRET, totpCode(SECRET, t - 30_000), t)).toBe(true);
    expect(verifyTotp(SECRET, totpCode(SECRET, t + 30_000), t)).toBe(true);
    expect(verifyTotp(SECRET, totpCode(SECRET, t - 90_000), t)).toBe(false);
    expect(verifyTotp(SECRET, '12345', t)).toBe(false);
    expect(verifyTotp(SECRET, 'abcdef', t)).toBe(false);
  });
});
