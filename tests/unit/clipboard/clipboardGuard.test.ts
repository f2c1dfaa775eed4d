import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ClipboardGuard, type ClipboardEvent } from '../../../main/clipboard/clipboardGuard';
import { secretClipboardFormats } from '../../../main/clipboard/secretFormats';
import { FakeClipboard } from '../../fakes/fakeClipboard';

describe('ClipboardGuard', () => {
  let clipboard: FakeClipboard;
  let events: ClipboardEvent[];
  let guard: ClipboardGuard;

  beforeEach(() => {
    vi.useFakeTimers();
    clipboard = new FakeClipboard();
    events = [];
    guard = new ClipboardGuard(clipboard, { platform: 'linux', onEvent: (e) => events.push(e) });
  });
  afterEach(() => vi.useRealTimers());

  it('clears the clipboard when the time is up, not before', async () => {
    await guard.copySecret('Pa55!word', 'password', 20_000);
    expect(clipboard.text).toBe('Pa55!word');
    await vi.advanceTimersByTimeAsync(19_999);
    expect(clipboard.text).toBe('Pa55!word');
    await vi.advanceTimersByTimeAsync(1);
    expect(clipboard.text).toBe('');
    expect(events.map((e) => [e.kind, e.reason])).toEqual([
      ['copied', undefined],
      ['cleared', 'timeout'],
    ]);
  });

  it('leaves the clipboard alone when the user copied something else since', async () => {
    await guard.copySecret('Pa55!word', 'password', 20_000);
    clipboard.userCopies('meeting notes');
    await vi.advanceTimersByTimeAsync(20_000);
    expect(clipboard.text).toBe('meeting notes');
    expect(clipboard.clears).toBe(0);
    expect(events.at(-1)).toMatchObject({ kind: 'left', reason: 'timeout' });
  });

  it('never lets an older timer clear a newer copy', async () => {
    await guard.copySecret('first-secret', 'password', 20_000);
    await vi.advanceTimersByTimeAsync(15_000);
    await guard.copySecret('alice', 'username', 20_000);
    await vi.advanceTimersByTimeAsync(5_000); // the first copy's time is up
    expect(clipboard.text).toBe('alice');
    await vi.advanceTimersByTimeAsync(15_000);
    expect(clipboard.text).toBe('');
    expect(clipboard.clears).toBe(1);
  });

  it('the newest copy wins even when its write is still in flight as the older one clears', async () => {
    await guard.copySecret('older', 'password', 1_000);
    let release!: () => void;
    clipboard.gate = new Promise<void>((resolve) => (release = resolve));
    const newer = guard.copySecret('newer', 'password', 20_000);
    await vi.advanceTimersByTimeAsync(1_000); // the older copy's timer was cancelled by the newer copy
    release();
    await newer;
    expect(clipboard.text).toBe('newer');
    expect(clipboard.clears).toBe(0);
    await expect(guard.clearNow('signOut')).resolves.toBe(true);
    expect(clipboard.text).toBe('');
  });

  it('a clear that comes while the copy is still being written waits for it, then clears', async () => {
    let release!: () => void;
    clipboard.gate = new Promise<void>((resolve) => (release = resolve));
    const copying = guard.copySecret('late-secret', 'password', 20_000);
    const clearing = guard.clearNow('signOut');
    release();
    await copying;
    await expect(clearing).resolves.toBe(true);
    expect(clipboard.text).toBe('');
  });

  it.each(['signOut', 'quit', 'screenLocked'] as const)(
    'clears at once on %s if the value is still ours',
    async (reason) => {
      const ticket = await guard.copySecret('Pa55!word', 'password', 20_000);
      expect(guard.pending()).toEqual(ticket);
      await expect(guard.clearNow(reason)).resolves.toBe(true);
      expect(clipboard.text).toBe('');
      expect(guard.pending()).toBeNull();
      await vi.advanceTimersByTimeAsync(20_000);
      expect(clipboard.clears).toBe(1);
      await expect(guard.clearNow(reason)).resolves.toBe(false);
    },
  );

  it('does not clear on sign-out what the user copied since', async () => {
    await guard.copySecret('Pa55!word', 'password', 20_000);
    clipboard.userCopies('mine');
    await expect(guard.clearNow('signOut')).resolves.toBe(false);
    expect(clipboard.text).toBe('mine');
  });

  it('holds nothing of ours when the write fails', async () => {
    clipboard.gate = Promise.reject(new Error('clipboard busy'));
    await expect(guard.copySecret('x', 'password', 20_000)).rejects.toThrow('clipboard busy');
    expect(guard.pending()).toBeNull();
  });

  it('reports when the copy clears, for the UI countdown', async () => {
    vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
    const ticket = await guard.copySecret('x', 'password', 20_000);
    expect(ticket.clearsAt - ticket.copiedAt).toBe(20_000);
    await expect(guard.copySecret('x', 'password', 0)).rejects.toThrow(RangeError);
  });

  it('writes the hint formats of the platform it runs on', async () => {
    await guard.copySecret('Pa55!word', 'password', 20_000);
    expect(clipboard.formats).toEqual(secretClipboardFormats('linux'));
  });
});

describe('secret clipboard formats per OS', () => {
  it('marks the copy as a password manager secret on Linux', () => {
    expect(secretClipboardFormats('linux')).toEqual([
      { format: 'x-kde-passwordManagerHint', data: Buffer.from('secret') },
    ]);
  });

  it('marks the copy as concealed on macOS', () => {
    expect(secretClipboardFormats('darwin').map((f) => f.format)).toEqual(['org.nspasteboard.ConcealedType']);
  });

  it('keeps the copy out of monitors, Win+V history and cloud clipboard on Windows', () => {
    const formats = secretClipboardFormats('win32');
    expect(formats.map((f) => f.format)).toEqual([
      'ExcludeClipboardContentFromMonitorProcessing',
      'CanIncludeInClipboardHistory',
      'CanUploadToCloudClipboard',
    ]);
    expect(formats[1]?.data.readUInt32LE(0)).toBe(0);
    expect(formats[2]?.data.readUInt32LE(0)).toBe(0);
    expect(formats[1]?.data).toHaveLength(4);
  });
});
