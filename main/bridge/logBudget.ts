/**
 * Caps what a peer can make us log. Up to `maxLines` lines per window of `windowMs` are written one by
 * one; past that they are only counted, and one line saying how many were left out is written when the
 * window closes (or at `flush()`). For lines an unauthenticated peer can cause at will, such as refused
 * socket upgrades: without a cap, anyone who can reach the port could fill the disk and bury real events.
 */
export interface LogBudgetSettings {
  maxLines: number;
  windowMs: number;
}

export const DEFAULT_LOG_BUDGET: LogBudgetSettings = { maxLines: 20, windowMs: 60_000 };

export class LogBudget {
  #windowStart = -Infinity;
  #written = 0;
  #leftOut = 0;
  #timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly write: (line: string) => void,
    /** The line that stands for `count` lines left out. */
    private readonly summary: (count: number) => string,
    private readonly settings: LogBudgetSettings = DEFAULT_LOG_BUDGET,
    private readonly now: () => number = Date.now,
  ) {}

  line(text: string): void {
    const now = this.now();
    if (now - this.#windowStart >= this.settings.windowMs) {
      this.flush();
      this.#windowStart = now;
      this.#written = 0;
    }
    if (this.#written < this.settings.maxLines) {
      this.#written += 1;
      this.write(text);
      return;
    }
    this.#leftOut += 1;
    if (this.#timer === null) {
      this.#timer = setTimeout(() => this.flush(), this.#windowStart + this.settings.windowMs - now);
      // A pending summary must not keep the process alive; stop() flushes it.
      this.#timer.unref();
    }
  }

  /** Writes the summary of the lines left out so far, if any. */
  flush(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#leftOut === 0) return;
    const count = this.#leftOut;
    this.#leftOut = 0;
    this.write(this.summary(count));
  }
}
