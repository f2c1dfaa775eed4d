/**
 * The log cache through the real core (the router the IPC and the bridge use) against the sandbox:
 * `history.sync` fetches the newest logs ahead of time, `history.log` answers from the server live and from
 * the cache offline, `history.logInfo` says what is cached, and the `historyLogBudgetMb` preference is the
 * budget (0 empties the cache at once).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { HistoryLog, HistoryLogInfo, HistoryPage, HistoryStatus } from '../../../contract';
import { buildCore, type Core } from '../../../main/core';
import { osKeychain } from '../../fakes/osKeychain';
import type { SandboxHandle } from '../../../sandbox/index';
import { coreCaller, signInToSandbox } from '../../fakes/coreCalls';
import { MemoryLogger } from '../../fakes/memoryLogger';
import { startHistorySandbox } from './historySandbox';

let sandbox: SandboxHandle;
let core: Core;
let dir: string;
let stopped = false;

beforeAll(async () => {
  sandbox = await startHistorySandbox(150);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pam-history-logs-core-'));
  core = buildCore({
    dataDir: dir,
    log: new MemoryLogger(),
    transport: 'bridge',
    version: 'test',
    platform: process.platform,
    keychain: osKeychain(),
    sandbox: { start: async () => sandbox },
    http: { timeoutMs: 5_000, retries: 0 },
  });
}, 60_000);
afterAll(async () => {
  await core?.dispose();
  if (!stopped) await sandbox?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const call = coreCaller(() => core);

const signIn = (login: string) => signInToSandbox(call, login);

const logsSettled = (check: (logs: NonNullable<HistoryStatus['logs']>) => void) =>
  vi.waitFor(
    async () => {
      const { logs } = await call<HistoryStatus>('history.status');
      expect(logs?.prefetching).toBe(false);
      check(logs!);
    },
    { timeout: 30_000, interval: 50 },
  );

describe('history log channel ↔ core ↔ sandbox', { timeout: 60_000 }, () => {
  it('syncing fetches logs ahead of time; a log opened live comes from the server; the budget preference evicts', async () => {
    await expect(signIn('helen')).resolves.toMatchObject({ status: 'signedIn' });
    await call('history.sync');
    await logsSettled((logs) => {
      expect(logs.count).toBeGreaterThan(0);
      expect(logs.budgetBytes).toBe(50 * 1024 * 1024);
    });
    const newest = (await call<HistoryPage>('history.query', { take: 1, orderBy: 'end' })).rows[0]!;
    await expect(call<HistoryLogInfo>('history.logInfo', { id: newest.id })).resolves.toEqual({
      id: newest.id,
      cached: true,
    });
    const live = await call<HistoryLog>('history.log', { id: newest.id });
    expect(live).toMatchObject({ id: newest.id, source: 'server', note: null });
    expect(live.lines.length).toBeGreaterThan(0);
    await expect(call('history.log', { id: 'not-a-session' })).rejects.toMatchObject({ code: 'invalid_input' });

    // 0 = off: the cache empties now; back to 50 MB: the next sync fetches them again.
    await call('prefs.update', { historyLogBudgetMb: 0 });
    await logsSettled((logs) => expect(logs).toMatchObject({ count: 0, usedBytes: 0, budgetBytes: 0 }));
    await expect(call('prefs.update', { historyLogBudgetMb: -1 })).rejects.toMatchObject({ code: 'invalid_input' });
    await call('prefs.update', { historyLogBudgetMb: 50 });
    await call('history.sync');
    await logsSettled((logs) => expect(logs.count).toBeGreaterThan(0));
  });

  it('offline, with the server stopped: the cached log opens, marked with when it was fetched', async () => {
    const newest = (await call<HistoryPage>('history.query', { take: 1, orderBy: 'end' })).rows[0]!;
    const { profileId } = await call<HistoryStatus>('history.status');
    const expected = await call<HistoryLog>('history.log', { id: newest.id });
    await call('auth.signOut');
    await sandbox.stop();
    stopped = true;
    await call('history.openOffline', { profileId, login: 'helen' });
    const cached = await call<HistoryLog>('history.log', { id: newest.id });
    expect(cached).toMatchObject({ source: 'cache', lines: expected.lines, fetchedAt: expected.fetchedAt });
  });
});
