/**
 * The log cache against the sandbox over HTTPS: a session's log opened live is kept (sealed, 0600 in 0700);
 * after a sync the newest ended sessions' logs are fetched ahead of time within the budget; a lowered budget
 * evicts the oldest (a log opened on demand outlives prefetched ones); no secret in any file; then the
 * server is stopped and the logs open from the cache, a log not cached says so, and a tampered one is set
 * aside and named.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PamError } from '../../../main/errors/pamError';
import { historyFolder } from '../../../main/history/historyKey';
import { LOGS_FOLDER } from '../../../main/history/logCache';
import { createHistoryService, type FetchLog, type HistoryService } from '../../../main/history/historyService';
import { osKeychain } from '../../fakes/osKeychain';
import type { NpsClient, NpsSessionApi } from '../../../main/nps/npsClient';
import { createSessionService } from '../../../main/sessions/sessionService';
import type { SandboxHandle } from '../../../sandbox/index';
import { MemoryLogger } from '../../fakes/memoryLogger';
import { clientFor, endedSession, httpsCall, signIn, startHistorySandbox, usedCodes } from './historySandbox';

const profileId = '0d5b3a4e-6f1c-4a2b-9c8d-7e6f5a4b3c2d';
let sandbox: SandboxHandle;
let client: NpsClient;
let token: string;
let api: NpsSessionApi;
let fetchLog: FetchLog;
let root: string;
const keychain = osKeychain();
let budget = 50 * 1024 * 1024;
const services: HistoryService[] = [];
const revealed: string[] = [];
let onDemand = '';
let passwordSession = '';
let stopped = false;

function service(): HistoryService {
  const created = createHistoryService({ root, keychain, log: new MemoryLogger(), logBudgetBytes: () => budget });
  services.push(created);
  return created;
}

const logsDir = () => path.join(historyFolder(root, profileId, 'alice'), LOGS_FOLDER);
const logFiles = () => fs.readdirSync(logsDir()).filter((f) => f.endsWith('.pamh'));
const idOf = (file: string) => /^log-(.+)\.pamh$/.exec(file)![1]!;

let history: HistoryService;
/** Ended sessions, newest end first. */
let byEnd: Array<{ id: string; end: number }> = [];

beforeAll(async () => {
  sandbox = await startHistorySandbox(120);
  client = clientFor(sandbox);
  token = await signIn(sandbox, client, 'alice');
  api = client.withToken(token);
  const sessions = createSessionService({
    call: (fn) => fn(api),
    afterChange: () => undefined,
    log: new MemoryLogger(),
  });
  fetchLog = (id) => sessions.logs(id);
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'pam-history-logs-'));
  // One ended session whose password was revealed while it ran, for the canary.
  passwordSession = await endedSession(sandbox, token, 'alice', async (id) => {
    const password = await httpsCall(sandbox, 'GET', `/api/v1/ActivitySession/${id}/Password`, token);
    expect(password.status).toBe(200);
    revealed.push(password.json as string);
  });
  history = service();
  await history.open(profileId, 'alice');
  await history.sync(api, 'mine');
  const all = await history.query({}, { take: 1000, orderBy: 'end', descending: true });
  byEnd = all.rows.map((s) => ({ id: s.id, end: Date.parse(s.actualEndDateTimeUtc ?? s.endDateTimeUtc ?? '') || 0 }));
  expect(byEnd.length).toBeGreaterThan(20);
}, 90_000);

afterAll(async () => {
  for (const s of services) await s.close();
  client?.close();
  if (!stopped) await sandbox?.stop();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

describe('history log cache', { timeout: 60_000 }, () => {
  it('keeps a log opened live: sealed, 0600 in a 0700 folder, the same lines as the server', async () => {
    onDemand = byEnd.at(-1)!.id; // the oldest ended session: prefetching would reach it last
    const answer = await history.log(onDemand, fetchLog);
    expect(answer).toMatchObject({ id: onDemand, source: 'server', note: null });
    const server = await fetchLog(onDemand);
    expect(server.lines.length).toBeGreaterThan(1);
    expect(answer.lines).toEqual(server.lines);
    expect(logFiles()).toEqual([`log-${onDemand}.pamh`]);
    expect(fs.statSync(logsDir()).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(logsDir(), logFiles()[0]!)).mode & 0o777).toBe(0o600);
    expect(history.status().logs).toMatchObject({ count: 1, prefetching: false });
    expect(await history.logCached(onDemand)).toBe(true);
  });

  it('fetches the newest ended sessions’ logs ahead of time until the budget is used', async () => {
    // What one log takes on disk, as the budget counts it (allocated blocks where the file system says).
    const one = history.status().logs!.usedBytes;
    expect(one).toBeGreaterThanOrEqual(fs.statSync(path.join(logsDir(), logFiles()[0]!)).size);
    budget = one * 12;
    const fetched = await history.prefetchLogs(fetchLog);
    expect(fetched).toBeGreaterThanOrEqual(8);
    const status = history.status().logs!;
    expect(status.usedBytes).toBeLessThanOrEqual(budget);
    expect(status).toMatchObject({ budgetBytes: budget, count: logFiles().length, prefetching: false });
    // The prefetched ones are the newest: none left out ended after one kept.
    const kept = new Set(logFiles().map(idOf));
    expect(kept.has(onDemand)).toBe(true);
    const prefetched = byEnd.filter((s) => kept.has(s.id) && s.id !== onDemand);
    expect(prefetched.length).toBe(kept.size - 1);
    const oldestKept = Math.min(...prefetched.map((s) => s.end));
    expect(byEnd.filter((s) => !kept.has(s.id) && s.end > oldestKept)).toEqual([]);
    // Fetching again brings nothing new: the budget is used.
    expect(await history.prefetchLogs(fetchLog)).toBeLessThanOrEqual(1);
    expect(history.status().logs!.usedBytes).toBeLessThanOrEqual(budget);
  });

  it('evicts the oldest when the budget is lowered; the log opened on demand stays', async () => {
    const before = new Set(logFiles().map(idOf));
    const one = history.status().logs!.usedBytes / before.size;
    budget = Math.floor(one * 4);
    await history.enforceLogBudget();
    const after = logFiles().map(idOf);
    expect(after.length).toBeLessThan(before.size);
    expect(history.status().logs!.usedBytes).toBeLessThanOrEqual(budget);
    expect(after).toContain(onDemand);
    const keptEnds = byEnd.filter((s) => after.includes(s.id) && s.id !== onDemand).map((s) => s.end);
    const evictedEnds = byEnd.filter((s) => before.has(s.id) && !after.includes(s.id)).map((s) => s.end);
    expect(evictedEnds.length).toBeGreaterThan(0);
    expect(Math.max(...evictedEnds)).toBeLessThanOrEqual(Math.min(...keptEnds));
    // Budget 0: off, and nothing kept.
    budget = 0;
    await history.enforceLogBudget();
    expect(logFiles()).toEqual([]);
    expect((await history.log(onDemand, fetchLog)).source).toBe('server');
    expect(logFiles()).toEqual([]);
    budget = 50 * 1024 * 1024;
  });

  it('canary: no password, token or MFA code in any file of the cache, and no log text in plain', async () => {
    await history.prefetchLogs(fetchLog);
    expect(await history.logCached(passwordSession)).toBe(true);
    const sample = (await history.log(onDemand, fetchLog)).lines[0]!.message;
    const secrets = [...revealed, token, ...usedCodes, sandbox.users.find((u) => u.login === 'alice')!.password];
    expect(revealed.length).toBe(1);
    const needles = [...secrets, sample, onDemand].flatMap((text) => [
      Buffer.from(text, 'utf8'),
      Buffer.from(text, 'utf16le'),
      Buffer.from(Buffer.from(text).toString('base64').replace(/=+$/, '')),
    ]);
    const hits: string[] = [];
    let scanned = 0;
    for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const file = path.join(entry.parentPath, entry.name);
      const bytes = fs.readFileSync(file);
      scanned += 1;
      for (const needle of needles) if (bytes.includes(needle)) hits.push(`${needle.toString()} in ${file}`);
    }
    expect(logFiles().length).toBeGreaterThan(10);
    expect(scanned).toBeGreaterThan(logFiles().length);
    expect(hits).toEqual([]);
  });

  it('offline, with the server stopped: logs open from the cache, a missing one says so, a tampered one is set aside', async () => {
    // Everything fits in 50 MB: one less byte evicts one, which is then not cached.
    budget = history.status().logs!.usedBytes - 1;
    await history.enforceLogBudget();
    budget = 50 * 1024 * 1024;
    const kept = logFiles().map(idOf);
    const expected = await fetchLog(kept[0]!);
    const notKept = byEnd.find((s) => !kept.includes(s.id))!.id;
    // Live, when the server cannot be reached: the cached copy (with a note), or a plain "not cached".
    const refused = () => Promise.reject(new PamError('unreachable', 'connection refused'));
    const fallback = await history.log(kept[1]!, refused);
    expect(fallback).toMatchObject({ source: 'cache', note: expect.stringMatching(/could not be reached/) });
    expect(await history.log(notKept, refused)).toMatchObject({
      source: 'none',
      note: expect.stringMatching(/cannot be reached.*not cached/),
    });
    // Any other failure is the server's answer, not a cache matter: it is passed on.
    await expect(history.log(notKept, () => Promise.reject(new PamError('forbidden', 'no')))).rejects.toThrow('no');
    await history.close();
    await sandbox.stop();
    stopped = true;

    const offline = service();
    await offline.openOffline(profileId, 'alice');
    expect(await offline.logCached(kept[0]!)).toBe(true);
    expect(offline.status().logs).toMatchObject({ count: kept.length });
    expect(await offline.logCached(notKept)).toBe(false);
    // Opened offline, the server is never asked, even when a fetch is at hand.
    let asked = false;
    const cached = await offline.log(kept[0]!, async () => {
      asked = true;
      return Promise.reject(new Error('asked'));
    });
    expect(asked).toBe(false);
    expect(cached).toMatchObject({ source: 'cache', note: null, lines: expected.lines });
    expect(Date.parse(cached.fetchedAt!)).toBeGreaterThan(Date.now() - 600_000);
    expect(await offline.log(notKept)).toMatchObject({
      source: 'none',
      lines: [],
      note: expect.stringMatching(/not cached/),
    });

    // A flipped byte, and a file copied over another session's: both set aside, named, the rest intact.
    const flip = path.join(logsDir(), `log-${kept[2]!}.pamh`);
    const bytes = fs.readFileSync(flip);
    bytes[bytes.length - 3]! ^= 0x20;
    fs.writeFileSync(flip, bytes);
    fs.copyFileSync(path.join(logsDir(), `log-${kept[3]!}.pamh`), path.join(logsDir(), `log-${kept[4]!}.pamh`));
    for (const id of [kept[2]!, kept[4]!]) {
      expect(await offline.log(id)).toMatchObject({ source: 'none', note: expect.stringMatching(/set aside/) });
    }
    expect(offline.status().quarantined).toEqual([`log-${kept[2]!}`, `log-${kept[4]!}`]);
    const aside = fs.readdirSync(path.join(historyFolder(root, profileId, 'alice'), 'quarantine'));
    expect(aside.filter((f) => f.startsWith('log-'))).toHaveLength(2);
    expect((await offline.log(kept[3]!)).source).toBe('cache');
    expect(offline.status().logs!.count).toBe(kept.length - 2);
  });
});
