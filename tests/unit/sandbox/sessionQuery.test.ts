/** The list index follows state changes: status filters and status words in the filter text. */
import { afterEach, describe, expect, it } from 'vitest';
import { defaultDirectory } from '../../../sandbox/directory/defaultDirectory';
import { DEFAULT_TIMINGS } from '../../../sandbox/options';
import { SessionEngine } from '../../../sandbox/sessions/engine';
import { type SummaryQuery, orderKeys, runQuery } from '../../../sandbox/sessions/query';
import { seedBulkSessions, seedDemoSessions } from '../../../sandbox/sessions/seed';

const keys = orderKeys({
  userName: () => '',
  createdByName: () => '',
  resourceName: () => '',
  activityName: () => '',
  policyName: () => '',
  accountName: () => '',
  now: Date.now,
});
const base: Omit<SummaryQuery, 'status' | 'filterText'> = {
  skip: 0,
  take: 100,
  orderBy: null,
  orderDescending: true,
  startMs: null,
  endMs: null,
  resourceNames: [],
  userNames: [],
};

describe('session list index', () => {
  let engine: SessionEngine | null = null;
  afterEach(() => engine?.stop());

  it('re-indexes a session when its state changes', () => {
    engine = new SessionEngine({
      directory: defaultDirectory(),
      timings: { ...DEFAULT_TIMINGS, provisioningMs: 60_000 },
      now: Date.now,
      changed: () => undefined,
    });
    const alice = engine.usersByLogin.get('alice')!;
    const [rec] = engine.create(alice, [
      {
        managedAccountId: alice.id,
        activityId: engine.directory.activities[0]!.id,
        managedResourceId: null,
        managedResourceName: 'win-app-01',
        accessPolicyId: null,
        startMs: null,
        endMs: null,
        note: 'Quarterly Patch',
        ticket: null,
      },
    ]);
    const find = (query: Partial<SummaryQuery>) =>
      runQuery(
        engine!.store.entries(),
        engine!.store.descriptors,
        { ...base, status: { kind: 'any' }, filterText: '', ...query },
        keys,
      ).page.map((r) => r.id);
    expect(find({ status: { kind: 'pending' } })).toEqual([rec!.id]);
    expect(find({ filterText: 'quarterly patch' })).toEqual([rec!.id]);
    expect(find({ filterText: rec!.id.slice(0, 8) })).toEqual([rec!.id]);
    expect(find({ filterText: 'win-app-01' })).toEqual([rec!.id]);
    expect(find({ filterText: 'cancelled' })).toEqual([]);

    engine.end(rec!, alice);
    expect(find({ status: { kind: 'pending' } })).toEqual([]);
    expect(find({ status: { kind: 'historical' } })).toEqual([rec!.id]);
    expect(find({ status: { kind: 'summary', status: 'Cancelled' } })).toEqual([rec!.id]);
    expect(find({ filterText: 'cancelled' })).toEqual([rec!.id]);
    expect(find({ status: { kind: 'active', endedAfter: Date.now() - 1000 } })).toEqual([rec!.id]);
    expect(find({ status: { kind: 'active', endedAfter: Date.now() + 1000 } })).toEqual([]);
  });

  it('picks a page ordered by another field exactly as a full sort would, ties in creation order', () => {
    const e = (engine = new SessionEngine({
      directory: defaultDirectory(),
      timings: DEFAULT_TIMINGS,
      now: Date.now,
      changed: () => undefined,
    }));
    seedBulkSessions(e, 200, 3000);
    const byName = orderKeys({
      userName: () => '',
      createdByName: () => '',
      resourceName: (r) => e.resources.get(r.resourceId)!.name,
      activityName: () => '',
      policyName: () => '',
      accountName: () => '',
      now: Date.now,
    });
    for (const [orderBy, orderDescending] of [
      ['managedresourcename', false],
      ['managedresourcename', true],
      ['status', true],
      ['startdatetimeutc', false],
    ] as const) {
      const query: SummaryQuery = {
        ...base,
        status: { kind: 'any' },
        filterText: 'bulk',
        orderBy,
        orderDescending,
        skip: 40,
        take: 120,
      };
      const paged = runQuery(e.store.entries(), e.store.descriptors, query, byName);
      const full = runQuery(e.store.entries(), e.store.descriptors, query, byName, true);
      expect(paged.total).toBe(full.total);
      expect(paged.page.map((r) => r.id)).toEqual(full.all!.slice(40, 160).map((r) => r.id));
    }
  });

  it("writes a seeded session's log down before it changes, so no step appears twice", async () => {
    const e = (engine = new SessionEngine({
      directory: defaultDirectory(),
      timings: { ...DEFAULT_TIMINGS, provisioningMs: 20 },
      now: Date.now,
      changed: () => undefined,
    }));
    seedDemoSessions(e);
    e.restoreTimers();
    const provisioning = e.store.records().find((r) => r.state === 'provisioning')!;
    expect(provisioning.log).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(provisioning.state).toBe('active');
    const messages = e.logOf(provisioning).map((l) => l.m);
    expect(messages.filter((m) => m.startsWith('Session available'))).toHaveLength(1);
    expect(messages.filter((m) => m.startsWith('Provisioning:'))).toHaveLength(1);
  });
});
