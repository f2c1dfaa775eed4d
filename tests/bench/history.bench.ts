/**
 * History cache benchmark (main/history), in this process as main runs it:
 *   (a) a cache of N sessions over ten years of monthly partitions (built with the cache's own commits);
 *   (b) open → first page (100 rows, newest first) ready to send, as main answers it: the cache opened
 *       progressive (newest months decrypted and chain-checked first), the page answered by the history
 *       reader as soon as the loaded months hold it, made into rows and JSON — the part of "open to first
 *       page painted" that grows with the cache (the page's paint of 100 rows is the dashboard's, measured
 *       by `npm run bench -- dashboard`); then the rest of the load, where its time goes (read, decrypt,
 *       parse, chain check), the full index, and a filter asked at the open (it waits for the load);
 *   (c) each History page filter and the free-text search, on the open cache (median of 5);
 *   (d) an incremental sync's write cost per batch (500 sessions ended now) at 1 %, 10 % and 100 % of N;
 *   (e) main's memory (heap and RSS after a GC) with the cache open;
 *   (f) first sync of N sessions from the sandbox over HTTPS (adam, everyone's history), split into the
 *       time waiting for the server and the time committing.
 *   (g) the log cache: the time to prefetch L session logs from the sandbox over HTTPS (split into waiting
 *       for the server and sealing and writing), the size on disk per log, opening the log cache (listing
 *       L files), opening one cached log (read, check, decrypt, inflate, parse), and a 10,000-line log.
 * N = 100,000 by default; HISTORY_BENCH_SIZE=1000000 for the 1M figures (HISTORY_BENCH_SYNC=0 skips (f)).
 * L = 1,000 by default (HISTORY_BENCH_LOGS; 0 skips (g)). (g) ends with a 32 MiB SSH recording stored and opened.
 * Run: npm run bench -- history
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openHistoryCache, type CachedSession, type HistoryCache } from '../../main/history/historyCache';
import { unseal } from '../../main/history/cacheCrypto';
import { firstBrokenLink } from '../../main/history/hashChain';
import { toHistoryRow } from '../../main/history/historyHandlers';
import { createHistoryIndex, type HistoryFilter } from '../../main/history/historyQuery';
import { createHistoryReader } from '../../main/history/historyReader';
import { historyFolder } from '../../main/history/historyKey';
import { createHistoryService } from '../../main/history/historyService';
import { LOGS_FOLDER, openLogCache } from '../../main/history/logCache';
import { osKeychain } from '../fakes/osKeychain';
import { createSessionService } from '../../main/sessions/sessionService';
import type { SessionLogs } from '../../contract';
import { FORMAT_VERSION } from '../../main/history/partitionAdapter';
import { syncHistory } from '../../main/history/historySync';
import type { NpsSessionApi } from '../../main/nps/npsClient';
import { clientFor, signIn, startHistorySandbox } from '../integration/history/historySandbox';

const SIZE = Number(process.env.HISTORY_BENCH_SIZE ?? 100_000);
const SYNC = process.env.HISTORY_BENCH_SYNC !== '0';
const LOGS = Number(process.env.HISTORY_BENCH_LOGS ?? 1000);
const BATCH = 500;
const MONTHS = 120;
const USERS = Array.from({ length: 200 }, (_, i) => `User ${String(i).padStart(3, '0')}`);
const RESOURCES = Array.from({ length: 500 }, (_, i) => `host-${String(i).padStart(3, '0')}`);

interface Row {
  name: string;
  value: number;
  unit: string;
  target: number | null;
}

const rows: Row[] = [];
const record = (name: string, value: number, unit: string, target: number | null = null) =>
  rows.push({ name, value: Math.round(value * 10) / 10, unit, target });

const ms = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e6;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Session `i` of N, spread evenly over the last MONTHS months, newest last. */
function session(i: number, total: number, now = Date.now()): CachedSession {
  const span = MONTHS * 30 * 86_400_000;
  const start = now - span + Math.floor((i / total) * span);
  const windows = i % 3 === 0;
  return {
    id: randomUUID(),
    userDisplayName: USERS[i % USERS.length]!,
    managedResourceName: RESOURCES[(i * 7) % RESOURCES.length]!,
    managedResourceDisplayName: null,
    managedResourceOs: windows ? 'Windows Server 2022' : 'Ubuntu 22.04',
    platformName: windows ? 'Windows' : 'Linux',
    activityName: windows ? 'RDP as admin' : 'SSH as root',
    activityType: i % 10 === 0 ? 2 : 0,
    accessPolicyName: 'Servers',
    loginAccountName: windows ? 'Administrator' : 'root',
    startDateTimeUtc: new Date(start).toISOString(),
    actualStartDateTimeUtc: new Date(start + 5_000).toISOString(),
    endDateTimeUtc: new Date(start + 3_600_000).toISOString(),
    actualEndDateTimeUtc: new Date(start + 60_000 + (i % 3000) * 1000).toISOString(),
    createdDateTimeUtc: new Date(start - 1000).toISOString(),
    status: i % 17 === 0 ? 'CompletedWithErrors' : 'Completed',
    note: i % 50 === 0 ? `ticket follow-up ${i}` : null,
    ticket: i % 25 === 0 ? `INC${i}` : null,
    locked: false,
  };
}

async function batchCost(cache: HistoryCache): Promise<number> {
  const now = Date.now();
  const batch = Array.from({ length: BATCH }, (_, i) => session(SIZE + i, SIZE + BATCH, now + i));
  // Sessions that ended now: the current month's partition, as an incremental sync writes it.
  for (const s of batch) s.startDateTimeUtc = new Date(now - 60_000).toISOString();
  const t = process.hrtime.bigint();
  await cache.commit(batch, cache.state());
  return ms(t);
}

async function buildCache(folder: string, key: Buffer): Promise<Map<number, number>> {
  const cache = await openHistoryCache({ folder, key });
  const costs = new Map<number, number>();
  const checkpoints = new Set([Math.floor(SIZE / 100), Math.floor(SIZE / 10)]);
  const now = Date.now();
  for (let done = 0; done < SIZE; done += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, SIZE - done) }, (_, i) => session(done + i, SIZE, now));
    await cache.commit(batch);
    const size = done + batch.length;
    for (const at of checkpoints) if (size >= at && !costs.has(at)) costs.set(at, await batchCost(cache));
  }
  await cache.close();
  return costs;
}

/** Where a whole load's time goes, each step over every partition in turn (synchronously, one core). */
function loadBreakdown(folder: string, key: Buffer): void {
  const files = fs.readdirSync(folder).filter((f) => f.startsWith('sessions-'));
  const names = files.map((f) => f.replace(/\.pamh$/, ''));
  let t = process.hrtime.bigint();
  const sealed = files.map((f) => fs.readFileSync(path.join(folder, f)));
  record(
    `  breakdown: read ${files.length} files (${(sealed.reduce((n, b) => n + b.length, 0) / 2 ** 20).toFixed(0)} MiB)`,
    ms(t),
    'ms',
  );
  t = process.hrtime.bigint();
  const plain = sealed.map((bytes, i) => unseal(key, names[i]!, FORMAT_VERSION, bytes));
  record('  breakdown: decrypt (AES-256-GCM)', ms(t), 'ms');
  t = process.hrtime.bigint();
  const parsed = plain.map((bytes) => JSON.parse(bytes.toString('utf8')) as { records: { h: string; s: unknown }[] });
  record('  breakdown: JSON.parse', ms(t), 'ms');
  t = process.hrtime.bigint();
  parsed.forEach((data, i) => firstBrokenLink(names[i]!, data.records));
  record('  breakdown: hash-chain check (SHA-256 of each record)', ms(t), 'ms');
}

function gcMemory(): { heap: number; rss: number } {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return { heap: m.heapUsed / 2 ** 20, rss: m.rss / 2 ** 20 };
}

async function benchCache(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pam-history-bench-'));
  try {
    const folder = path.join(root, 'cache');
    const key = randomBytes(32);
    const before = gcMemory();
    let t = process.hrtime.bigint();
    const costs = await buildCache(folder, key);
    record(`build a cache of ${SIZE.toLocaleString('en')} (${SIZE / BATCH} commits)`, ms(t), 'ms');

    t = process.hrtime.bigint();
    const cache = await openHistoryCache({ folder, key, progressive: true });
    const opened = ms(t);
    const reader = createHistoryReader(cache);
    const first = await reader.query({}, { take: 100 });
    const answered = ms(t);
    JSON.stringify({ rows: first.rows.map(toHistoryRow), total: first.total, counting: first.counting });
    const firstPage = ms(t);
    if (first.rows.length !== 100) throw new Error(`the first page has ${first.rows.length} rows`);
    record('open (lock, format, sync state; no partition yet)', opened, 'ms');
    record(
      `  then the newest months' first page answered (${first.counting ? 'total still counting' : 'complete'})`,
      answered - opened,
      'ms',
    );
    record('  then rows and JSON for the renderer', firstPage - answered, 'ms');
    record('open → first page of 100 ready', firstPage, 'ms', 1000);
    // A filter asked at the open: few matches in the newest months, so it waits for the whole cache.
    const filtered = reader.query({ users: [USERS[7]!] }, { take: 100 }).then(() => ms(t));
    await cache.loaded;
    record('open → every partition loaded and checked (in the background)', ms(t), 'ms');
    record(
      'open → a user filter asked at the open answered (its 100 rows, once the loaded months hold them)',
      await filtered,
      'ms',
    );
    if (cache.size() < SIZE) throw new Error(`opened ${cache.size()} of ${SIZE}`);
    const index = await reader.index();
    t = process.hrtime.bigint();
    createHistoryIndex(cache.all());
    record('  breakdown: index for queries (built once the load ends)', ms(t), 'ms');
    loadBreakdown(folder, key);

    const sample = cache.all()[Math.floor(SIZE / 2)]!;
    const day = 86_400_000;
    const filters: [string, HistoryFilter][] = [
      ['no filter (sort all)', {}],
      ['user', { users: [USERS[7]!] }],
      ['resource', { resources: [RESOURCES[42]!] }],
      ['type SSH', { types: ['SSH'] }],
      ['period 30 days', { from: new Date(Date.now() - 30 * day).toISOString() }],
      ['status', { statuses: ['CompletedWithErrors'] }],
      ['search (text)', { text: 'follow-up 4' }],
      ['search (session id)', { text: sample.id.slice(0, 13) }],
      [
        'user + type + period + search',
        { users: [USERS[3]!], types: ['RDP'], from: '2020-01-01T00:00:00Z', text: 'admin' },
      ],
    ];
    for (const [name, filter] of filters) {
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const start = process.hrtime.bigint();
        index.query(filter, { take: 100 });
        times.push(ms(start));
      }
      record(`filter: ${name} (median of 5)`, median(times), 'ms', 100);
    }

    for (const [at, cost] of [...costs].sort((a, b) => a[0] - b[0]))
      record(`incremental batch of ${BATCH} at ${at.toLocaleString('en')}`, cost, 'ms');
    await cache.close();
    const writer = await openHistoryCache({ folder, key });
    const costsAtFull: number[] = [];
    for (let i = 0; i < 7; i++) costsAtFull.push(await batchCost(writer));
    record(
      `incremental batch of ${BATCH} at ${SIZE.toLocaleString('en')} (median of 7)`,
      median(costsAtFull),
      'ms',
      20,
    );
    const after = gcMemory();
    record('main heap with the cache open (after GC, growth)', after.heap - before.heap, 'MiB');
    record('main RSS with the cache open', after.rss, 'MiB');
    const bytes = fs.readdirSync(folder).reduce((sum, f) => sum + fs.statSync(path.join(folder, f)).size, 0);
    record('cache size on disk', bytes / 2 ** 20, 'MiB');
    await writer.close();
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

async function benchFirstSync(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pam-history-sync-bench-'));
  let t = process.hrtime.bigint();
  const sandbox = await startHistorySandbox(SIZE);
  record(`sandbox start, seeded with ${SIZE.toLocaleString('en')} historical`, ms(t), 'ms');
  const client = clientFor(sandbox);
  try {
    const api = client.withToken(await signIn(sandbox, client, 'adam'));
    const cache = await openHistoryCache({ folder: path.join(root, 'cache'), key: randomBytes(32) });
    let waiting = 0;
    const timed: NpsSessionApi = {
      ...api,
      async summariesByStatus(scope, status, query) {
        const start = process.hrtime.bigint();
        try {
          return await api.summariesByStatus(scope, status, query);
        } finally {
          waiting += ms(start);
        }
      },
    };
    t = process.hrtime.bigint();
    const result = await syncHistory({ api: timed, cache, scope: 'all' });
    const total = ms(t);
    record(`first sync of ${result.fetched.toLocaleString('en')} sessions (${result.pages} pages)`, total, 'ms');
    record('  of which waiting for the server (request, sandbox, JSON, zod)', waiting, 'ms');
    record('  of which committing (seal, write, fsync)', total - waiting, 'ms');
    await cache.close();
  } finally {
    client.close();
    await sandbox.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

async function benchLogs(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pam-history-logs-bench-'));
  const sandbox = await startHistorySandbox(Math.max(LOGS + 100, 1000));
  const client = clientFor(sandbox);
  const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };
  const profileId = '5b1d7c9e-2f4a-4c6b-8d0e-1a3c5e7f9b2d';
  const keychain = osKeychain();
  try {
    const api = client.withToken(await signIn(sandbox, client, 'adam'));
    const sessions = createSessionService({ call: (fn) => fn(api), afterChange: () => undefined, log: quiet });
    let waiting = 0;
    let fetched = 0;
    let plainBytes = 0;
    const fetchLog = async (id: string): Promise<SessionLogs> => {
      const start = process.hrtime.bigint();
      try {
        const logs = await sessions.logs(id);
        fetched += 1;
        plainBytes += Buffer.byteLength(JSON.stringify(logs.lines));
        return logs;
      } finally {
        waiting += ms(start);
      }
    };
    const history = createHistoryService({ root, keychain, log: quiet, logBudgetBytes: () => 2 ** 40 });
    await history.open(profileId, 'adam');
    await history.sync(api, 'all');
    const t = process.hrtime.bigint();
    // One prefetch run fetches at most PREFETCH_MAX: as many runs as it takes (as many syncs, in the app).
    while (fetched < LOGS && (await history.prefetchLogs(fetchLog)) > 0);
    const total = ms(t);
    const usage = history.status().logs;
    record(`prefetch ${usage.count.toLocaleString('en')} logs from the sandbox`, total, 'ms');
    record('  of which waiting for the server (all pages of each log, zod)', waiting, 'ms');
    record('  of which sealing and writing (deflate, AES-256-GCM, fsync, rename)', total - waiting, 'ms');
    record('  per log', total / Math.max(1, usage.count), 'ms');
    const logsDir = path.join(historyFolder(root, profileId, 'adam'), LOGS_FOLDER);
    const sizes = fs.readdirSync(logsDir).map((f) => fs.statSync(path.join(logsDir, f)).size);
    record('log file size (mean, sealed and deflated)', sizes.reduce((a, b) => a + b, 0) / sizes.length, 'bytes');
    record('log size on disk as the budget counts it (mean, allocated blocks)', usage.usedBytes / usage.count, 'bytes');
    record('log size as JSON lines (mean, for comparison)', plainBytes / Math.max(1, fetched), 'bytes');
    const ids = fs
      .readdirSync(logsDir)
      .map((f) => /^log-(.+)\.pamh$/.exec(f)?.[1])
      .filter((id): id is string => !!id);
    await history.close();

    const key = Buffer.from((await keychain.get({ profileId, login: 'adam', kind: 'history-key' }))!, 'base64');
    let start = process.hrtime.bigint();
    const cache = await openLogCache({ folder: historyFolder(root, profileId, 'adam'), key, writable: true });
    record('open the log cache (what the history open waits for)', ms(start), 'ms');
    await cache.ready;
    record(`  then listing ${ids.length.toLocaleString('en')} log files (in the background)`, ms(start), 'ms');
    const times: number[] = [];
    for (let i = 0; i < 21; i++) {
      start = process.hrtime.bigint();
      const log = await cache.get(ids[(i * 37) % ids.length]!);
      times.push(ms(start));
      if (!log?.lines.length) throw new Error('a cached log did not open');
    }
    record('open one cached log (read, check, decrypt, inflate, parse; median of 21)', median(times), 'ms');

    const id = randomUUID();
    const lines = Array.from({ length: 10_000 }, (_, i) => ({
      lineNumber: i + 1,
      timestamp: new Date(Date.now() - (10_000 - i) * 1000).toISOString(),
      status: i % 50 === 0 ? 'Error' : 'Information',
      message: `$ tail -n 20 /var/log/app-${i % 7}.log # output line ${i} of the session, ${randomBytes(8).toString('hex')}`,
    }));
    start = process.hrtime.bigint();
    await cache.put({ id, fetchedAt: new Date().toISOString(), lines }, Date.now(), 2 ** 40);
    record('store a 10,000-line log', ms(start), 'ms');
    record(
      '  its size on disk (JSON would be ' + (Buffer.byteLength(JSON.stringify(lines)) / 1024).toFixed(0) + ' KiB)',
      fs.statSync(path.join(logsDir, `log-${id}.pamh`)).size / 1024,
      'KiB',
    );
    start = process.hrtime.bigint();
    await cache.get(id);
    record('open a 10,000-line log from the cache', ms(start), 'ms');

    // A recording at the sandbox's cap (32 MiB of output): terminal-like lines, partly unique.
    const proxySessionId = randomUUID();
    const chunk = (i: number) =>
      Buffer.from(
        Array.from(
          { length: 24 },
          (_, j) => `${i}-${j} drwxr-xr-x 2 root root 4096 Nov 30 ${randomBytes(6).toString('hex')}\r\n`,
        ).join(''),
      ).toString('base64');
    const output: Array<{ t: number; data: string }> = [];
    let rawBytes = 0;
    for (let i = 0; rawBytes < 32 * 1024 * 1024; i++) {
      const data = chunk(i);
      rawBytes += (data.length * 3) / 4;
      output.push({ t: i * 10, data });
    }
    const commands = [{ t: 0, line: 'ls -l /var/lib' }];
    const big = {
      sessionId: id,
      fetchedAt: new Date().toISOString(),
      summary: {
        proxySessionId,
        type: 'ssh',
        startedAt: new Date().toISOString(),
        endedAt: null,
        active: false,
        commands,
      },
      recording: {
        proxySessionId,
        cols: 120,
        rows: 40,
        durationMs: output.at(-1)!.t,
        truncated: true,
        output,
        resizes: [],
        commands,
      },
    };
    start = process.hrtime.bigint();
    await cache.putRecording(big, Date.now(), 2 ** 40);
    record(
      `store a ${(rawBytes / 1024 / 1024).toFixed(0)} MiB recording (${output.length.toLocaleString('en')} chunks)`,
      ms(start),
      'ms',
    );
    record(
      '  its size on disk',
      fs.statSync(path.join(logsDir, `rec-${id}.${proxySessionId}.pamh`)).size / 1024 / 1024,
      'MiB',
    );
    start = process.hrtime.bigint();
    const reopened = await cache.getRecording(id, proxySessionId);
    record('open it from the cache (read, check, decrypt, inflate, parse)', ms(start), 'ms');
    if (reopened?.recording.output.length !== output.length) throw new Error('the cached recording did not open');
  } finally {
    client.close();
    await sandbox.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

export default async function run(): Promise<boolean> {
  process.stdout.write(`   history cache of ${SIZE.toLocaleString('en')} sessions over ${MONTHS} months\n`);
  await benchCache();
  if (SYNC) await benchFirstSync();
  if (LOGS > 0) await benchLogs();
  let ok = true;
  for (const row of rows) {
    const miss = row.target !== null && row.value > row.target;
    if (miss) ok = false;
    const target = row.target === null ? '' : ` (target ≤ ${row.target} ${row.unit})${miss ? '  MISSED' : ''}`;
    process.stdout.write(`   ${row.name}: ${row.value.toLocaleString('en')} ${row.unit}${target}\n`);
  }
  return ok;
}
