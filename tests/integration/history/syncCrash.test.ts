/**
 * Crash test: a child process syncing into a history cache is SIGKILLed at random points, as many times as
 * fit in about a minute (at most 100). After every kill the cache is opened as the next writer: no partition
 * unreadable or set aside, every batch the child reported committed is there, each chain intact (checked on
 * open), and the next child resumes. A completed sync must hold exactly the server's history.
 */
import { spawn } from 'node:child_process';
import { build } from 'esbuild';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openHistoryCache } from '../../../main/history/historyCache';
import type { NpsClient } from '../../../main/nps/npsClient';
import type { SandboxHandle } from '../../../sandbox/index';
import { clientFor, signIn, startHistorySandbox } from './historySandbox';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../..');
const BUDGET_MS = 60_000;
const MAX_KILLS = 100;

let sandbox: SandboxHandle;
let client: NpsClient;
let token: string;
/** The child bundled into one file: it starts in a fifth of a second, so many more kills fit the budget. */
let childScript: string;
const temporary: string[] = [];

beforeAll(async () => {
  const childDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pam-history-child-'));
  temporary.push(childDir);
  childScript = path.join(childDir, 'syncChild.mjs');
  await build({
    entryPoints: [path.join(here, 'syncChild.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: childScript,
    logLevel: 'warning',
  });
  sandbox = await startHistorySandbox(3000);
  client = clientFor(sandbox);
  token = await signIn(sandbox, client, 'alice');
}, 60_000);
afterAll(async () => {
  client?.close();
  await sandbox?.stop();
  for (const dir of temporary) fs.rmSync(dir, { recursive: true, force: true });
});

interface ChildRun {
  killed: boolean;
  done: boolean;
  committed: string[];
  stderr: string;
}

/** Runs one child; kills it `killAfterMs` after it said it is ready (unless it finished first). */
function runChild(config: object, killAfterMs: number): Promise<ChildRun> {
  const child = spawn(process.execPath, [childScript], { cwd: repo, stdio: ['pipe', 'pipe', 'pipe'] });
  const run: ChildRun = { killed: false, done: false, committed: [], stderr: '' };
  let buffered = '';
  child.stdin.end(`${JSON.stringify(config)}\n`);
  child.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const guard = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        if (line.startsWith('ready')) {
          if (Number.isFinite(killAfterMs))
            setTimeout(() => {
              if (child.exitCode === null && !run.done) run.killed = child.kill('SIGKILL');
            }, killAfterMs);
        } else if (line.startsWith('committed ')) {
          run.committed.push(...line.slice('committed '.length).split(',').filter(Boolean));
        } else if (line.startsWith('done')) {
          run.done = true;
        }
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      if (!run.killed && !run.done)
        reject(new Error(`child ended (${code ?? signal}) without finishing: ${run.stderr}`));
      else resolve(run);
    });
  });
}

it(
  'survives SIGKILLs at random points during sync: nothing unreadable, nothing committed lost, chains intact',
  async () => {
    const api = client.withToken(token);
    const serverIds = new Set((await api.allSummariesByStatus('mine', 'Historical', {}, 1000)).map((s) => s.id));
    const keyHex = randomBytes(32).toString('hex');
    const key = Buffer.from(keyHex, 'hex');
    const newFolder = () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pam-history-crash-'));
      temporary.push(dir);
      return path.join(dir, 'cache');
    };
    let folder = newFolder();
    let committed = new Set<string>();
    const started = Date.now();
    let kills = 0;
    let midSync = 0;
    let completedSyncs = 0;
    let checks = 0;

    // Until the time or kill budget is spent and both kinds of run were seen: on a loaded machine a sync
    // can outlast every random kill, so every eighth run is left to finish.
    let runs = 0;
    while ((Date.now() - started < BUDGET_MS && kills < MAX_KILLS) || midSync < 20 || completedSyncs < 1) {
      runs += 1;
      const run = await runChild(
        { folder, keyHex, url: sandbox.url, pin: sandbox.fingerprint, token, pageSize: 10 },
        runs % 8 === 0 ? Number.POSITIVE_INFINITY : Math.floor(Math.random() * 400),
      );
      for (const id of run.committed) committed.add(id);
      if (run.killed) kills += 1;
      if (run.killed && !run.done) midSync += 1;

      const cache = await openHistoryCache({ folder, key, waitForWriterMs: 5000 });
      try {
        expect(cache.readOnly, cache.readOnlyReason ?? '').toBe(false);
        expect(cache.quarantined).toEqual([]);
        expect(fs.existsSync(path.join(folder, 'quarantine'))).toBe(false);
        const lost = [...committed].filter((id) => cache.get(id) === undefined);
        expect(lost).toEqual([]);
        expect(cache.all()).toHaveLength(cache.size());
        checks += 1;
        if (run.done) {
          expect(new Set(cache.all().map((s) => s.id))).toEqual(serverIds);
          expect(cache.state().checkpoint).toBeNull();
          completedSyncs += 1;
        }
      } finally {
        await cache.close();
      }
      if (run.done) {
        folder = newFolder();
        committed = new Set();
      }
    }
    console.log(
      `[history crash test] ${kills} SIGKILLs (${midSync} before the sync finished), ${checks} checks, ${completedSyncs} completed syncs in ${Math.round((Date.now() - started) / 1000)} s`,
    );
    expect(midSync).toBeGreaterThanOrEqual(20);
    expect(completedSyncs).toBeGreaterThanOrEqual(1);
  },
  BUDGET_MS + 240_000,
);
