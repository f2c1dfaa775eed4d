/**
 * The `history.*` channel through the real core (the router the IPC and the bridge use) against the sandbox:
 * signing in opens the user's history, `history.sync` fills it with progress events, `history.query`
 * filters it into dashboard rows, and signing out closes it (the encrypted cache stays on disk).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CachedHistoryList, EventChannel, HistoryFacets, HistoryPage, HistoryStatus } from '../../../contract';
import { buildCore, type Core } from '../../../main/core';
import { osKeychain } from '../../fakes/osKeychain';
import type { SandboxHandle } from '../../../sandbox/index';
import { coreCaller, signInToSandbox } from '../../fakes/coreCalls';
import { MemoryLogger } from '../../fakes/memoryLogger';
import { clientFor, signIn as signInClient, startHistorySandbox } from './historySandbox';

let sandbox: SandboxHandle;
let core: Core;
let dir: string;
const events: Array<[EventChannel, unknown]> = [];

beforeAll(async () => {
  sandbox = await startHistorySandbox(300);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pam-history-core-'));
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
  core.events.subscribe((channel, payload) => events.push([channel, payload]));
}, 60_000);
afterAll(async () => {
  await core?.dispose();
  await sandbox?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const call = coreCaller(() => core);

const signIn = (login: string) => signInToSandbox(call, login);

async function serverTotal(login: string, scope: 'mine' | 'all') {
  const client = clientFor(sandbox);
  try {
    const api = client.withToken(await signInClient(sandbox, client, login));
    return (await api.summariesByStatus(scope, 'Historical', { take: 1 })).recordsTotal!;
  } finally {
    client.close();
  }
}

describe('history channel ↔ core ↔ sandbox', () => {
  it('is closed before sign-in: status says so, sync and query ask to sign in', async () => {
    await expect(call<HistoryStatus>('history.status')).resolves.toMatchObject({ open: false, count: 0 });
    await expect(call('history.sync')).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(call('history.query', {})).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('signing in opens the user’s history; sync fills it with progress; query filters it into rows', async () => {
    await expect(signIn('alice')).resolves.toMatchObject({ status: 'signedIn' });
    expect(await call<HistoryStatus>('history.status')).toMatchObject({ open: true, login: 'alice', persistent: true });
    const synced = await call<HistoryStatus>('history.sync');
    const total = await serverTotal('alice', 'mine');
    expect(synced).toMatchObject({ syncing: false, count: total, error: null });
    expect(synced.syncedAt).not.toBeNull();
    const progress = events
      .filter(([channel]) => channel === 'history.changed')
      .map(([, payload]) => payload as HistoryStatus)
      .filter((s) => s.progress !== null);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)!.progress).toMatchObject({ fetched: total, total });

    const page = await call<HistoryPage>('history.query', { statuses: ['Completed'], take: 20 });
    expect(page.total).toBeGreaterThan(0);
    expect(page.total).toBeLessThan(total);
    expect(page.rows).toHaveLength(Math.min(20, page.total));
    expect(page.rows.every((row) => row.status === 'complete')).toBe(true);
    await expect(call('history.query', { take: 5000 })).rejects.toMatchObject({ code: 'invalid_input' });

    const files = fs.readdirSync(path.join(dir, 'history'), { recursive: true }).map(String);
    expect(files.some((f) => f.endsWith('.pamh'))).toBe(true);
  });

  it('an administrator’s history is everyone’s; signing out closes it and leaves the cache on disk', async () => {
    await call('auth.signOut');
    expect(await call<HistoryStatus>('history.status')).toMatchObject({ open: false });
    await signIn('adam');
    const synced = await call<HistoryStatus>('history.sync');
    expect(synced.count).toBe(await serverTotal('adam', 'all'));
    await call('auth.signOut');
    expect(await call<HistoryStatus>('history.status')).toMatchObject({ open: false });
    await expect(call('history.sync')).rejects.toMatchObject({ code: 'unauthorized' });
    const folders = fs.readdirSync(path.join(dir, 'history'), { recursive: true }).map(String);
    expect(folders.filter((f) => f.endsWith('sync-state.pamh'))).toHaveLength(2);
  });

  it('offline: lists the kept histories, opens one read-only with no server, and a live sign-in takes over', async () => {
    const { histories } = await call<CachedHistoryList>('history.cached');
    expect(histories.map((h) => h.login).sort()).toEqual(['adam', 'alice']);
    expect(histories.every((h) => h.profileName !== '' && h.kind === 'sandbox')).toBe(true);
    const adam = histories.find((h) => h.login === 'adam')!;
    const total = await serverTotal('adam', 'all');

    // A live sign-in takes an offline history over: no longer offline, and it syncs.
    await call('history.openOffline', { profileId: adam.profileId, login: 'adam' });
    await signIn('helen');
    expect(await call<HistoryStatus>('history.status')).toMatchObject({ open: true, offline: false, login: 'helen' });
    await expect(call<HistoryStatus>('history.sync')).resolves.toMatchObject({ count: total, error: null });
    await call('auth.signOut');

    // With the server gone: the key comes from the keychain, the rows from the cache.
    await sandbox.stop();
    const opened = await call<HistoryStatus>('history.openOffline', { profileId: adam.profileId, login: 'adam' });
    expect(opened).toMatchObject({ open: true, offline: true, login: 'adam' });
    // The older months load after the open: the count is final once `loading` is over.
    await vi.waitFor(
      async () =>
        expect(await call<HistoryStatus>('history.status')).toMatchObject({
          loading: false,
          count: total,
          quarantined: [],
        }),
      { timeout: 20_000, interval: 50 },
    );
    expect(opened.syncedAt).not.toBeNull();
    await expect(call('history.sync')).rejects.toMatchObject({ code: 'conflict' });
    const rdp = await call<HistoryPage>('history.query', { types: ['RDP'], take: 10 });
    expect(rdp.total).toBeGreaterThan(0);
    expect(rdp.rows.every((row) => row.type === 'RDP')).toBe(true);
    const facets = await call<HistoryFacets>('history.facets');
    expect(facets.users.length).toBeGreaterThan(1);
    expect(facets.types).toContain('SSH');
    await expect(call('history.openOffline', { profileId: adam.profileId, login: 'nobody' })).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('forgetting a kept history deletes its folder and key; removing a profile deletes its caches', async () => {
    const { histories } = await call<CachedHistoryList>('history.cached');
    const adam = histories.find((h) => h.login === 'adam')!;
    const alice = histories.find((h) => h.login === 'alice')!;
    const before = fs.readdirSync(path.join(dir, 'history', adam.profileId));
    expect(before).toHaveLength(histories.filter((h) => h.profileId === adam.profileId).length);

    await call('history.forget', { profileId: adam.profileId, login: 'adam' });
    expect(await call<HistoryStatus>('history.status')).toMatchObject({ open: false, offline: false });
    expect((await call<CachedHistoryList>('history.cached')).histories.map((h) => h.login).sort()).toEqual([
      'alice',
      'helen',
    ]);
    await expect(call('history.openOffline', { profileId: adam.profileId, login: 'adam' })).rejects.toMatchObject({
      code: 'not_found',
    });

    await call('profiles.remove', { id: alice.profileId });
    expect(fs.existsSync(path.join(dir, 'history', alice.profileId))).toBe(false);
    expect((await call<CachedHistoryList>('history.cached')).histories).toEqual([]);
  });
});
