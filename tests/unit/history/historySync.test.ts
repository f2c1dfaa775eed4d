/**
 * The sync against scripted servers the sandbox does not imitate: pages capped below what was asked,
 * no `recordsTotal`, `orderBy` ignored, end times in the future (a clock ahead), and nulls.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openHistoryCache } from '../../../main/history/historyCache';
import { syncHistory } from '../../../main/history/historySync';
import type { NpsSessionApi, SummaryQuery } from '../../../main/nps/npsClient';
import type { NpsSessionPage, NpsSessionSummary } from '../../../main/nps/npsSchemas';
import { session } from './historyCacheFixtures';

const NOW = Date.parse('2026-11-30T12:00:00.000Z');
const ago = (minutes: number) => new Date(NOW - minutes * 60_000).toISOString();

interface Script {
  cap?: number;
  omitTotal?: boolean;
  ignoreOrder?: boolean;
}

/** A historical list the way a server pages it; `rows` can change between syncs. */
function server(rows: NpsSessionSummary[], script: Script = {}) {
  const asked: SummaryQuery[] = [];
  const api = {
    async summariesByStatus(_scope: string, status: string, query: SummaryQuery = {}): Promise<NpsSessionPage> {
      expect(status).toBe('Historical');
      asked.push(query);
      const ordered = script.ignoreOrder
        ? rows
        : [...rows].sort((a, b) => (b.actualEndDateTimeUtc ?? '').localeCompare(a.actualEndDateTimeUtc ?? ''));
      const skip = query.skip ?? 0;
      const take = Math.min(query.take ?? 100, script.cap ?? Infinity);
      return { data: ordered.slice(skip, skip + take), recordsTotal: script.omitTotal ? null : rows.length };
    },
  } as unknown as NpsSessionApi;
  return { api, asked };
}

function ended(minutesAgo: number): NpsSessionSummary {
  return session('2026-11', { actualEndDateTimeUtc: ago(minutesAgo) });
}

const memoryCache = () => openHistoryCache({ folder: null, key: randomBytes(32) });

describe('history sync, scripted servers', () => {
  it.each([
    ['pages capped at 7 rows', { cap: 7 }],
    ['no recordsTotal', { omitTotal: true }],
    ['capped pages and no recordsTotal', { cap: 7, omitTotal: true }],
  ] as Array<[string, Script]>)('brings every row once with %s', async (_what, script) => {
    const rows = Array.from({ length: 95 }, (_, i) => ended(100 + i));
    const { api } = server(rows, script);
    const cache = await memoryCache();
    const result = await syncHistory({ api, cache, scope: 'mine', pageSize: 20, now: () => NOW });
    expect(cache.size()).toBe(95);
    expect(result.added).toBe(95);
    expect(cache.state().checkpoint).toBeNull();
  });

  it('incremental: only rows that ended after the watermark less the overlap', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => ended(600 + i * 10));
    const { api, asked } = server(rows);
    const cache = await memoryCache();
    await syncHistory({ api, cache, scope: 'mine', pageSize: 50, now: () => NOW });
    expect(cache.state().watermark).toBe(ago(600));
    rows.push(ended(30), ended(20));
    asked.length = 0;
    const result = await syncHistory({ api, cache, scope: 'mine', overlapMs: 5 * 60_000, now: () => NOW });
    expect(result).toMatchObject({ phase: 'incremental', added: 2, updated: 0 });
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ skip: 0, orderBy: 'actualEndDateTimeUtc', orderDescending: true });
    expect(cache.state().watermark).toBe(ago(20));
  });

  it('does not believe an end time in the future: it would hide sessions still to end', async () => {
    const rows = [ended(100), session('2026-11', { actualEndDateTimeUtc: ago(-24 * 60) })];
    const { api } = server(rows);
    const cache = await memoryCache();
    await syncHistory({ api, cache, scope: 'mine', now: () => NOW });
    expect(cache.size()).toBe(2);
    expect(cache.state().watermark).toBe(ago(100));
    rows.push(ended(10));
    const result = await syncHistory({ api, cache, scope: 'mine', now: () => NOW });
    expect(result.added).toBe(1);
  });

  it('a server that ignores orderBy still ends in a complete cache (the count check forces a full pass)', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => ended(500 + i));
    const { api } = server(rows, { ignoreOrder: true });
    const cache = await memoryCache();
    await syncHistory({ api, cache, scope: 'mine', pageSize: 10, now: () => NOW });
    // New rows land at the end of an unordered list, behind older ones.
    rows.push(ended(5), ended(4), ended(3));
    await syncHistory({ api, cache, scope: 'mine', pageSize: 10, now: () => NOW });
    expect(cache.size()).toBe(33);
  });

  it('keeps rows without an end time, and stops on an empty page', async () => {
    const rows = [ended(50), session('2026-10', { actualEndDateTimeUtc: null, endDateTimeUtc: null })];
    const { api } = server(rows, { omitTotal: true });
    const cache = await memoryCache();
    await syncHistory({ api, cache, scope: 'mine', now: () => NOW });
    expect(cache.size()).toBe(2);
  });

  it('an aborted sync leaves a checkpoint, and the next one resumes from it', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => ended(100 + i));
    const { api, asked } = server(rows);
    const cache = await memoryCache();
    const abort = new AbortController();
    await expect(
      syncHistory({
        api,
        cache,
        scope: 'mine',
        pageSize: 10,
        now: () => NOW,
        signal: abort.signal,
        onProgress: (p) => p.fetched >= 20 && abort.abort(),
      }),
    ).rejects.toThrow();
    expect(cache.state().checkpoint).toMatchObject({ skip: 20 });
    asked.length = 0;
    const result = await syncHistory({ api, cache, scope: 'mine', pageSize: 10, now: () => NOW });
    expect(result.resumed).toBe(true);
    expect(asked[0]!.skip).toBe(20);
    expect(cache.size()).toBe(40);
  });
});
