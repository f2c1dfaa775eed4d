/**
 * The history sync against the real sandbox over HTTPS, seeded with history: a first sync brings exactly
 * what the server lists, an incremental one only what ended since, and a sync cut off mid-way (the server
 * vanishing behind a TCP relay) resumes from its checkpoint without duplicates.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHistoryCache, type HistoryCache } from '../../../main/history/historyCache';
import { syncHistory, type SyncProgress } from '../../../main/history/historySync';
import { openLogCache } from '../../../main/history/logCache';
import { createSessionService } from '../../../main/sessions/sessionService';
import { MemoryLogger } from '../../fakes/memoryLogger';
import type { NpsClient, NpsSessionApi } from '../../../main/nps/npsClient';
import type { SandboxHandle } from '../../../sandbox/index';
import { startTcpProxy, type TcpProxy } from '../../e2e/support/tcpProxy';
import { clientFor, endedSession, httpsCall, signIn, startHistorySandbox, usedCodes } from './historySandbox';

let sandbox: SandboxHandle;
let client: NpsClient;
let alice: string;
let adam: string;
const caches: HistoryCache[] = [];
const folders: string[] = [];

beforeAll(async () => {
  sandbox = await startHistorySandbox(1200);
  client = clientFor(sandbox);
  alice = await signIn(sandbox, client, 'alice');
  adam = await signIn(sandbox, client, 'adam');
}, 60_000);
afterAll(async () => {
  for (const cache of caches) await cache.close();
  client?.close();
  await sandbox?.stop();
  for (const folder of folders) fs.rmSync(path.dirname(folder), { recursive: true, force: true });
});

async function freshCache(): Promise<HistoryCache> {
  const folder = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pam-history-sync-')), 'cache');
  folders.push(folder);
  const cache = await openHistoryCache({ folder, key: randomBytes(32) });
  caches.push(cache);
  return cache;
}

/** The server's own answer: every historical session of the scope, by id. */
async function serverHistory(api: NpsSessionApi, scope: 'mine' | 'all') {
  const rows = await api.allSummariesByStatus(scope, 'Historical', {}, 1000);
  return new Map(rows.map((row) => [row.id, row]));
}

/** Counts the rows each page brings, around the real API. */
function counting(api: NpsSessionApi) {
  const counter = { rows: 0, pages: 0 };
  const wrapped: NpsSessionApi = {
    ...api,
    async summariesByStatus(scope, status, query) {
      const page = await api.summariesByStatus(scope, status, query);
      counter.rows += page.data.length;
      counter.pages += 1;
      return page;
    },
  };
  return { api: wrapped, counter };
}

describe('history sync ↔ sandbox over HTTPS', () => {
  it('first sync: every historical session the user may see, once, with progress and "synced at"', async () => {
    const api = client.withToken(alice);
    const server = await serverHistory(api, 'mine');
    expect(server.size).toBeGreaterThan(300);
    const cache = await freshCache();
    const progress: SyncProgress[] = [];
    const result = await syncHistory({ api, cache, scope: 'mine', pageSize: 100, onProgress: (p) => progress.push(p) });

    expect(result.phase).toBe('full');
    expect(result.total).toBe(server.size);
    expect(cache.size()).toBe(server.size);
    expect(new Set(cache.all().map((s) => s.id))).toEqual(new Set(server.keys()));
    for (const session of cache.all()) expect(session).toEqual(server.get(session.id));
    expect(progress.length).toBe(result.pages);
    expect(progress.map((p) => p.fetched)).toEqual([...progress.map((p) => p.fetched)].sort((a, b) => a - b));
    expect(progress.at(-1)).toMatchObject({ fetched: server.size, total: server.size, added: server.size });
    expect(cache.state()).toMatchObject({ syncedAt: result.syncedAt, checkpoint: null });
    expect(Date.now() - Date.parse(result.syncedAt)).toBeLessThan(60_000);
    // Spread over months: more than one partition.
    expect(cache.partitions().length).toBeGreaterThan(6);
  });

  it('administrators sync everyone’s history (SummaryByStatus)', async () => {
    const api = client.withToken(adam);
    const server = await serverHistory(api, 'all');
    const cache = await freshCache();
    await syncHistory({ api, cache, scope: 'all', pageSize: 1000 });
    expect(cache.size()).toBe(server.size);
    expect(server.size).toBeGreaterThanOrEqual(1200);
  });

  it('incremental sync fetches only the sessions that ended since the last one', async () => {
    const api = client.withToken(alice);
    const cache = await freshCache();
    await syncHistory({ api, cache, scope: 'mine', pageSize: 500 });
    const before = cache.size();

    const ended = [];
    for (let i = 0; i < 3; i++) ended.push(await endedSession(sandbox, alice, 'alice'));
    const { api: counted, counter } = counting(api);
    const result = await syncHistory({ api: counted, cache, scope: 'mine', pageSize: 500 });

    const server = await serverHistory(api, 'mine');
    expect(result.phase).toBe('incremental');
    expect(cache.size()).toBe(server.size);
    for (const id of ended) expect(cache.get(id)).toEqual(server.get(id));
    // Demo sessions may end on their own meanwhile: at least our three, and nothing but what ended.
    expect(result.added).toBe(server.size - before);
    expect(result.added).toBeGreaterThanOrEqual(3);
    expect(result.updated).toBe(0);
    // One small page, not the whole history again.
    expect(counter.pages).toBe(1);
    expect(counter.rows).toBeLessThanOrEqual(20);
    expect(counter.rows).toBe(result.fetched);
  });

  it('a sync cut off mid-way (server gone) keeps its pages and resumes from the checkpoint without duplicates', async () => {
    const relay: TcpProxy = await startTcpProxy(Number(new URL(sandbox.url).port));
    const relayed = clientFor(sandbox, `https://127.0.0.1:${relay.port}`);
    try {
      const api = relayed.withToken(alice);
      const cache = await freshCache();
      let cut = false;
      const failed = syncHistory({
        api,
        cache,
        scope: 'mine',
        pageSize: 50,
        onProgress: (p) => {
          if (p.fetched >= 150 && !cut) {
            cut = true;
            void relay.goDown();
          }
        },
      });
      await expect(failed).rejects.toThrow();
      const kept = cache.size();
      expect(kept).toBeGreaterThanOrEqual(150);
      expect(cache.state().checkpoint).toMatchObject({ skip: kept, floor: null });
      expect(cache.state().syncedAt).toBeNull();

      await relay.comeBack();
      const { api: counted, counter } = counting(api);
      const result = await syncHistory({ api: counted, cache, scope: 'mine', pageSize: 50 });
      const server = await serverHistory(client.withToken(alice), 'mine');
      expect(result.resumed).toBe(true);
      expect(result.added).toBe(server.size - kept);
      // It carried on where it stopped, not from the start.
      expect(counter.rows).toBe(server.size - kept);
      expect(cache.size()).toBe(server.size);
      expect(cache.all()).toHaveLength(server.size);
      expect(cache.state()).toMatchObject({ checkpoint: null });
      expect(cache.state().syncedAt).not.toBeNull();
    } finally {
      relayed.close();
      await relay.close();
    }
  });

  it('canary: no password, token or MFA code of this test, nor any session field, in any cache file', async () => {
    const api = client.withToken(alice);
    const cache = await freshCache();
    await syncHistory({ api, cache, scope: 'mine' });
    const revealed: string[] = [];
    const id = await endedSession(sandbox, alice, 'alice', async (sessionId) => {
      const password = await httpsCall(sandbox, 'GET', `/api/v1/ActivitySession/${sessionId}/Password`, alice);
      expect(password.status).toBe(200);
      revealed.push(password.json as string);
    });
    await syncHistory({ api, cache, scope: 'mine' });
    const synced = cache.get(id)!;
    expect(synced).toBeDefined();
    // The session's log too, in the log cache beside the history (`logs/`), as History keeps it.
    const sessions = createSessionService({
      call: (fn) => fn(api),
      afterChange: () => undefined,
      log: new MemoryLogger(),
    });
    const { lines } = await sessions.logs(id);
    expect(lines.length).toBeGreaterThan(1);
    const logs = await openLogCache({ folder: folders.at(-1)!, key: randomBytes(32), writable: true });
    await logs.put({ id, fetchedAt: new Date().toISOString(), lines }, Date.now(), 2 ** 30);
    expect(logs.usage().count).toBe(1);

    const secrets = [
      ...revealed,
      alice,
      adam,
      ...usedCodes,
      ...sandbox.users.filter((u) => ['alice', 'adam'].includes(u.login)).map((u) => u.password),
    ];
    expect(secrets.length).toBeGreaterThanOrEqual(7);
    // Not secret, but proof that the files are encrypted: what the synced session says in plain text.
    const fields = [
      synced.id,
      synced.managedResourceName!,
      synced.userDisplayName!,
      synced.activityName!,
      ...lines.map((line) => line.message),
    ];
    const needles = [...secrets, ...fields].flatMap((text) => [
      Buffer.from(text, 'utf8'),
      Buffer.from(text, 'utf16le'),
      Buffer.from(Buffer.from(text).toString('base64').replace(/=+$/, '')),
    ]);
    let scanned = 0;
    const hits: string[] = [];
    for (const folder of folders) {
      for (const entry of fs.readdirSync(folder, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile()) continue;
        const file = path.join(entry.parentPath, entry.name);
        const bytes = fs.readFileSync(file);
        scanned += 1;
        for (const needle of needles) if (bytes.includes(needle)) hits.push(`${needle.toString()} in ${file}`);
      }
    }
    expect(scanned).toBeGreaterThanOrEqual(folders.length * 3 + 1);
    expect(hits).toEqual([]);
  });
});
