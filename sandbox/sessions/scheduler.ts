/**
 * One timer for many deadlines: a min-heap of (time, session id) with a single setTimeout armed for the
 * earliest. Ten thousand seeded sessions cost ten thousand heap entries, not ten thousand timers.
 * A fired entry only says "look at this session now"; the state machine decides whether anything is due,
 * so entries made stale by an extension or a state change are harmless.
 */
interface Due {
  at: number;
  sessionId: string;
}

const MAX_DELAY_MS = 2_147_000_000;

export class Scheduler {
  readonly #heap: Due[] = [];
  #timer: NodeJS.Timeout | null = null;
  #armedFor = Infinity;
  #stopped = false;

  constructor(
    private readonly now: () => number,
    private readonly fire: (sessionId: string) => void,
  ) {}

  schedule(sessionId: string, at: number): void {
    if (this.#stopped) return;
    this.#push({ at, sessionId });
    if (at < this.#armedFor) this.#arm();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#heap.length = 0;
  }

  #arm(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const next = this.#heap[0];
    this.#armedFor = next ? next.at : Infinity;
    if (!next) return;
    const delay = Math.min(Math.max(0, next.at - this.now()), MAX_DELAY_MS);
    this.#timer = setTimeout(() => this.#run(), delay);
    this.#timer.unref();
  }

  #run(): void {
    this.#timer = null;
    const now = this.now();
    while (!this.#stopped && this.#heap.length > 0 && this.#heap[0]!.at <= now) {
      const due = this.#pop()!;
      this.fire(due.sessionId);
    }
    if (!this.#stopped) this.#arm();
  }

  #push(item: Due): void {
    const heap = this.#heap;
    heap.push(item);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent]!.at <= item.at) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = item;
  }

  #pop(): Due | undefined {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        const candidate = (index: number) => (index === i ? last : heap[index]!);
        if (left < heap.length && heap[left]!.at < candidate(smallest).at) smallest = left;
        if (right < heap.length && heap[right]!.at < candidate(smallest).at) smallest = right;
        if (smallest === i) break;
        heap[i] = heap[smallest]!;
        i = smallest;
      }
      heap[i] = last;
    }
    return top;
  }
}
