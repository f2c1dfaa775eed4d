import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FeedStatus, SessionDelta } from '../../../contract';
import { createAuthService } from '../../../main/auth/authService';
import { createSessionFeed } from '../../../main/sessions/sessionFeed';
import { createSessionService } from '../../../main/sessions/sessionService';
import { FakeNps, fakeSummary } from '../../fakes/fakeNpsClient';
import { MemoryLogger } from '../../fakes/memoryLogger';

const ID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

async function setup() {
  vi.useFakeTimers();
  const nps = new FakeNps();
  const log = new MemoryLogger();
  const auth = createAuthService({
    createClient: nps.factory,
    trustStore: { pinFor: () => null },
    log,
  });
  await auth.signIn('https://nps.example', 'adam', 'adam-pw');
  await auth.verifyMfa('654321');
  const deltas: SessionDelta[] = [];
  const statuses: FeedStatus[] = [];
  const feed = createSessionFeed({
    call: (fn) => auth.call(fn),
    emitDelta: (d) => deltas.push(d),
    emitStatus: (s) => statuses.push(s),
    intervalMs: () => 10_000,
    offlineBaseMs: 1_000,
    offlineMaxMs: 8_000,
    log,
  });
  const actions = createSessionService({ call: (fn) => auth.call(fn), afterChange: () => void feed.refresh(), log });
  const apiCalls = () => nps.calls.filter((c) => c.startsWith('summaries')).length;
  return { nps, auth, feed, actions, deltas, statuses, apiCalls };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('session feed', () => {
  it('reports each successful poll with its time, also when nothing changed, and after a refresh', async () => {
    const { nps, feed, deltas, statuses } = await setup();
    nps.put(fakeSummary(ID(1)));
    await feed.watch('all');
    const watchedAt = statuses.at(-1)!.lastSuccessAt!;

    await vi.advanceTimersByTimeAsync(10_000);
    expect(deltas).toHaveLength(0);
    expect(statuses.at(-1)).toMatchObject({ state: 'live' });
    expect(Date.parse(statuses.at(-1)!.lastSuccessAt!)).toBeGreaterThan(Date.parse(watchedAt));

    const polledAt = statuses.at(-1)!.lastSuccessAt!;
    await vi.advanceTimersByTimeAsync(1_000);
    await feed.refresh();
    expect(Date.parse(statuses.at(-1)!.lastSuccessAt!)).toBeGreaterThan(Date.parse(polledAt));
  });

  it('returns a snapshot, then emits only what changed on each poll', async () => {
    const { nps, feed, deltas, statuses } = await setup();
    nps.put(fakeSummary(ID(1)));
    nps.put(fakeSummary(ID(2)));
    const snapshot = await feed.watch('all');
    expect(snapshot.rows.map((r) => r.id)).toEqual([ID(1), ID(2)]);
    expect(statuses.at(-1)?.state).toBe('live');

    await vi.advanceTimersByTimeAsync(10_000);
    expect(deltas).toHaveLength(0); // nothing changed

    nps.put(fakeSummary(ID(2), { status: 'Active' }));
    nps.sessions.delete(ID(1));
    nps.put(fakeSummary(ID(3)));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(deltas).toHaveLength(1);
    expect(deltas[0]!.upserted.map((r) => [r.id, r.status])).toEqual([
      [ID(2), 'loggedIn'],
      [ID(3), 'available'],
    ]);
    expect(deltas[0]!.removed).toEqual([ID(1)]);
    feed.unwatch();
  });

  it('shows a long list from its first page at once and brings the rest right after as a delta', async () => {
    const { nps, feed, deltas } = await setup();
    for (let n = 1; n <= 1_500; n += 1) nps.put(fakeSummary(ID(n)));
    const snapshot = await feed.watch('all');
    expect(snapshot.rows).toHaveLength(1_000);
    expect(deltas).toHaveLength(0);

    await vi.advanceTimersByTimeAsync(0); // the first poll does not wait for the interval
    expect(deltas).toHaveLength(1);
    expect(deltas[0]!.upserted).toHaveLength(500);
    expect(new Set([...snapshot.rows, ...deltas[0]!.upserted].map((r) => r.id)).size).toBe(1_500);
    expect(deltas[0]!.removed).toEqual([]);

    await vi.advanceTimersByTimeAsync(9_999);
    expect(deltas).toHaveLength(1); // then the normal interval
    feed.unwatch();
  });

  it('goes offline with backoff and recovers on the first good poll', async () => {
    const { nps, feed, statuses, apiCalls } = await setup();
    nps.put(fakeSummary(ID(1)));
    await feed.watch('mine');
    nps.failNext('unreachable', 3);
    await vi.advanceTimersByTimeAsync(10_000); // fails (1)
    expect(statuses.at(-1)).toMatchObject({
      state: 'offline',
      message: "Can't reach the server — retrying",
      code: 'unreachable',
    });
    const before = apiCalls();
    await vi.advanceTimersByTimeAsync(1_000); // retry after 1 s → fails (2)
    await vi.advanceTimersByTimeAsync(1_999);
    expect(apiCalls()).toBe(before + 1); // the next retry waits 2 s
    await vi.advanceTimersByTimeAsync(1); // fails (3)
    await vi.advanceTimersByTimeAsync(4_000); // succeeds
    expect(statuses.at(-1)).toMatchObject({ state: 'live', code: null });
    expect(statuses.filter((s) => s.state === 'offline')).toHaveLength(1); // reported once, not per retry
    feed.unwatch();
  });

  it('pauses while hidden and polls at once when visible again', async () => {
    const { nps, feed, deltas, apiCalls } = await setup();
    await feed.watch('mine');
    feed.setVisible(false);
    const calls = apiCalls();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(apiCalls()).toBe(calls);
    nps.put(fakeSummary(ID(9)));
    feed.setVisible(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(apiCalls()).toBe(calls + 1);
    expect(deltas.at(-1)?.upserted.map((r) => r.id)).toEqual([ID(9)]);
    feed.unwatch();
  });

  it('stops polling when the token expired, with an error status', async () => {
    const { nps, feed, auth, statuses, apiCalls } = await setup();
    await feed.watch('mine');
    nps.expireTokens();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(auth.state()).toMatchObject({ status: 'reauthRequired', step: 'password' });
    expect(statuses.at(-1)).toMatchObject({ state: 'error', code: 'unauthorized' });
    const calls = apiCalls();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(apiCalls()).toBe(calls);
  });

  it('a failing first fetch rejects watch and does not poll', async () => {
    const { nps, feed, apiCalls } = await setup();
    nps.failNext('forbidden');
    await expect(feed.watch('all')).rejects.toMatchObject({ code: 'forbidden' });
    const calls = apiCalls();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(apiCalls()).toBe(calls);
  });
});

describe('session actions', () => {
  it('end reports per id, and a poll runs right after', async () => {
    const { nps, feed, actions, deltas } = await setup();
    nps.put(fakeSummary(ID(1)));
    await feed.watch('all');
    const { results } = await actions.end([ID(1), ID(404)]);
    expect(results).toEqual([
      { id: ID(1), ok: true, message: '' },
      { id: ID(404), ok: false, message: 'Not found on the server.' },
    ]);
    await vi.advanceTimersByTimeAsync(0);
    expect(deltas.at(-1)?.upserted).toMatchObject([{ id: ID(1), status: 'canceling' }]);
    feed.unwatch();
  });

  it('lock and unlock one request per id; logs are mapped', async () => {
    const { nps, actions } = await setup();
    nps.put(fakeSummary(ID(1)));
    nps.put(fakeSummary(ID(2)));
    expect((await actions.lock([ID(1), ID(2)], true, 'audit')).results.every((r) => r.ok)).toBe(true);
    expect(nps.calls.filter((c) => c === 'lockSessions')).toHaveLength(2);
    expect(nps.sessions.get(ID(2))?.locked).toBe(true);
    await actions.lock([ID(2)], false, '');
    expect(nps.sessions.get(ID(2))?.locked).toBe(false);
    await expect(actions.logs(ID(1))).resolves.toEqual({
      id: ID(1),
      lines: [{ lineNumber: 1, timestamp: '2026-01-01T10:00:00.000Z', status: 'Info', message: 'Session started' }],
    });
  });
});
