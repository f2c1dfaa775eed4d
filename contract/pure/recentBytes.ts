/**
 * Bytes counted over the current and the previous window of `windowMs`: how fast a stream runs right now
 * (a flood is seen as soon as it has passed that much, its end within two windows). Main meters what it sends
 * to a terminal, the page what xterm has parsed (pure: see contract/pure/).
 */
export class RecentBytes {
  private windowStart: number;
  private current = 0;
  private previous = 0;

  constructor(
    private readonly windowMs = 100,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.windowStart = now();
  }

  add(bytes: number): void {
    this.roll();
    this.current += bytes;
  }

  total(): number {
    this.roll();
    return this.current + this.previous;
  }

  private roll(): void {
    const windows = Math.floor((this.now() - this.windowStart) / this.windowMs);
    if (windows <= 0) return;
    this.previous = windows === 1 ? this.current : 0;
    this.current = 0;
    this.windowStart += windows * this.windowMs;
  }
}
