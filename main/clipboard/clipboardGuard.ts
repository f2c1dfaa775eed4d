/**
 * Copies secrets to the clipboard and takes them away again.
 *
 * - A copy writes the text together with the platform's "this is a secret" formats, in one write.
 * - After `clearAfterMs` the clipboard is cleared, but only if it still holds our value: what the user copied
 *   since is never touched. Only a digest of the value is kept to decide that, never the value itself.
 * - A newer copy replaces the older one's timer, so an older timer never clears a newer copy (also while the
 *   asynchronous clipboard calls of both are in flight).
 * - `clearNow` (sign-out, screen lock, quit) clears at once under the same "still ours" rule.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { secretClipboardFormats, type ClipboardFormat } from './secretFormats';

/**
 * What the platform layer provides: Electron's clipboard in the app (asynchronous since Electron 44), an
 * in-memory clipboard in the bridge, a fake in tests.
 */
export interface ClipboardAdapter {
  /** Writes the text and the extra formats in one write, replacing whatever the clipboard held. */
  writeSecret(text: string, formats: ClipboardFormat[]): Promise<void>;
  readText(): Promise<string>;
  clear(): void | Promise<void>;
}

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

export const systemTimers: Timers = {
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    // A pending clear must not keep a test or a quitting process alive; quit clears explicitly.
    handle.unref?.();
    return handle;
  },
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
  private current: { ticket: CopyTicket; digest: Buffer; timer: unknown; written: Promise<void> } | null = null;
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

  /** Resolves once the clipboard holds `text`; rejects (and holds nothing of ours) if the write failed. */
  async copySecret(text: string, label: string, clearAfterMs: number): Promise<CopyTicket> {
    if (!(clearAfterMs > 0)) throw new RangeError('clearAfterMs must be positive');
    this.cancelTimer();
    const now = this.timers.now();
    const ticket: CopyTicket = { copyId: this.nextId++, label, copiedAt: now, clearsAt: now + clearAfterMs };
    // Claimed before the write: from here on no older copy may clear, and a newer one supersedes this one.
    const written = this.adapter.writeSecret(text, secretClipboardFormats(this.options.platform));
    const entry = { ticket, digest: digest(text), timer: null as unknown, written };
    this.current = entry;
    try {
      await written;
    } catch (error) {
      if (this.current === entry) this.current = null;
      throw error;
    }
    if (this.current === entry) {
      entry.timer = this.timers.setTimeout(() => void this.clearIfOurs(ticket.copyId, 'timeout'), clearAfterMs);
    }
    this.options.onEvent?.({ kind: 'copied', ticket });
    return ticket;
  }

  /** The copy that is still pending a clear, if any (for the UI's countdown). */
  pending(): CopyTicket | null {
    return this.current?.ticket ?? null;
  }

  /** Clears now if the clipboard still holds our latest value; resolves whether it did. */
  async clearNow(reason: ClearReason): Promise<boolean> {
    if (!this.current) return false;
    return this.clearIfOurs(this.current.ticket.copyId, reason);
  }

  private async clearIfOurs(copyId: number, reason: ClearReason): Promise<boolean> {
    const current = this.current;
    if (!current || current.ticket.copyId !== copyId) return false;
    this.cancelTimer();
    this.current = null;
    // A clear that comes while our write is still in flight (sign-out right after a copy) waits for it:
    // otherwise the write would land after the clear.
    await current.written.catch(() => undefined);
    let held: string;
    try {
      held = await this.adapter.readText();
    } catch {
      held = '';
    }
    // A copy that started while we were reading owns the clipboard now.
    if (this.current === null && timingSafeEqual(digest(held), current.digest)) {
      await this.adapter.clear();
      this.options.onEvent?.({ kind: 'cleared', ticket: current.ticket, reason });
      return true;
    }
    // The user copied something else since: theirs to keep.
    this.options.onEvent?.({ kind: 'left', ticket: current.ticket, reason });
    return false;
  }

  private cancelTimer(): void {
    if (this.current?.timer != null) this.timers.clearTimeout(this.current.timer);
  }
}
