/**
 * The log cache's own edges, on a real folder: hostile names and files, a read-only open that changes
 * nothing, eviction order by rank, and memory only (no folder); then its recordings (the kind `recording`):
 * beside logs under one budget, set aside when copied, flipped or not a recording inside.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { seal } from '../../../main/history/cacheCrypto';
import {
  LOGS_FOLDER,
  openLogCache,
  sealLog,
  sealRecording,
  type CachedLog,
  type CachedRecording,
} from '../../../main/history/logCache';

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

/** A recorded connection whose output is `bytes` of noise (noise does not deflate: its size is what it takes). */
const recording = (sessionId: string = randomUUID(), bytes = 1000): CachedRecording => {
  const proxySessionId = randomUUID();
  const commands = [{ t: 5, line: 'uname -a' }];
  return {
    sessionId,
    fetchedAt: '2026-11-30T10:00:00.000Z',
    summary: {
      proxySessionId,
      type: 'ssh',
      startedAt: '2026-11-30T09:00:00.000Z',
      endedAt: '2026-11-30T09:01:00.000Z',
      active: false,
      commands,
    },
    recording: {
      proxySessionId,
      cols: 80,
      rows: 24,
      durationMs: 60_000,
      truncated: false,
      output: [{ t: 0, data: randomBytes(bytes).toString('base64') }],
      resizes: [],
      commands,
    },
  };
};

describe('log cache: recordings (entries of the kind recording)', () => {
  it('keeps a session’s recordings beside its log, one sealed file each, listed after a reopen', async () => {
    const root = folder();
    const key = randomBytes(32);
    const cache = await openLogCache({ folder: root, key, writable: true });
    const session = randomUUID();
    const [first, second] = [recording(session), recording(session)];
    expect(await cache.putRecording(first, 1, BIG)).toBe(true);
    expect(await cache.putRecording(second, 2, BIG)).toBe(true);
    await cache.put(log(session), 3, BIG);
    const files = fs.readdirSync(path.join(root, LOGS_FOLDER)).sort();
    expect(files).toEqual(
      [
        `log-${session}.pamh`,
        `rec-${session}.${first.summary.proxySessionId}.pamh`,
        `rec-${session}.${second.summary.proxySessionId}.pamh`,
      ].sort(),
    );
    for (const file of files) expect(fs.statSync(path.join(root, LOGS_FOLDER, file)).mode & 0o777).toBe(0o600);
    const reopened = await openLogCache({ folder: root, key, writable: true });
    await reopened.ready;
    expect(reopened.recordingsOf(session).sort()).toEqual(
      [first.summary.proxySessionId, second.summary.proxySessionId].sort(),
    );
    expect(reopened.recordingsOf(randomUUID())).toEqual([]);
    expect(reopened.countOf('recording')).toBe(2);
    expect(reopened.countOf('log')).toBe(1);
    expect(await reopened.getRecording(session, first.summary.proxySessionId)).toEqual(first);
    expect(reopened.hasRecording(session, second.summary.proxySessionId)).toBe(true);
  });

  it('sets aside a recording copied over another connection’s name, a log under a recording’s name, and a flipped byte', async () => {
    const root = folder();
    const key = randomBytes(32);
    const dir = path.join(root, LOGS_FOLDER);
    const session = randomUUID();
    const [a, b, c] = [recording(session), recording(session), recording(session)];
    const writer = await openLogCache({ folder: root, key, writable: true });
    for (const r of [a, b, c]) await writer.putRecording(r, 1, BIG);
    const nameOf = (r: CachedRecording) => `rec-${session}.${r.summary.proxySessionId}`;
    fs.copyFileSync(path.join(dir, `${nameOf(a)}.pamh`), path.join(dir, `${nameOf(b)}.pamh`));
    const flipped = fs.readFileSync(path.join(dir, `${nameOf(c)}.pamh`));
    flipped[40]! ^= 1;
    fs.writeFileSync(path.join(dir, `${nameOf(c)}.pamh`), flipped);
    const logAsRecording = recording(session);
    fs.writeFileSync(path.join(dir, `${nameOf(logAsRecording)}.pamh`), sealLog(key, log(session)));
    // Sealed under its own name but not a recording inside (a log's JSON): malformed.
    const wrongInside = recording(session);
    fs.writeFileSync(
      path.join(dir, `${nameOf(wrongInside)}.pamh`),
      seal(key, nameOf(wrongInside), 1, deflateRawSync(Buffer.from(JSON.stringify({ format: 1, ...log(session) })))),
    );

    const cache = await openLogCache({ folder: root, key, writable: true });
    await cache.ready;
    expect(await cache.getRecording(session, a.summary.proxySessionId)).toEqual(a);
    for (const r of [b, c, logAsRecording, wrongInside])
      expect(await cache.getRecording(session, r.summary.proxySessionId)).toBeNull();
    expect(cache.quarantined).toEqual([nameOf(b), nameOf(c), nameOf(logAsRecording), nameOf(wrongInside)]);
    const aside = fs.readdirSync(path.join(root, 'quarantine'));
    expect(aside.find((f) => f.startsWith(nameOf(wrongInside)))).toMatch(/malformed$/);
    expect(aside.find((f) => f.startsWith(nameOf(b)))).toMatch(/unauthentic$/);
    expect(cache.recordingsOf(session)).toEqual([a.summary.proxySessionId]);
  });

  it('refuses hostile ids, and a recording whose body is another connection’s', async () => {
    const cache = await openLogCache({ folder: folder(), key: randomBytes(32), writable: true });
    const bad = recording('../../etc/passwd');
    await expect(cache.putRecording(bad, 1, BIG)).rejects.toThrow(/not a recording/);
    const mixed = recording();
    mixed.recording.proxySessionId = randomUUID();
    await expect(cache.putRecording(mixed, 1, BIG)).rejects.toThrow(/not a recording/);
    expect(await cache.getRecording('../x', randomUUID())).toBeNull();
    expect(cache.usage()).toEqual({ count: 0, usedBytes: 0 });
  });

  it('shares the budget with logs: eviction by rank across kinds; too big is not kept; onlyIfFits evicts nothing', async () => {
    const root = folder();
    const key = randomBytes(32);
    const cache = await openLogCache({ folder: root, key, writable: true });
    const oldLog = log();
    const newLog = log();
    await cache.put(oldLog, 1_000_000_000_000, BIG);
    await cache.put(newLog, 3_000_000_000_000, BIG);
    const logBytes = cache.usage().usedBytes;
    // Sealed noise of 20,000 bytes (base64 in JSON, deflated back near its size): several 4 KiB blocks.
    const big = recording(undefined, 20_000);
    const bigSize = sealRecording(key, big).length;
    expect(bigSize).toBeGreaterThan(20_000);
    // Larger than the whole budget: not kept, nothing evicted.
    expect(await cache.putRecording(big, 2_000_000_000_000, bigSize - 1)).toBe(false);
    expect(cache.usage()).toEqual({ count: 2, usedBytes: logBytes });
    // Fits only by evicting: refused with onlyIfFits (ahead of time), kept on demand at the old log's cost.
    const budget = logBytes + Math.ceil(bigSize / 4096) * 4096 - 1;
    expect(await cache.putRecording(big, 2_000_000_000_000, budget, true)).toBe(false);
    expect(cache.has(oldLog.id)).toBe(true);
    expect(await cache.putRecording(big, 2_000_000_000_000, budget)).toBe(true);
    expect(cache.has(oldLog.id)).toBe(false);
    expect(cache.has(newLog.id)).toBe(true);
    expect(cache.usage().usedBytes).toBeLessThanOrEqual(budget);
    // With room left, onlyIfFits keeps it.
    const small = recording(undefined, 100);
    expect(await cache.putRecording(small, 4_000_000_000_000, BIG, true)).toBe(true);
    expect(cache.countOf('recording')).toBe(2);
  });

  it('without a folder keeps recordings in memory for this run', async () => {
    const cache = await openLogCache({ folder: null, key: randomBytes(32), writable: true });
    const one = recording();
    expect(await cache.putRecording(one, 1, BIG)).toBe(true);
    expect(await cache.getRecording(one.sessionId, one.summary.proxySessionId)).toEqual(one);
    expect(cache.recordingsOf(one.sessionId)).toEqual([one.summary.proxySessionId]);
  });
});
