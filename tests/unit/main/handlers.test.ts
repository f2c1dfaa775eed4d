import { describe, expect, it } from 'vitest';
import type { AuthState, ClipboardStatus, Preferences } from '../../../contract';
import { createClipboardStatusEvents } from '../../../main/credentials/handlers';
import { createFeedPacing, HIDDEN_POLL_MS } from '../../../main/sessions/handlers';
import { mergePreferences } from '../../../main/settings/handlers';

describe('merging a preferences patch', () => {
  const saved: Preferences = {
    pollIntervalSeconds: 10,
    views: { dashboard: { columns: [{ field: 'host', visible: true }] } },
    notifications: { decided: false },
  };

  it('keeps what the patch leaves out and leaves unset optional fields absent', () => {
    expect(mergePreferences(saved, {})).toEqual(saved);
    expect(mergePreferences(saved, {})).not.toHaveProperty('theme');
    expect(mergePreferences(saved, {})).not.toHaveProperty('clipboardClearSeconds');
  });

  it('sets a view by its key and merges notification choices one by one', () => {
    const pref = { columns: [{ field: 'user', visible: false, width: 120 }] };
    const next = mergePreferences(saved, {
      pollIntervalSeconds: 30,
      theme: 'dark',
      view: { key: 'history', pref },
      notifications: { locked: false },
    });
    expect(next.pollIntervalSeconds).toBe(30);
    expect(next.theme).toBe('dark');
    expect(Object.keys(next.views).sort()).toEqual(['dashboard', 'history']);
    expect(next.notifications).toEqual({ decided: false, locked: false });
    expect(next.views['history']).toEqual(pref);
  });
});

describe('clipboard status events', () => {
  it('tells the copy, then its clearing, once, and ignores copies it was not told about', () => {
    const seen: ClipboardStatus[] = [];
    const events = createClipboardStatusEvents((status) => seen.push(status));
    const ticket = (copyId: number) => ({ copyId, label: 'x', copiedAt: 0, clearsAt: 20_000 });
    events.copied(1, 's1', 'password', Date.UTC(2026, 0, 1));
    events.guardEvent({ kind: 'copied', ticket: ticket(1) });
    events.guardEvent({ kind: 'cleared', ticket: ticket(1), reason: 'timeout' });
    events.guardEvent({ kind: 'cleared', ticket: ticket(1), reason: 'timeout' });
    events.guardEvent({ kind: 'left', ticket: ticket(7) });
    expect(seen).toEqual([
      { state: 'copied', sessionId: 's1', what: 'password', clearsAt: '2026-01-01T00:00:00.000Z', reason: null },
      { state: 'cleared', sessionId: 's1', what: 'password', clearsAt: '2026-01-01T00:00:00.000Z', reason: 'timeout' },
    ]);
  });

  it('a new copy replaces the one before: the older copy is no longer reported', () => {
    const seen: ClipboardStatus[] = [];
    const events = createClipboardStatusEvents((status) => seen.push(status));
    events.copied(1, 's1', 'password', 0);
    events.copied(2, 's2', 'username', 0);
    events.guardEvent({ kind: 'left', ticket: { copyId: 1, label: 'x', copiedAt: 0, clearsAt: 0 } });
    expect(seen.map((s) => s.state)).toEqual(['copied', 'copied']);
  });
});

describe('feed pacing', () => {
  it('polls a hidden window at the gentler pace only, and never a visible one', async () => {
    let now = 1_000_000;
    const calls: string[] = [];
    const pacing = createFeedPacing({
      feed: {
        setVisible: (v) => void calls.push(`visible:${v}`),
        refresh: async () => void calls.push('refresh'),
        unwatch: () => void calls.push('unwatch'),
      },
      intervalMs: () => 10_000,
      now: () => now,
    });
    await pacing.backgroundRefresh();
    expect(calls).toEqual([]);
    pacing.setVisible(false);
    now += HIDDEN_POLL_MS - 1;
    await pacing.backgroundRefresh();
    expect(calls).toEqual(['visible:false']);
    now += 1;
    await pacing.backgroundRefresh();
    await pacing.backgroundRefresh();
    expect(calls).toEqual(['visible:false', 'refresh']);
    pacing.setVisible(true);
    now += 10 * HIDDEN_POLL_MS;
    await pacing.backgroundRefresh();
    expect(calls).toEqual(['visible:false', 'refresh', 'visible:true']);
  });

  it('a poll interval longer than 30 s sets the hidden pace', async () => {
    let now = 0;
    let refreshed = 0;
    const pacing = createFeedPacing({
      feed: { setVisible: () => undefined, refresh: async () => void (refreshed += 1), unwatch: () => undefined },
      intervalMs: () => 60_000,
      now: () => now,
    });
    pacing.setVisible(false);
    now += 59_999;
    await pacing.backgroundRefresh();
    now += 1;
    await pacing.backgroundRefresh();
    expect(refreshed).toBe(1);
  });

  it('stops on sign-out and a new sign-in, and after signing in again in place refreshes at once', () => {
    const calls: string[] = [];
    const pacing = createFeedPacing({
      feed: {
        setVisible: () => undefined,
        refresh: async () => void calls.push('refresh'),
        unwatch: () => void calls.push('unwatch'),
      },
      intervalMs: () => 10_000,
    });
    const user = { login: 'alice', displayName: 'Alice', roles: [], isAdmin: false };
    const signedIn: AuthState = { status: 'signedIn', serverUrl: 'https://nps.example', user, sandbox: false };
    pacing.authChanged({ status: 'mfaRequired', serverUrl: 'https://nps.example', login: 'alice', sandbox: false });
    pacing.authChanged(signedIn);
    expect(calls).toEqual(['unwatch']);
    pacing.authChanged({ ...signedIn, status: 'reauthRequired', login: 'alice', step: 'password' });
    expect(calls).toEqual(['unwatch']);
    pacing.authChanged(signedIn);
    expect(calls).toEqual(['unwatch', 'refresh']);
    pacing.authChanged({ status: 'signedOut', reason: 'signedOut' });
    expect(calls).toEqual(['unwatch', 'refresh', 'unwatch']);
  });
});
