/**
 * Filters and search over the cached history give the same answers as the server's own queries for the
 * same criteria (an administrator's full history, synced from the sandbox over HTTPS).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHistoryCache, type CachedSession } from '../../../main/history/historyCache';
import { queryHistory, sessionType, type HistoryFilter } from '../../../main/history/historyQuery';
import { syncHistory } from '../../../main/history/historySync';
import type { NpsClient, NpsSessionApi, SummaryQuery } from '../../../main/nps/npsClient';
import type { SandboxHandle } from '../../../sandbox/index';
import { clientFor, signIn, startHistorySandbox } from './historySandbox';

let sandbox: SandboxHandle;
let client: NpsClient;
let api: NpsSessionApi;
let cached: CachedSession[];
/** Seeded history spans the last year: periods are relative to now. */
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
const MONTH = { from: daysAgo(60), to: daysAgo(30) };

beforeAll(async () => {
  sandbox = await startHistorySandbox(1500);
  client = clientFor(sandbox);
  api = client.withToken(await signIn(sandbox, client, 'adam'));
  const cache = await openHistoryCache({ folder: null, key: randomBytes(32) });
  await syncHistory({ api, cache, scope: 'all', pageSize: 1000 });
  cached = cache.all();
}, 60_000);
afterAll(async () => {
  client?.close();
  await sandbox?.stop();
});

async function serverIds(query: Omit<SummaryQuery, 'skip' | 'take'>, status = 'Historical') {
  return (await api.allSummariesByStatus('all', status, query, 1000)).map((s) => s.id).sort();
}
const cacheIds = (filter: HistoryFilter) =>
  queryHistory(cached, filter)
    .rows.map((s) => s.id)
    .sort();

describe('history queries ↔ the server’s own', () => {
  it.each([
    ['resource', { resources: ['lnx-web-01'] }, { resourceName: ['lnx-web-01'] }],
    ['two resources', { resources: ['win-db-01', 'lnx-build-01'] }, { resourceName: ['win-db-01', 'lnx-build-01'] }],
    ['text (a resource)', { text: 'lnx-db' }, { filterText: 'lnx-db' }],
    ['text (a policy, any case)', { text: 'PRODUCTION' }, { filterText: 'production' }],
    ['period (start within a month)', MONTH, { startDate: MONTH.from, endDate: MONTH.to }],
  ] as Array<[string, HistoryFilter, Omit<SummaryQuery, 'skip' | 'take'>]>)('by %s', async (_what, filter, query) => {
    const server = await serverIds(query);
    expect(server.length).toBeGreaterThan(0);
    expect(server.length).toBeLessThan(cached.length);
    expect(cacheIds(filter)).toEqual(server);
  });

  it('by user (display name), as the server’s userName', async () => {
    const alice = sandbox.users.find((u) => u.login === 'alice')!;
    const server = await serverIds({ userName: [alice.displayName] });
    expect(server.length).toBeGreaterThan(0);
    expect(cacheIds({ users: [alice.displayName.toUpperCase()] })).toEqual(server);
  });

  it.each(['Completed', 'CompletedWithErrors', 'Cancelled'])('by status %s', async (status) => {
    const server = await serverIds({}, status);
    expect(server.length).toBeGreaterThan(0);
    expect(cacheIds({ statuses: [status] })).toEqual(server);
  });

  it('by type: RDP on Windows resources, SSH on Linux ones, and combined with a period and text', async () => {
    const rdp = cacheIds({ types: ['RDP'] });
    const ssh = cacheIds({ types: ['ssh'] });
    expect(rdp.length + ssh.length).toBe(cached.length);
    expect(rdp.length).toBeGreaterThan(0);
    expect(ssh.length).toBeGreaterThan(0);
    for (const s of cached) expect(sessionType(s)).toBe(s.platformName === 'Windows' ? 'RDP' : 'SSH');
    const server = await serverIds({ filterText: 'lnx', startDate: daysAgo(120) });
    expect(server.length).toBeGreaterThan(0);
    expect(cacheIds({ text: 'lnx', from: daysAgo(120), types: ['SSH'] })).toEqual(server);
  });

  it('pages newest start first', () => {
    const first = queryHistory(cached, {}, { take: 50 });
    const second = queryHistory(cached, {}, { skip: 50, take: 50 });
    expect(first.total).toBe(cached.length);
    expect(first.rows).toHaveLength(50);
    const starts = [...first.rows, ...second.rows].map((s) => s.startDateTimeUtc!);
    expect(starts).toEqual([...starts].sort().reverse());
  });
});
