/**
 * Opening a history progressively (newest months first, the rest in the background): pages answered before
 * the whole cache is loaded are the same as once it is, a query that needs the rest waits for it, a
 * partition set aside during the load is still reported, and a commit waits for the load.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openHistoryCache, type CachedSession, type HistoryCache } from '../../../main/history/historyCache';
import type { HistoryFilter, HistoryPageRequest } from '../../../main/history/historyQuery';
import { createHistoryReader, type HistoryAnswer } from '../../../main/history/historyReader';
import { partitionFile, removeTempFolders, session, tempFolder, testKey } from './historyCacheFixtures';

const open: HistoryCache[] = [];
afterEach(async () => {
  for (const cache of open.splice(0)) await cache.close();
});
afterAll(removeTempFolders);

const MONTHS = Array.from(
  { length: 24 },
  (_, i) => `20${24 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`,
);
const USERS = ['Alice Auditor', 'Bob Builder', 'Carol Admin'];

/** 24 months of 30 sessions (three users, starts spread over the month), plus hostile starts. */
function history(): CachedSession[] {
  const sessions: CachedSession[] = [];
  MONTHS.forEach((month, m) => {
    for (let i = 0; i < 30; i++) {
      const start = `${month}-${String(1 + (i % 28)).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:00:00.000Z`;
      sessions.push(
        session(month, {
          userDisplayName: USERS[(i + m) % USERS.length]!,
          startDateTimeUtc: start,
          actualStartDateTimeUtc: start,
        }),
      );
    }
  });
  // Starts that are not months: the `undated` partition; 'zz…' sorts before every date, newest first.
  sessions.push(session('2024-05', { startDateTimeUtc: 'zz-not-a-date', userDisplayName: 'Mallory' }));
  sessions.push(session('2024-05', { startDateTimeUtc: '2024-1', userDisplayName: 'Mallory' }));
  // Newer than '2024-1' (loaded first, with the undated), older than the newest month: the page that holds
  // both must wait for this month.
  sessions.push(session('2025-06', { userDisplayName: 'Mallory' }));
  // No scheduled start: partitioned by the actual start, sorted last.
  sessions.push(session('2024-03', { startDateTimeUtc: null, userDisplayName: 'Mallory' }));
  return sessions;
}

async function built(sessions: CachedSession[], key: Buffer): Promise<string> {
  const folder = tempFolder('reader');
  const cache = await openHistoryCache({ folder, key });
  await cache.commit(sessions);
  await cache.close();
  return folder;
}

async function openProgressive(folder: string, key: Buffer) {
  const cache = await openHistoryCache({ folder, key, progressive: true });
  open.push(cache);
  return cache;
}

const ids = (answer: HistoryAnswer) => answer.rows.map((s) => s.id);

describe('progressive open', () => {
  it('answers the first page from the newest month, exactly as the whole cache does, total still counting', async () => {
    const key = testKey();
    const sessions = history();
    const folder = await built(sessions, key);
    const cache = await openProgressive(folder, key);
    expect(cache.loadedSince()).not.toBe('');
    const reader = createHistoryReader(cache);
    const first = await reader.query({}, { take: 20 });
    // Answered before the older months were in: only the undated partition and the newest month were.
    expect(first.counting).toBe(true);
    expect(cache.loadedSince()).toBe(MONTHS.at(-1));
    expect(cache.size()).toBeLessThan(sessions.length);
    expect(first.rows[0]!.startDateTimeUtc).toBe('zz-not-a-date');

    await cache.loaded;
    expect(cache.loadedSince()).toBe('');
    const whole = await reader.query({}, { take: 20 });
    expect(whole.counting).toBe(false);
    expect(whole.total).toBe(sessions.length);
    expect(ids(first)).toEqual(ids(whole));
    // The session with no scheduled start comes last, as in the whole cache's order.
    const last = await reader.query({}, { skip: sessions.length - 1, take: 1 });
    expect(last.rows[0]!.startDateTimeUtc).toBeNull();
  });

  it('gives every query asked during the load the same rows as once loaded; only complete answers lose counting', async () => {
    const key = testKey();
    const sessions = history();
    const folder = await built(sessions, key);
    const cache = await openProgressive(folder, key);
    const reader = createHistoryReader(cache);
    const asks: Array<[HistoryFilter, HistoryPageRequest]> = [
      [{}, { take: 10 }],
      [{}, { skip: 25, take: 10 }], // crosses into the second newest month
      [{}, { skip: 700, take: 50 }], // the oldest months, and the undated and start-less sessions
      [{ users: ['Bob Builder'] }, { take: 15 }],
      [{ users: ['Mallory'] }, { take: 5 }], // fewer matches than the page: needs every month
      [{ users: ['Mallory'] }, { take: 2 }], // two loaded at once (undated), but one of 2025-06 comes between
      [{ from: `${MONTHS.at(-2)!}-01T00:00:00.000Z` }, { take: 100 }], // a period within loaded months
      [{ text: 'bob' }, { take: 5, orderBy: 'user' }],
      [{}, { take: 10, descending: false }],
    ];
    const during = await Promise.all(asks.map(([filter, page]) => reader.query(filter, page)));
    await cache.loaded;
    const after = await Promise.all(asks.map(([filter, page]) => reader.query(filter, page)));
    for (let i = 0; i < asks.length; i++) {
      expect(ids(during[i]!), JSON.stringify(asks[i])).toEqual(ids(after[i]!));
      expect(after[i]!.counting).toBe(false);
      if (!during[i]!.counting) expect(during[i]!.total, JSON.stringify(asks[i])).toBe(after[i]!.total);
      else expect(during[i]!.total).toBeLessThanOrEqual(after[i]!.total);
    }
    expect(during[0]!.counting).toBe(true);
    expect(during[4]!.counting).toBe(false); // Mallory: waited for the whole cache
    expect(during[4]!.total).toBe(4);
    expect(during[5]!.rows.map((s) => s.startDateTimeUtc)).toEqual(['zz-not-a-date', '2025-06-15T10:00:00.000Z']);
    expect(during[7]!.counting).toBe(false); // another order waits for the whole cache
    expect(during[8]!.counting).toBe(false);
  });

  it('still sets aside and reports a damaged partition found during the load, and forgets the watermark', async () => {
    const key = testKey();
    const sessions = history();
    const folder = await built(sessions, key);
    const state = { syncedAt: '2025-12-31T00:00:00.000Z', watermark: '2025-12-31T00:00:00.000Z', checkpoint: null };
    const writer = await openHistoryCache({ folder, key });
    await writer.commit([], state);
    await writer.close();
    // A flipped byte in an old month, and in the newest one.
    for (const month of [MONTHS[3]!, MONTHS.at(-1)!]) {
      const file = partitionFile(folder, month);
      const bytes = fs.readFileSync(file);
      bytes[bytes.length - 5]! ^= 0x40;
      fs.writeFileSync(file, bytes);
    }
    const cache = await openProgressive(folder, key);
    const reader = createHistoryReader(cache);
    const first = await reader.query({}, { take: 20 });
    // The newest month was set aside: the first page comes from the one before, still exact.
    expect(first.rows.every((s) => !s.startDateTimeUtc?.startsWith(MONTHS.at(-1)!))).toBe(true);
    await cache.loaded;
    expect(cache.quarantined.map((q) => q.name).sort()).toEqual([`sessions-${MONTHS[3]}`, `sessions-${MONTHS.at(-1)}`]);
    expect(fs.readdirSync(path.join(folder, 'quarantine'))).toHaveLength(2);
    expect(cache.size()).toBe(sessions.length - 60);
    expect(cache.state()).toMatchObject({ watermark: null, syncedAt: null });
    expect(ids(first)).toEqual(ids(await reader.query({}, { take: 20 })));
  });

  it('makes a commit asked during the load wait for it: an old session is updated, not duplicated', async () => {
    const key = testKey();
    const sessions = history();
    const folder = await built(sessions, key);
    const cache = await openProgressive(folder, key);
    const oldest = sessions[0]!;
    const committed = cache.commit([{ ...oldest, note: 'reviewed' }, session(MONTHS.at(-1)!)]);
    expect(cache.loadedSince()).not.toBe('');
    await expect(committed).resolves.toEqual({ added: 1, updated: 1 });
    expect(cache.size()).toBe(sessions.length + 1);
    expect(cache.get(oldest.id)?.note).toBe('reviewed');
    await cache.close();
    open.splice(0);
    const reopened = await openHistoryCache({ folder, key });
    open.push(reopened);
    expect(reopened.size()).toBe(sessions.length + 1);
    expect(reopened.quarantined).toEqual([]);
  });

  it('stops loading when closed, and an empty folder is loaded at once', async () => {
    const key = testKey();
    const folder = await built(history(), key);
    const cache = await openHistoryCache({ folder, key, progressive: true });
    await cache.close();
    expect(cache.size()).toBeLessThan(history().length);
    const empty = await openProgressive(tempFolder('reader-empty'), key);
    expect(empty.loadedSince()).toBe('');
    await expect(createHistoryReader(empty).query({}, { take: 10 })).resolves.toEqual({
      rows: [],
      total: 0,
      counting: false,
    });
  });
});
