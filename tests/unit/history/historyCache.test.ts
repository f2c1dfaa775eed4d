/**
 * The encrypted, hash-chained history cache on disk: what survives a reopen, what a damaged or edited
 * partition does to the rest, the lock between two instances, files' modes, and a newer format.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { seal, unseal } from '../../../main/history/cacheCrypto';
import { rechain } from '../../../main/history/hashChain';
import { SEGMENT_RECORDS, openHistoryCache, type HistoryCache } from '../../../main/history/historyCache';
import { FORMAT_VERSION, type PartitionData } from '../../../main/history/partitionAdapter';
import { partitionFile, removeTempFolders, session, tempFolder, testKey } from './historyCacheFixtures';

const open: HistoryCache[] = [];
async function openCache(folder: string | null, key: Buffer, waitForWriterMs?: number) {
  const cache = await openHistoryCache({ folder, key, waitForWriterMs });
  open.push(cache);
  return cache;
}
afterEach(async () => {
  for (const cache of open.splice(0)) await cache.close();
});
afterAll(removeTempFolders);

/** Decrypts a partition, lets `edit` change its parsed content, and seals it again with the same key. */
function editPartition(
  folder: string,
  month: string,
  key: Buffer,
  edit: (data: PartitionData<{ id: string }>) => void,
) {
  const file = partitionFile(folder, month);
  const name = `sessions-${month}`;
  const data = JSON.parse(unseal(key, name, FORMAT_VERSION, fs.readFileSync(file)).toString()) as PartitionData<{
    id: string;
  }>;
  edit(data);
  fs.writeFileSync(file, seal(key, name, FORMAT_VERSION, Buffer.from(JSON.stringify(data))));
}

async function threeMonths(folder: string, key: Buffer) {
  const cache = await openCache(folder, key);
  const sessions = ['2026-01', '2026-02', '2026-03'].flatMap((month) => [0, 1, 2].map(() => session(month)));
  await cache.commit(sessions, { syncedAt: '2026-04-01T00:00:00.000Z', watermark: null, checkpoint: null });
  await cache.close();
  return sessions;
}

describe('history cache', () => {
  it('keeps sessions across a reopen, one file per month, upserting by id without duplicates', async () => {
    const folder = tempFolder('reopen');
    const key = testKey();
    const sessions = await threeMonths(folder, key);
    const cache = await openCache(folder, key);
    expect(cache.size()).toBe(9);
    expect(cache.partitions()).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(cache.state().syncedAt).toBe('2026-04-01T00:00:00.000Z');

    const changed = { ...sessions[4]!, status: 'CompletedWithErrors' };
    const before = fs.statSync(partitionFile(folder, '2026-01')).mtimeMs;
    await expect(cache.commit([changed, sessions[5]!])).resolves.toEqual({ added: 0, updated: 1 });
    expect(cache.size()).toBe(9);
    expect(cache.get(changed.id)?.status).toBe('CompletedWithErrors');
    // Only the month that changed was rewritten.
    expect(fs.statSync(partitionFile(folder, '2026-01')).mtimeMs).toBe(before);
    await cache.close();
    const again = await openCache(folder, key);
    expect(again.get(changed.id)?.status).toBe('CompletedWithErrors');
    expect(again.quarantined).toEqual([]);
  });

  it('splits a large month into segments; a batch of new sessions rewrites only the last one', async () => {
    const folder = tempFolder('segments');
    const key = testKey();
    const cache = await openCache(folder, key);
    const first = Array.from({ length: SEGMENT_RECORDS * 2 + 10 }, () => session('2026-03'));
    await cache.commit(first);
    const files = () =>
      fs
        .readdirSync(folder)
        .filter((f) => f.startsWith('sessions-2026-03'))
        .sort();
    expect(files()).toEqual(['sessions-2026-03.1.pamh', 'sessions-2026-03.2.pamh', 'sessions-2026-03.pamh']);
    const sealedBefore = (name: string) => fs.readFileSync(path.join(folder, name));
    const untouched = [sealedBefore('sessions-2026-03.pamh'), sealedBefore('sessions-2026-03.1.pamh')];

    await cache.commit([session('2026-03'), session('2026-03')]);
    // Buffer.equals: a deep equality of two 600 kB buffers takes the matcher tens of seconds.
    expect(sealedBefore('sessions-2026-03.pamh').equals(untouched[0]!)).toBe(true);
    expect(sealedBefore('sessions-2026-03.1.pamh').equals(untouched[1]!)).toBe(true);
    // An update lands where the session is, and only that segment is rewritten.
    await cache.commit([{ ...first[5]!, note: 'reviewed' }]);
    expect(sealedBefore('sessions-2026-03.pamh').equals(untouched[0]!)).toBe(false);
    expect(sealedBefore('sessions-2026-03.1.pamh').equals(untouched[1]!)).toBe(true);
    expect(cache.partitions()).toEqual(['2026-03']);
    await cache.close();

    const again = await openCache(folder, key);
    expect(again.quarantined).toEqual([]);
    expect(again.size()).toBe(first.length + 2);
    expect(again.get(first[5]!.id)?.note).toBe('reviewed');
    // New sessions keep going to the last segment after a reopen.
    await again.commit([session('2026-03')]);
    expect(files()).toHaveLength(3);
  });

  it('writes 0600 files in a 0700 folder, and no session field in plain text', async () => {
    const folder = tempFolder('modes');
    const sessions = await threeMonths(folder, testKey());
    expect(fs.statSync(folder).mode & 0o777).toBe(0o700);
    const files = fs.readdirSync(folder);
    expect(files.filter((f) => f.endsWith('.pamh'))).toHaveLength(4);
    const needles = ['Alice Auditor', 'lnx-web-01', 'change ticket', 'Completed', sessions[0]!.id, 'root'];
    for (const file of files) {
      expect(fs.statSync(path.join(folder, file)).mode & 0o777, file).toBe(0o600);
      const bytes = fs.readFileSync(path.join(folder, file));
      for (const needle of needles) {
        expect(bytes.includes(Buffer.from(needle)), `${needle} in ${file}`).toBe(false);
        expect(bytes.includes(Buffer.from(needle, 'utf16le')), `${needle} (UTF-16) in ${file}`).toBe(false);
      }
    }
  });

  it.each([
    [
      'a flipped byte',
      (folder: string) => {
        const file = partitionFile(folder, '2026-02');
        const bytes = fs.readFileSync(file);
        bytes[bytes.length - 5]! ^= 0x01;
        fs.writeFileSync(file, bytes);
      },
      'unauthentic',
    ],
    [
      'a bad tag',
      (folder: string) => {
        const file = partitionFile(folder, '2026-02');
        const bytes = fs.readFileSync(file);
        bytes[8 + 12]! ^= 0xff;
        fs.writeFileSync(file, bytes);
      },
      'unauthentic',
    ],
    ['a truncated file', (folder: string) => fs.truncateSync(partitionFile(folder, '2026-02'), 20), 'unauthentic'],
    [
      'another month copied over it',
      (folder: string) => fs.copyFileSync(partitionFile(folder, '2026-01'), partitionFile(folder, '2026-02')),
      'unauthentic',
    ],
  ])('quarantines a partition with %s and keeps the others readable', async (_what, damage, reason) => {
    const folder = tempFolder('damage');
    const key = testKey();
    const sessions = await threeMonths(folder, key);
    damage(folder);
    const cache = await openCache(folder, key);
    expect(cache.quarantined).toHaveLength(1);
    expect(cache.quarantined[0]).toMatchObject({ name: 'sessions-2026-02', reason });
    expect(fs.existsSync(cache.quarantined[0]!.movedTo!)).toBe(true);
    expect(fs.existsSync(partitionFile(folder, '2026-02'))).toBe(false);
    expect(cache.size()).toBe(6);
    expect(cache.partitions()).toEqual(['2026-01', '2026-03']);
    for (const s of [...sessions.slice(0, 3), ...sessions.slice(6)]) expect(cache.get(s.id)).toEqual(s);
    // The next sync is a full one, to rebuild what was set aside.
    expect(cache.state()).toMatchObject({ watermark: null, checkpoint: null });
  });

  it.each([
    ['a reordered record', (d: PartitionData<{ id: string }>) => d.records.reverse()],
    ['a removed record', (d: PartitionData<{ id: string }>) => d.records.splice(1, 1)],
    ['an edited record', (d: PartitionData<{ id: string }>) => (d.records[2]!.s.id = 'forged')],
    ['an inserted record', (d: PartitionData<{ id: string }>) => d.records.splice(1, 0, { ...d.records[0]! })],
  ])('detects %s by the hash chain, even under a valid seal', async (_what, edit) => {
    const folder = tempFolder('chain');
    const key = testKey();
    await threeMonths(folder, key);
    editPartition(folder, '2026-03', key, edit);
    const cache = await openCache(folder, key);
    expect(cache.quarantined.map((q) => [q.name, q.reason])).toEqual([['sessions-2026-03', 'broken_chain']]);
    expect(cache.partitions()).toEqual(['2026-01', '2026-02']);
  });

  it('accepts a partition re-sealed with its chain recomputed only when the chain really follows', async () => {
    // The control for the test above: the edit helper itself does not break anything.
    const folder = tempFolder('control');
    const key = testKey();
    await threeMonths(folder, key);
    editPartition(folder, '2026-03', key, (d) => rechain(d.partition, d.records));
    const cache = await openCache(folder, key);
    expect(cache.quarantined).toEqual([]);
    expect(cache.size()).toBe(9);
  });

  it('quarantines everything it cannot decrypt with another key, and starts afresh', async () => {
    const folder = tempFolder('wrongkey');
    await threeMonths(folder, testKey());
    const cache = await openCache(folder, testKey());
    expect(cache.quarantined.map((q) => q.name).sort()).toEqual([
      'sessions-2026-01',
      'sessions-2026-02',
      'sessions-2026-03',
      'sync-state',
    ]);
    expect(cache.size()).toBe(0);
    await cache.commit([session('2026-05')]);
    expect(cache.size()).toBe(1);
  });

  it('lets one instance write: a second opens read-only, takes over after the first closes, or waits', async () => {
    const folder = tempFolder('lock');
    const key = testKey();
    const first = await openCache(folder, key);
    expect(first.readOnly).toBe(false);
    await first.commit([session('2026-01')]);
    const second = await openCache(folder, key);
    expect(second.readOnly).toBe(true);
    expect(second.readOnlyReason).toMatch(/another PAM Desk instance/);
    expect(second.size()).toBe(1);
    await expect(second.commit([session('2026-01')])).rejects.toThrow(/read-only/);
    const waiting = openCache(folder, key, 5000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await first.close();
    const third = await waiting;
    expect(third.readOnly).toBe(false);
    await third.commit([session('2026-02')]);
    expect(third.size()).toBe(2);
  });

  it('takes over a lock left by a process that no longer runs', async () => {
    const folder = tempFolder('stale');
    fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
    // A pid far above any pid_max on Linux: not running.
    fs.writeFileSync(path.join(folder, 'writer.lock'), '2147483646');
    const cache = await openCache(folder, testKey());
    expect(cache.readOnly).toBe(false);
    expect(fs.readFileSync(path.join(folder, 'writer.lock'), 'utf8')).toBe(String(process.pid));
  });

  it('opens a cache of a newer format read-only, with a message, and leaves it untouched', async () => {
    const folder = tempFolder('newer');
    const key = testKey();
    await threeMonths(folder, key);
    fs.writeFileSync(path.join(folder, 'cache.json'), JSON.stringify({ format: FORMAT_VERSION + 1 }));
    const before = fs.readdirSync(folder).map((f) => [f, fs.readFileSync(path.join(folder, f)).toString('hex')]);
    const cache = await openCache(folder, key);
    expect(cache.readOnly).toBe(true);
    expect(cache.readOnlyReason).toMatch(/newer PAM Desk \(cache format 2/);
    await expect(cache.commit([session('2026-01')])).rejects.toThrow(/newer PAM Desk/);
    await cache.close();
    expect(fs.readdirSync(folder).map((f) => [f, fs.readFileSync(path.join(folder, f)).toString('hex')])).toEqual(
      before,
    );
  });

  it('refuses, without quarantining, a partition sealed by a newer format', async () => {
    const folder = tempFolder('newerpart');
    const key = testKey();
    await threeMonths(folder, key);
    const file = partitionFile(folder, '2026-02');
    fs.writeFileSync(file, seal(key, 'sessions-2026-02', FORMAT_VERSION + 1, Buffer.from('{}')));
    const cache = await openCache(folder, key);
    expect(cache.readOnly).toBe(true);
    expect(cache.quarantined).toEqual([]);
    expect(fs.existsSync(file)).toBe(true);
    expect(cache.size()).toBe(6);
  });

  it('removes temporary files a killed writer left, and never reads them', async () => {
    const folder = tempFolder('temps');
    const key = testKey();
    await threeMonths(folder, key);
    const leftover = `${partitionFile(folder, '2026-01')}.tmp-999-abcd`;
    fs.writeFileSync(leftover, 'half a write');
    const cache = await openCache(folder, key);
    expect(cache.size()).toBe(9);
    expect(fs.existsSync(leftover)).toBe(false);
  });

  it('without a folder, keeps history in memory only', async () => {
    const cache = await openCache(null, testKey());
    expect(cache.persistent).toBe(false);
    await cache.commit([session('2026-01'), session('2026-02')]);
    expect(cache.size()).toBe(2);
    expect(cache.readOnly).toBe(false);
  });
});
