/**
 * SSH recordings in the history's cache, against the sandbox over HTTPS and its real SSH proxy and built-in
 * target: a session is recorded through the proxy (a visible command, then the session password, the user's
 * NPS password and an MFA code typed at a `read -s` prompt), ended and synced; its recording is fetched ahead
 * of time after the logs (sealed, 0600, the same as the server's), and opened live in another cache it is kept
 * on demand; no secret reaches the cache folder, in a file or inside the decrypted recording; then the server
 * is stopped and the recording replays from the cache, one not cached says so, and a tampered one is set aside.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingsThrough } from '../../../main/history/historyHandlers';
import { historyFolder } from '../../../main/history/historyKey';
import {
  createHistoryService,
  type FetchLog,
  type FetchRecordings,
  type HistoryService,
} from '../../../main/history/historyService';
import { LOGS_FOLDER } from '../../../main/history/logCache';
import { osKeychain } from '../../fakes/osKeychain';
import type { NpsClient, NpsSessionApi } from '../../../main/nps/npsClient';
import { createSessionService } from '../../../main/sessions/sessionService';
import type { Recording } from '../../../contract';
import type { SandboxHandle } from '../../../sandbox/index';
import { MemoryLogger } from '../../fakes/memoryLogger';
import { waitFor } from '../sandbox/helpers';
import { ROOT_SHELL, Terminal, loginThroughProxy, waitForFreshCode } from '../sandbox/ssh/sshHelpers';
import { clientFor, endedSession, httpsCall, signIn, startHistorySandbox, usedCodes } from './historySandbox';

const profileId = '7a1c2e3f-4b5d-4e6f-8a9b-0c1d2e3f4a5b';
let sandbox: SandboxHandle;
let client: NpsClient;
let token: string;
let api: NpsSessionApi;
let fetchLog: FetchLog;
let fetchRecordings: FetchRecordings;
const roots: string[] = [];
const keychain = osKeychain();
const services: HistoryService[] = [];
let budget = 50 * 1024 * 1024;
let recorded = '';
let sessionPassword = '';
let userPassword = '';
let stopped = false;
let server: Recording;
let proxySessionId = '';

function service(root: string): HistoryService {
  const created = createHistoryService({ root, keychain, log: new MemoryLogger(), logBudgetBytes: () => budget });
  services.push(created);
  return created;
}

function newRoot(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pam-history-rec-'));
  roots.push(root);
  return root;
}

const logsDir = (root: string, login = 'alice') => path.join(historyFolder(root, profileId, login), LOGS_FOLDER);
const recFiles = (root: string) => fs.readdirSync(logsDir(root)).filter((f) => f.startsWith('rec-'));

/** Logs in through the proxy as alice, runs a visible command and types the canaries at a `read -s` prompt. */
async function recordAShell(): Promise<void> {
  const attempt = await loginThroughProxy({
    username: `alice+${ROOT_SHELL}+lnx-web-01`,
    password: userPassword,
    code: () => {
      const code = sandbox.totp('alice');
      usedCodes.push(code);
      return code;
    },
    port: sandbox.sshProxy.port,
    ready: () => waitForFreshCode(sandbox, 'alice'),
  });
  if (!attempt.client) throw new Error(`login failed: ${attempt.error?.message} ${attempt.banners.join('')}`);
  const terminal = await Terminal.open(attempt.client);
  await terminal.waitFor(/\$ |# /, 'a prompt');
  terminal.type('echo visible-$((6*7))\r');
  await terminal.waitFor('visible-42');
  // Some bulk, for the figures: what a screenful of output costs once cached.
  terminal.type('seq 100001 120000\r');
  await terminal.waitFor('120000\r\n');
  // The prompt is built at run time so that the echo of the command line itself does not match it.
  terminal.type('p=Secret; read -s -p "$p: " secret; echo "length ${#secret}"\r');
  await terminal.waitFor(/Secret: $/, 'the read -s prompt');
  const canary = `${sessionPassword} ${userPassword} ${usedCodes.at(-1)!}`;
  terminal.type(`${canary}\r`);
  await terminal.waitFor(`length ${canary.length}`);
  terminal.type('exit\r');
  await terminal.waitForClose();
  terminal.client.end();
}

beforeAll(async () => {
  sandbox = await startHistorySandbox(20);
  client = clientFor(sandbox);
  token = await signIn(sandbox, client, 'alice');
  api = client.withToken(token);
  userPassword = sandbox.users.find((u) => u.login === 'alice')!.password;
  const sessions = createSessionService({
    call: (fn) => fn(api),
    afterChange: () => undefined,
    log: new MemoryLogger(),
  });
  fetchLog = (id) => sessions.logs(id);
  fetchRecordings = recordingsThrough((fn) => fn(api));
  recorded = await endedSession(sandbox, token, 'alice', async (id) => {
    const password = await httpsCall(sandbox, 'GET', `/api/v1/ActivitySession/${id}/Password`, token);
    expect(password.status).toBe(200);
    sessionPassword = password.json as string;
    await recordAShell();
    await waitFor(async () => {
      const list = await fetchRecordings.list(id);
      return list.length === 1 && list.every((r) => !r.active);
    }, 'the recorded connection to close');
  });
  const listed = await fetchRecordings.list(recorded);
  expect(listed).toHaveLength(1);
  proxySessionId = listed[0]!.proxySessionId;
  server = await fetchRecordings.get(recorded, proxySessionId);
}, 120_000);

afterAll(async () => {
  for (const s of services) await s.close();
  client?.close();
  if (!stopped) await sandbox?.stop();
  for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
});

describe('history recording cache', { timeout: 60_000 }, () => {
  let root = '';
  let onDemandRoot = '';
  let tight = '';

  it('the recorded session shows the command, and its echo-off input is not in the server’s recording', () => {
    const shown = server.output.map((c) => Buffer.from(c.data, 'base64').toString('utf8')).join('');
    expect(shown).toContain('visible-42');
    expect(server.commands.map((c) => c.line)).toContain('echo visible-$((6*7))');
    expect(JSON.stringify(server)).not.toContain(sessionPassword);
  });

  it('fetches recordings ahead of time after the logs: sealed, 0600, the same as the server’s', async () => {
    root = newRoot();
    const history = service(root);
    await history.open(profileId, 'alice');
    await history.sync(api, 'mine');
    const started = performance.now();
    const logs = await history.prefetchLogs(fetchLog);
    const afterLogs = performance.now();
    expect(await history.prefetchRecordings(fetchRecordings)).toBe(1);
    const afterRecordings = performance.now();
    expect(logs).toBeGreaterThanOrEqual(20);
    expect(history.status().logs).toMatchObject({ count: logs, recordings: 1, prefetching: false });
    const files = recFiles(root);
    expect(files).toEqual([`rec-${recorded}.${proxySessionId}.pamh`]);
    const file = path.join(logsDir(root), files[0]!);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const answer = await history.recording(recorded, proxySessionId);
    expect(answer).toMatchObject({ source: 'cache', note: null });
    expect(answer.recording).toEqual(server);
    // Again: nothing new to fetch.
    expect(await history.prefetchRecordings(fetchRecordings)).toBe(0);
    console.info(
      `[figures] recording cached: ${fs.statSync(file).size} bytes sealed (server JSON ${JSON.stringify(server).length} bytes);` +
        ` prefetch of ${logs} logs ${Math.round(afterLogs - started)} ms, then 1 recording ${Math.round(afterRecordings - afterLogs)} ms`,
    );
  });

  it('ahead of time never evicts: a recording that does not fit in what is left is not kept', async () => {
    tight = newRoot();
    const history = service(tight);
    await history.open(profileId, 'alice');
    await history.sync(api, 'mine');
    await history.prefetchLogs(fetchLog);
    const logsUsed = history.status().logs!.usedBytes;
    budget = logsUsed + 100; // less than the one disk block the recording takes
    const logCount = history.status().logs!.count;
    expect(await history.prefetchRecordings(fetchRecordings)).toBe(1);
    expect(recFiles(tight)).toEqual([]);
    expect(history.status().logs).toMatchObject({ count: logCount, recordings: 0 });
    budget = 50 * 1024 * 1024;
  });

  it('keeps a recording opened live (on demand), marked cached in the list after', async () => {
    onDemandRoot = newRoot();
    const history = service(onDemandRoot);
    await history.open(profileId, 'alice');
    await history.sync(api, 'mine');
    const before = await history.recordings(recorded, fetchRecordings);
    expect(before).toMatchObject({ source: 'server', note: null });
    expect(before.recordings).toEqual([expect.objectContaining({ proxySessionId, cached: false, active: false })]);
    const live = await history.recording(recorded, proxySessionId, fetchRecordings);
    expect(live).toMatchObject({ source: 'server', note: null });
    expect(live.recording).toEqual(server);
    expect(recFiles(onDemandRoot)).toEqual([`rec-${recorded}.${proxySessionId}.pamh`]);
    const after = await history.recordings(recorded, fetchRecordings);
    expect(after.recordings.map((r) => r.cached)).toEqual([true]);
    // Only the recording: no log was opened or prefetched in this cache.
    expect(history.status().logs).toMatchObject({ count: 0, recordings: 1 });
  });

  it('canary: no password or MFA code typed at the echo-off prompt reaches the cache folder', async () => {
    const secrets = [sessionPassword, userPassword, token, ...usedCodes];
    expect(sessionPassword.length).toBeGreaterThan(8);
    expect(usedCodes.length).toBeGreaterThanOrEqual(2);
    const needles = [...secrets, 'visible-42'].flatMap((text) => [
      Buffer.from(text, 'utf8'),
      Buffer.from(text, 'utf16le'),
      Buffer.from(Buffer.from(text).toString('base64').replace(/=+$/, '')),
    ]);
    const hits: string[] = [];
    let scanned = 0;
    for (const scan of [root, onDemandRoot])
      for (const entry of fs.readdirSync(scan, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile()) continue;
        const file = path.join(entry.parentPath, entry.name);
        const bytes = fs.readFileSync(file);
        scanned += 1;
        for (const needle of needles) if (bytes.includes(needle)) hits.push(`${needle.toString()} in ${file}`);
      }
    expect(scanned).toBeGreaterThan(20);
    expect(hits).toEqual([]);
    // Inside the seal too: the decrypted recording holds the visible command but none of the typed secrets.
    const cached = (await services[0]!.recording(recorded, proxySessionId)).recording!;
    const plain = [
      JSON.stringify(cached),
      cached.output.map((c) => Buffer.from(c.data, 'base64').toString('utf8')).join(''),
    ].join('\n');
    expect(plain).toContain('visible-42');
    for (const secret of secrets) expect(plain).not.toContain(secret);
    const log = await services[0]!.log(recorded);
    expect(log.source).toBe('cache');
    for (const secret of secrets) expect(JSON.stringify(log.lines)).not.toContain(secret);
  });

  it('offline, with the server stopped: replays from the cache, says plainly what is not cached, sets aside a tampered one', async () => {
    for (const s of services) await s.close();
    await sandbox.stop();
    stopped = true;
    const history = service(root);
    await history.openOffline(profileId, 'alice');
    const list = await history.recordings(recorded);
    expect(list).toMatchObject({ source: 'cache', note: null });
    expect(list.recordings).toEqual([expect.objectContaining({ proxySessionId, cached: true })]);
    const replay = await history.recording(recorded, proxySessionId);
    expect(replay).toMatchObject({ source: 'cache', fetchedAt: expect.any(String) as string });
    expect(replay.recording).toEqual(server);
    // A session that recorded nothing, and a connection not cached: said plainly.
    const other = (await history.query({}, { take: 5 })).rows.find((r) => r.id !== recorded)!.id;
    expect(await history.recordings(other)).toMatchObject({
      source: 'none',
      recordings: [],
      note: 'This session has no recorded SSH connections.',
    });
    expect(await history.recording(recorded, other)).toMatchObject({
      source: 'none',
      recording: null,
      note: 'This recording was not cached on this computer.',
    });
    // Where the recording did not fit: the session recorded a connection, and it was not cached.
    const notKept = service(tight);
    await notKept.openOffline(profileId, 'alice');
    expect(await notKept.recordings(recorded)).toEqual({
      sessionId: recorded,
      source: 'none',
      recordings: [],
      note: 'No recording of this session was cached on this computer before going offline.',
    });
    await notKept.close();
    // One flipped byte: set aside, named, and the list says so.
    const file = path.join(logsDir(root), recFiles(root)[0]!);
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 10]! ^= 1;
    fs.writeFileSync(file, bytes);
    await history.close();
    const reopened = service(root);
    await reopened.openOffline(profileId, 'alice');
    expect(await reopened.recordings(recorded)).toMatchObject({
      source: 'none',
      note: expect.stringMatching(/failed their integrity check/) as string,
    });
    expect(reopened.status().quarantined).toContain(`rec-${recorded}.${proxySessionId}`);
    expect(recFiles(root)).toEqual([]);
    const aside = fs.readdirSync(path.join(historyFolder(root, profileId, 'alice'), 'quarantine'));
    expect(aside.some((f) => f.startsWith(`rec-${recorded}.${proxySessionId}.pamh.`))).toBe(true);
    expect(await reopened.recording(recorded, proxySessionId)).toMatchObject({ source: 'none', recording: null });
  });
});
