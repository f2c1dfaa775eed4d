import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh per-run secret: 32 random bytes as hex (valid as a WebSocket subprotocol token). */
export function createBridgeToken(): string {
  return randomBytes(32).toString('hex');
}

/** Constant-time comparison; hashing first makes the lengths equal so the length is not leaked either. */
export function tokensMatch(expected: string, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(presented).digest();
  return timingSafeEqual(a, b);
}
