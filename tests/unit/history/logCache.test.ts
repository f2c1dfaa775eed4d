/**
 * The log cache's own edges, on a real folder: hostile names and files, a read-only open that changes
 * nothing, eviction order by rank, and memory only (no folder).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { seal } from '../../../main/history/cacheCrypto';
import { LOGS_FOLDER, openLogCache, sealLog, type CachedLog } from '../../../main/history/logCache';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});
function folder(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pam-log-cache-'));
  roots.push(root);
  return root;
}
const log = (id: string = randomUUID(), lines = 3): CachedLog => ({
  id,
  fetchedAt: '2026-11-30T10:00:00.000Z',
  lines: Array.from({ length: lines }, (_, i) => ({
    lineNumber: i + 1,
    timestamp: '2026-11-30T09:00:00.000Z',
    status: 'Information',
    message: `line ${i}`,
  })),
});
const BIG = 2 ** 30;

describe('log cache', () => {
  it('refuses ids that are not session ids, for writing and reading', async () => {
    const cache = await openLogCache({ folder: folder(), key: randomBytes(32), writable: true });
    await expect(cache.put(log('../../etc/passwd'), 1, BIG)).rejects.toThrow(/not a session id/);
    expect(await cache.get('../../etc/passwd')).toBeNull();
    expect(cache.usage()).toEqual({ count: 0, usedBytes: 0 });
  });

  it('ignores what is not a log file, and sets aside a newer format, garbage and another key', async () => {
    const root = folder();
    const key = randomBytes(32);
    const dir = path.join(root, LOGS_FOLDER);
    fs.mkdirSync(dir, { recursive: true });
    const [newer, garbage, otherKey, good] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    fs.mkdirSync(path.join(dir, `log-${randomUUID()}.pamh`)); // a folder with a log's name
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'hello');
    fs.writeFileSync(path.join(dir, `log-${newer}.pamh`), seal(key, `log-${newer}`, 9, Buffer.from('{}')));
    fs.writeFileSync(path.join(dir, `log-${garbage}.pamh`), randomBytes(200));
    fs.writeFileSync(path.join(dir, `log-${otherKey}.pamh`), sealLog(randomBytes(32), log(otherKey)));
    fs.writeFileSync(path.join(dir, `log-${good}.pamh`), sealLog(key, log(good)));
    const cache = await openLogCache({ folder: root, key, writable: true });
    await cache.ready;
    expect(cache.usage().count).toBe(4);
    for (const id of [newer, garbage, otherKey]) expect(await cache.get(id)).toBeNull();
    expect((await cache.get(good))?.lines).toHaveLength(3);
    expect(cache.quarantined).toEqual([`log-${newer}`, `log-${garbage}`, `log-${otherKey}`]);
    const aside = fs.readdirSync(path.join(root, 'quarantine'));
    expect(aside.map((f) => f.split('.pamh.')[0]).sort()).toEqual(
      [`log-${newer}`, `log-${garbage}`, `log-${otherKey}`].sort(),
    );
    expect(aside.find((f) => f.startsWith(`log-${newer}`))).toMatch(/newer_format$/);
    expect(cache.usage().count).toBe(1);
  });

  it('read-only: stores nothing, evicts nothing, and leaves a damaged file where it is', async () => {
    const root = folder();
    const key = randomBytes(32);
    const writer = await openLogCache({ folder: root, key, writable: true });
    const [a, b] = [log(), log()];
    await writer.put(a, 1, BIG);
    await writer.put(b, 2, BIG);
    const file = path.join(root, LOGS_FOLDER, `log-${b.id}.pamh`);
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 1]! ^= 1;
    fs.writeFileSync(file, bytes);

    const reader = await openLogCache({ folder: root, key, writable: false });
    await reader.put(log(), 3, BIG);
    expect(await reader.evictTo(0)).toBe(0);
    expect(await reader.get(b.id)).toBeNull();
    expect(reader.quarantined).toEqual([`log-${b.id}`]);
    expect(fs.existsSync(file)).toBe(true);
    expect(fs.readdirSync(path.join(root, LOGS_FOLDER))).toHaveLength(2);
    expect((await reader.get(a.id))?.id).toBe(a.id);
  });

  it('evicts the lowest rank first, the rank surviving a reopen', async () => {
    const root = folder();
    const key = randomBytes(32);
    const cache = await openLogCache({ folder: root, key, writable: true });
    const logs = [log(), log(), log()];
    await cache.put(logs[1]!, 2_000_000_000_000, BIG);
    await cache.put(logs[0]!, 1_000_000_000_000, BIG);
    await cache.put(logs[2]!, 3_000_000_000_000, BIG);
    const each = cache.usage().usedBytes / 3;
    const reopened = await openLogCache({ folder: root, key, writable: true });
    await reopened.ready;
    expect(await reopened.evictTo(Math.ceil(each * 2))).toBe(1);
    expect(reopened.has(logs[0]!.id)).toBe(false);
    expect(await reopened.evictTo(Math.ceil(each))).toBe(1);
    expect(reopened.has(logs[1]!.id)).toBe(false);
    expect(reopened.has(logs[2]!.id)).toBe(true);
  });

  it('without a folder keeps logs in memory for this run', async () => {
    const cache = await openLogCache({ folder: null, key: randomBytes(32), writable: true });
    const one = log(undefined, 50);
    await cache.put(one, 1, BIG);
    expect(await cache.get(one.id)).toEqual(one);
    expect(cache.usage().count).toBe(1);
    await cache.evictTo(0);
    expect(await cache.get(one.id)).toBeNull();
  });
});
