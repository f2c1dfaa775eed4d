/**
 * What makes sign-in's second step good once. RFC 6238 §5.2: a verifier must not accept the same
 * one-time password twice after a successful validation, so the last accepted time step is kept per
 * user and only later steps pass; and the pre-MFA token that a completed /signin2fa used is spent, so
 * a captured (token, code) pair cannot be played again.
 */
import { TOTP_STEP_MS, totpStep } from './totp';

export class MfaReplayGuard {
  /** User id → the last time step whose code was accepted. Bounded by the number of users. */
  readonly #lastStep = new Map<string, number>();
  /** Spent pre-MFA token ids → when the token expires anyway (then it is forgotten). */
  readonly #spentTokens = new Map<string, number>();

  constructor(private readonly now: () => number) {}

  /** False when a code of `step` (or of an earlier step) was already accepted for `userId`. */
  isFresh(userId: string, step: number): boolean {
    return step > (this.#lastStep.get(userId) ?? -Infinity);
  }

  isSpent(tokenId: string): boolean {
    return this.#spentTokens.has(tokenId);
  }

  /** Records a completed sign-in: the step for the user, and the pre-MFA token as spent until `tokenExpiresMs`. */
  accept(userId: string, step: number, tokenId: string, tokenExpiresMs: number): void {
    this.#lastStep.set(userId, Math.max(step, this.#lastStep.get(userId) ?? step));
    const now = this.now();
    for (const [id, expires] of this.#spentTokens) if (expires <= now) this.#spentTokens.delete(id);
    this.#spentTokens.set(tokenId, tokenExpiresMs);
  }

  /** Records a code of `step` accepted for `userId` elsewhere than sign-in (the SSH proxy's prompt). */
  acceptStep(userId: string, step: number): void {
    this.#lastStep.set(userId, Math.max(step, this.#lastStep.get(userId) ?? step));
  }

  /**
   * The time (ms) whose code would be accepted now for `userId`: the current step's, or, when that one
   * was used, the next step's (accepted as clock drift); null when both were used. For the sandbox's
   * "current code" helpers, so a demo or test signing in twice in one step gets a code that works.
   */
  acceptableCodeTime(userId: string): number | null {
    const now = this.now();
    const step = totpStep(now);
    if (this.isFresh(userId, step)) return now;
    if (this.isFresh(userId, step + 1)) return now + TOTP_STEP_MS;
    return null;
  }
}
