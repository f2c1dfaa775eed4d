/**
 * The history service main will expose: open the signed-in user's cache with its key from the keychain,
 * sync with progress, status for the banner and "synced at", queries, a second instance read-only, and
 * history for this run only when the keychain is memory.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { historyFolder } from '../../../main/history/historyKey';
import { createHistoryService, type HistoryService, type HistoryStatus } from '../../../main/history/historyService';
import type { Keychain } from '../../../main/keychain/keychain';
import { MemoryKeychain } from '../../../main/keychain/memoryKeychain';
import { osKeychain } from '../../fakes/osKeychain';
import type { NpsClient, NpsSessionApi } from '../../../main/nps/npsClient';
import type { SandboxHandle } from '../../../sandbox/index';
import { MemoryLogger } from '../../fakes/memoryLogger';
import { clientFor, signIn, startHistorySandbox } from './historySandbox';

const profileId = '7c0c1d52-8c5e-4a4e-9f1e-0d6d3c2b1a07';
let sandbox: SandboxHandle;
let client: NpsClient;
let api: NpsSessionApi;
const services: HistoryService[] = [];
const roots: string[] = [];
/** A fresh history root, removed after the tests. */
function newRoot(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pam-history-service-'));
  roots.push(root);
  return root;
}

function service(root: string, keychain: Keychain, statuses: HistoryStatus[] = []) {
  const created = createHistoryService({ root, keychain, log: new MemoryLogger(), onStatus: (s) => statuses.push(s) });
  services.push(created);
  return created;
}

beforeAll(async () => {
  sandbox = await startHistorySandbox(400);
  client = clientFor(sandbox);
  api = client.withToken(await signIn(sandbox, client, 'alice'));
}, 60_000);
afterAll(async () => {
  for (const s of services) await s.close();
  client?.close();
  await sandbox?.stop();
  for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
});

describe('history service', () => {
  it('opens, syncs with progress, and reopens offline with the same key from the keychain', async () => {
    const root = newRoot();
    const keychain = osKeychain();
    const statuses: HistoryStatus[] = [];
    const history = service(root, keychain, statuses);
    expect(await history.open(profileId, 'alice')).toMatchObject({ open: true, persistent: true, count: 0 });
    const [one, two] = [history.sync(api, 'mine'), history.sync(api, 'mine')];
    expect(two).toBe(one);
    const done = await one;
    const total = (await api.summariesByStatus('mine', 'Historical', { take: 1 })).recordsTotal!;
    expect(done).toMatchObject({ syncing: false, count: total, error: null, progress: null, quarantined: [] });
    expect(done.syncedAt).not.toBeNull();
    expect(statuses.some((s) => s.syncing && s.progress !== null && s.progress.fetched > 0)).toBe(true);
    expect(statuses.at(-1)).toMatchObject({ syncing: false, count: total });
    await history.close();

    // Offline: no server, same keychain → the same history.
    const offline = service(root, keychain);
    expect(await offline.open(profileId, 'alice')).toMatchObject({ open: true, syncedAt: done.syncedAt });
    expect(await offline.loaded()).toMatchObject({ count: total, loading: false });
    const page = await offline.query({ statuses: ['Completed'] }, { take: 10 });
    expect(page.rows.length).toBeGreaterThan(0);
    expect(page.rows.every((s) => s.status === 'Completed')).toBe(true);
  });

  it('opens before the older months are loaded, says loading, then reports a damaged partition found meanwhile', async () => {
    const root = newRoot();
    const keychain = osKeychain();
    const first = service(root, keychain);
    await first.open(profileId, 'alice');
    const synced = await first.sync(api, 'mine');
    await first.close();
    const folder = historyFolder(root, profileId, 'alice');
    const months = fs
      .readdirSync(folder)
      .filter((f) => f.startsWith('sessions-'))
      .sort();
    expect(months.length).toBeGreaterThan(1);
    const damaged = path.join(folder, months[0]!);
    const bytes = fs.readFileSync(damaged);
    bytes[bytes.length - 1]! ^= 0x01;
    fs.writeFileSync(damaged, bytes);

    const statuses: HistoryStatus[] = [];
    const history = service(root, keychain, statuses);
    const opened = await history.open(profileId, 'alice');
    expect(opened).toMatchObject({ open: true, loading: true, quarantined: [] });
    const page = await history.query({}, { take: 1 });
    expect(page.rows).toHaveLength(1);
    const loaded = await history.loaded();
    expect(loaded).toMatchObject({ loading: false, quarantined: [months[0]!.replace(/\.pamh$/, '')] });
    expect(loaded.count).toBeLessThan(synced.count);
    // The banner's news: a status told after the open, with the load over and the partition named.
    expect(statuses.at(-1)).toMatchObject({ loading: false, quarantined: loaded.quarantined, count: loaded.count });
    expect((await history.query({}, { take: 1 })).rows[0]!.id).toBe(page.rows[0]!.id);
  });

  it('a second instance on the same user reads, read-only, while the first writes', async () => {
    const root = newRoot();
    const keychain = osKeychain();
    const first = service(root, keychain);
    await first.open(profileId, 'alice');
    await first.sync(api, 'mine');
    const second = service(root, keychain);
    const status = await second.open(profileId, 'alice');
    expect(status.readOnlyReason).toMatch(/another PAM Desk instance/);
    expect((await second.loaded()).count).toBe(first.status().count);
    await expect(second.sync(api, 'mine')).rejects.toThrow(/read-only/);
    expect(second.status().error).toMatch(/read-only/);
  });

  it('keeps history in memory for this run when the keychain is memory only, and says so', async () => {
    const root = newRoot();
    const history = service(root, new MemoryKeychain());
    const status = await history.open(profileId, 'alice');
    expect(status).toMatchObject({ persistent: false, note: expect.stringMatching(/this run only/) });
    await history.sync(api, 'mine');
    expect(history.status().count).toBeGreaterThan(0);
    expect(fs.readdirSync(root)).toEqual([]);
  });

  it('refuses to sync or query before a user’s history is open', async () => {
    const history = service(newRoot(), osKeychain());
    await expect(history.sync(api, 'mine')).rejects.toThrow(/sign in first/);
    await expect(history.query({})).rejects.toThrow(/sign in first/);
  });
});
