/**
 * RFC 6238 time-based one-time passwords (HMAC-SHA1, 6 digits, 30-second steps), as authenticator apps
 * make them, with otpauth; secrets are RFC 4648 base32 of 20 random bytes.
 */
import { Secret, TOTP } from 'otpauth';

export const TOTP_STEP_MS = 30_000;
const SETTINGS = { algorithm: 'SHA1', digits: 6, period: TOTP_STEP_MS / 1000 } as const;

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The 6-digit code for `secretBase32` at `timeMs` (milliseconds since the epoch). */
export function totpCode(secretBase32: string, timeMs: number): string {
  return TOTP.generate({ ...SETTINGS, secret: Secret.fromBase32(secretBase32), timestamp: timeMs });
}

/** The 30-second time step that `timeMs` falls in. */
export const totpStep = (timeMs: number) => TOTP.counter({ period: SETTINGS.period, timestamp: timeMs });

/**
 * The step whose code `code` is, among the step at `timeMs` and one step either side (clock drift), or
 * null when it is none of them. Knowing the step lets a verifier refuse a code it already accepted.
 */
export function matchTotpStep(secretBase32: string, code: string, timeMs: number): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = TOTP.validate({
    ...SETTINGS,
    token: code,
    secret: Secret.fromBase32(secretBase32),
    timestamp: timeMs,
    window: 1,
  });
  return delta === null ? null : totpStep(timeMs) + delta;
}

/** True when `code` matches the step at `timeMs` or one step either side (clock drift). */
export function verifyTotp(secretBase32: string, code: string, timeMs: number): boolean {
  return matchTotpStep(secretBase32, code, timeMs) !== null;
}
