/**
 * `npm start` as a user runs it on this machine, where Electron's binary cannot be downloaded (no route
 * to github.com): it must say why in one sentence, serve the same UI in the browser, and stop cleanly.
 *
 * Machine state must not decide the outcome:
 * - Electron's download cache is a fresh empty folder (`electron_config_cache`), so a zip left in
 *   ~/.cache/electron by earlier work cannot turn this run into an Electron launch: the download is tried
 *   for real, and fails for the machine's real reason.
 * - The app's data folder is a fresh one (`PAM_DESK_USER_DATA`), so the first-start welcome screen shows
 *   whatever earlier runs configured.
 * - Where the binary is already unpacked in node_modules/electron, or the download host resolves, npm start
 *   opens Electron instead; that path is not this test's (see `npm run test:electron`) and it is skipped
 *   with that reason rather than downloading ~100 MB or failing for want of a display.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installedExecutable } from '../../../scripts/electronBinary';
import { launchChromium } from '../../e2e/support/chromium';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const screenshot = path.join(repoRoot, 'test-results', 'start-browser-mode.png');

const electronInstalled = installedExecutable() !== null;
const downloadHostResolves = await lookup('github.com').then(
  () => true,
  () => false,
);
const skipReason = electronInstalled
  ? "Electron's binary is installed in node_modules/electron: npm start opens Electron here"
  : downloadHostResolves
    ? "github.com resolves here: npm start would download Electron's binary and open it"
    : null;
if (skipReason) console.warn(`[start test] skipped: ${skipReason}`);

// Generous: npm, tsx and a production build of the renderer on a loaded 2-core machine.
describe.skipIf(skipReason !== null)("npm start without a route to Electron's download", { timeout: 180_000 }, () => {
  let root: string;
  let child: ChildProcess;
  let browser: Browser | undefined;
  const stdout: string[] = [];
  let stderr = '';
  let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'pam-start-'));
    await mkdir(path.join(root, 'electron-cache'));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      FORCE_COLOR: '0',
      BROWSER: 'none',
      PAM_DESK_USER_DATA: path.join(root, 'data'),
      electron_config_cache: path.join(root, 'electron-cache'),
    };
    // What a user's shell has not: our CI's skip switch, Vitest's NODE_ENV (it would make Vite bundle
    // React's development build), overrides of Electron's download or executable.
    for (const name of [
      'ELECTRON_SKIP_BINARY_DOWNLOAD',
      'NODE_ENV',
      'ELECTRON_MIRROR',
      'ELECTRON_CUSTOM_DIR',
      'ELECTRON_OVERRIDE_DIST_PATH',
      'ELECTRON_EXEC_PATH',
      'force_no_cache',
    ])
      delete env[name];
    // Its own process group, so that Ctrl+C can be sent as a terminal sends it: to npm, tsx and the script.
    child = spawn('npm', ['start'], { cwd: repoRoot, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env });
    exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  });

  afterAll(async () => {
    await browser?.close();
    if (child.pid !== undefined && groupAlive(child.pid)) process.kill(-child.pid, 'SIGKILL');
    await rm(root, { recursive: true, force: true });
  });

  it('says why in one sentence, shows the welcome screen with the sandbox in the browser, and stops cleanly on Ctrl+C', async () => {
    const url = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).on('line', (line) => {
        stdout.push(line);
        const match = /^\s+(http:\/\/127\.0\.0\.1:\d+\/#pam-token=[0-9a-f]+)\s*$/.exec(line);
        if (match) resolve(match[1]!);
      });
      void exited.then(({ code }) =>
        reject(new Error(`npm start exited (${code}) before printing a URL:\n${stdout.join('\n')}\n${stderr}`)),
      );
    });

    const explanations = stdout.filter((line) => line.includes("Electron's binary"));
    expect(explanations).toHaveLength(1);
    expect(explanations[0]).toMatch(
      /^\[start\] Electron's binary is missing and could not be downloaded \(no route to its download: github\.com cannot be (resolved here|reached \(\w+\))\), so PAM Desk opens in your browser instead\.$/,
    );
    expect(stdout).toContain("[start] downloading Electron 45.5.0's binary (first start only)…");

    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1100, height: 760 } });
    await page.goto(url);
    await expect.poll(() => page.getByRole('heading', { name: 'Welcome' }).isVisible(), { timeout: 30_000 }).toBe(true);
    const trySandbox = page.getByRole('button', { name: 'Try the sandbox' });
    await expect.poll(() => trySandbox.isEnabled(), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => page.getByRole('button', { name: 'Connect to your server' }).isVisible()).toBe(true);
    await mkdir(path.dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot });

    // Let it start the sandbox too, so that stopping has a server of its own to close.
    await trySandbox.click();
    await page.getByRole('heading', { name: 'Sign in to the sandbox' }).waitFor({ timeout: 60_000 });
    const pids = groupPids(child.pid!);
    const ports = listeningPorts(pids);
    const bridgePort = Number(new URL(url).port);
    expect(ports).toContain(bridgePort);
    expect(ports.length).toBeGreaterThanOrEqual(2); // the bridge and the sandbox

    await browser.close();
    browser = undefined;
    process.kill(-child.pid!, 'SIGINT');
    // npm ends itself with the signal it got, as after Ctrl+C in a terminal; the script beneath it stops
    // its servers first (the line below is its) and exits 0.
    const exit = await exited;
    expect(exit.code === 0 || exit.signal === 'SIGINT', `${JSON.stringify(exit)}\n${stderr}`).toBe(true);
    await expect.poll(() => stdout.includes('[start] stopping…')).toBe(true);
    expect(stderr).not.toContain('stopping failed');
    await expect.poll(() => groupAlive(child.pid!), { timeout: 20_000 }).toBe(false);
    for (const port of ports) await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();

    // Nothing was installed or cached on the way.
    expect(installedExecutable()).toBeNull();
    expect(await readdir(path.join(root, 'electron-cache'))).toEqual([]);
  });
});

/** Every live process of the group (Linux /proc). */
function groupPids(pgid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => {
      try {
        // Fields after the command name (which may hold spaces): state, ppid, pgrp, …
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) === pgid;
      } catch {
        return false;
      }
    });
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** TCP ports in LISTEN held by these processes (their socket inodes in /proc/net/tcp{,6}). */
function listeningPorts(pids: number[]): number[] {
  const inodes = new Set<string>();
  for (const pid of pids) {
    try {
      for (const fd of readdirSync(`/proc/${pid}/fd`)) {
        const target = readlinkSync(`/proc/${pid}/fd/${fd}`, { encoding: 'utf8' });
        const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
        if (inode) inodes.add(inode);
      }
    } catch {
      // gone meanwhile
    }
  }
  const ports = new Set<number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const row of readFileSync(table, 'utf8').trim().split('\n').slice(1)) {
      const fields = row.trim().split(/\s+/);
      if (fields[3] === '0A' && inodes.has(fields[9]!)) ports.add(parseInt(fields[1]!.split(':')[1]!, 16));
    }
  }
  return [...ports];
}
