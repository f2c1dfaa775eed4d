/**
 * Copies secrets to the clipboard and takes them away again.
 *
 * - A copy writes the text together with the platform's "this is a secret" formats.
 * - After `clearAfterMs` the clipboard is cleared, but only if it still holds our value: what the user copied
 *   since is never touched. Only a digest of the value is kept to decide that, never the value itself.
 * - A newer copy replaces the older one's timer, so an older timer never clears a newer copy.
 * - `clearNow` (sign-out, screen lock, quit) clears at once under the same "still ours" rule.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { secretClipboardFormats, type ClipboardFormat } from './secretFormats';

/** What the platform layer provides (Electron's clipboard in the app, a fake in tests and the bridge). */
export interface ClipboardAdapter {
  writeSecret(text: string, formats: ClipboardFormat[]): void;
  readText(): string;
  clear(): void;
}

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

export const systemTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

export type ClearReason = 'timeout' | 'signOut' | 'screenLocked' | 'quit' | 'user';

export interface CopyTicket {
  copyId: number;
  label: string;
  copiedAt: number;
  clearsAt: number;
}

export interface ClipboardEvent {
  kind: 'copied' | 'cleared' | 'left';
  ticket: CopyTicket;
  reason?: ClearReason;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

export class ClipboardGuard {
  private current: { ticket: CopyTicket; digest: Buffer; timer: unknown } | null = null;
  private nextId = 1;

  constructor(
    private readonly adapter: ClipboardAdapter,
    private readonly options: {
      platform: NodeJS.Platform;
      timers?: Timers;
      onEvent?: (event: ClipboardEvent) => void;
    },
  ) {}

  private get timers(): Timers {
    return this.options.timers ?? systemTimers;
  }

  copySecret(text: string, label: string, clearAfterMs: number): CopyTicket {
    if (!(clearAfterMs > 0)) throw new RangeError('clearAfterMs must be positive');
    this.cancelTimer();
    this.adapter.writeSecret(text, secretClipboardFormats(this.options.platform));
    const now = this.timers.now();
    const ticket: CopyTicket = { copyId: this.nextId++, label, copiedAt: now, clearsAt: now + clearAfterMs };
    const timer = this.timers.setTimeout(() => this.clearIfOurs(ticket.copyId, 'timeout'), clearAfterMs);
    this.current = { ticket, digest: digest(text), timer };
    this.options.onEvent?.({ kind: 'copied', ticket });
    return ticket;
  }

  /** The copy that is still pending a clear, if any (for the UI's countdown). */
  pending(): CopyTicket | null {
    return this.current?.ticket ?? null;
  }

  /** Clears now if the clipboard still holds our latest value; returns whether it did. */
  clearNow(reason: ClearReason): boolean {
    if (!this.current) return false;
    return this.clearIfOurs(this.current.ticket.copyId, reason);
  }

  private clearIfOurs(copyId: number, reason: ClearReason): boolean {
    const current = this.current;
    if (!current || current.ticket.copyId !== copyId) return false;
    this.cancelTimer();
    this.current = null;
    const held = digest(this.adapter.readText());
    if (timingSafeEqual(held, current.digest)) {
      this.adapter.clear();
      this.options.onEvent?.({ kind: 'cleared', ticket: current.ticket, reason });
      return true;
    }
    // The user copied something else since: theirs to keep.
    this.options.onEvent?.({ kind: 'left', ticket: current.ticket, reason });
    return false;
  }

  private cancelTimer(): void {
    if (this.current) this.timers.clearTimeout(this.current.timer);
  }
}
