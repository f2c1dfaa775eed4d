/**
 * Throttling of guesses (sign-in, MFA codes, login-account password checks): after `maxFailures` failed
 * attempts for one key within `windowMs`, the key is refused for `lockoutMs`. Keys are logins (and the
 * caller's address, with a looser limit), so guessing one user's secret is slowed down without locking
 * out everyone on the machine.
 */
import { HttpProblem } from '../http/problem';

export interface ThrottleSettings {
  maxFailures: number;
  windowMs: number;
  lockoutMs: number;
}

interface Entry {
  failures: number[];
  blockedUntil: number;
}

/** Bounded so that a flood of made-up logins cannot grow memory without limit. */
const MAX_KEYS = 10_000;

export class Throttle {
  readonly #entries = new Map<string, Entry>();

  constructor(
    private readonly settings: ThrottleSettings,
    private readonly now: () => number,
  ) {}

  /** Milliseconds until `key` may try again, or 0 when it may try now. */
  retryAfterMs(key: string): number {
    const entry = this.#entries.get(key);
    if (!entry) return 0;
    return Math.max(0, entry.blockedUntil - this.now());
  }

  /** `tolerance` multiplies the limit (shared keys such as an address get more room). */
  recordFailure(key: string, tolerance = 1): void {
    const limit = this.settings.maxFailures * tolerance;
    const now = this.now();
    let entry = this.#entries.get(key);
    if (!entry) {
      if (this.#entries.size >= MAX_KEYS) this.#evictOldest();
      entry = { failures: [], blockedUntil: 0 };
      this.#entries.set(key, entry);
    }
    entry.failures = entry.failures.filter((at) => now - at < this.settings.windowMs);
    entry.failures.push(now);
    if (entry.failures.length >= limit) {
      entry.blockedUntil = now + this.settings.lockoutMs;
      entry.failures = [];
    }
  }

  recordSuccess(key: string): void {
    this.#entries.delete(key);
  }

  #evictOldest(): void {
    const first = this.#entries.keys().next();
    if (!first.done) this.#entries.delete(first.value);
  }
}

/** The caller's address may fail this many times more than one login before it is throttled too. */
export const ADDRESS_FACTOR = 4;

/** Throws 429 with Retry-After while any of `keys` is blocked. */
export function refuseIfThrottled(throttle: Throttle, keys: string[]): void {
  const wait = Math.max(...keys.map((key) => throttle.retryAfterMs(key)));
  if (wait > 0) {
    const seconds = Math.ceil(wait / 1000);
    throw new HttpProblem(429, `Too many failed attempts. Try again in ${seconds} seconds.`, {
      headers: { 'Retry-After': String(seconds) },
    });
  }
}
