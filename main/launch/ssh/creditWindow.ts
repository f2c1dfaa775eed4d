/**
 * Credit-based flow control for a byte stream from main to a page: main counts the bytes it sent and the
 * page has not yet acknowledged (it acknowledges once its terminal has drawn them). Above `highWater`
 * unacknowledged bytes the source is paused; it resumes once acknowledgements bring the count down to
 * `lowWater`. So a flood (`yes`, `cat` of a large file) never queues more than about `highWater` bytes
 * anywhere between the SSH channel and the page, whatever the transport.
 */
export interface FlowSource {
  pause(): void;
  resume(): void;
}

export class CreditWindow {
  private unacked = 0;
  private paused = false;

  constructor(
    private readonly source: FlowSource,
    readonly highWater = 2 * 1024 * 1024,
    readonly lowWater = 1024 * 1024,
  ) {}

  /** Bytes handed to the page. */
  sent(bytes: number): void {
    this.unacked += bytes;
    if (!this.paused && this.unacked > this.highWater) {
      this.paused = true;
      this.source.pause();
    }
  }

  /** The page consumed `bytes`; acknowledgements beyond what was sent are ignored. */
  acked(bytes: number): void {
    this.unacked = Math.max(0, this.unacked - Math.max(0, bytes));
    if (this.paused && this.unacked <= this.lowWater) {
      this.paused = false;
      this.source.resume();
    }
  }

  get outstanding(): number {
    return this.unacked;
  }

  get isPaused(): boolean {
    return this.paused;
  }
}
