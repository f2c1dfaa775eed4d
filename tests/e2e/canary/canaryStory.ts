/**
 * The canary's story, run in its own process (canary.test.ts starts it inside a D-Bus session with an
 * unlocked gnome-keyring, a private HOME and a private TMPDIR): sign in with remember-me, copy the username
 * and the password, view the password, let the token expire and sign in again, sign out — then search the
 * app's data folder (settings, profiles, audit, logs) and the whole temp folder (Chromium's profile included)
 * for every password, token and MFA code that went by. Prints one JSON line with what it saw.
 *
 * Tokens are learned by wrapping the NPS client factory: the test sees what the core received, nothing
 * more. The clipboard is the bridge's in-memory one.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { PamApi, Result } from '../../../contract';
import { startBridgeApp } from '../../../main/bridge/bridgeApp';
import { createFileLogger } from '../../../main/log/fileLogger';
import { createNpsClient, type NpsClientFactory } from '../../../main/nps/npsClient';
import { MemoryClipboard } from '../../../main/platform/memoryClipboard';
import { startSandbox } from '../../../sandbox/index';
import { scanForSecrets, type Needle } from './secretScan';

declare global {
  interface Window {
    pam: PamApi;
  }
}

const rendererDir = process.argv[2];
if (!rendererDir) throw new Error('usage: canaryStory <rendererDir>');
const TOKEN_TTL_MS = 4000;

async function main(): Promise<void> {
  const tmp = os.tmpdir();
  const dataDir = fs.mkdtempSync(path.join(tmp, 'pam-canary-data-'));
  const log = createFileLogger({ dir: path.join(dataDir, 'logs') });
  const tokens: string[] = [];
  const codes: string[] = [];
  const passwords: string[] = [];
  const steps: string[] = [];

  const recording: NpsClientFactory = (options) => {
    const client = createNpsClient(options);
    return {
      ...client,
      baseUrl: client.baseUrl,
      signInWithPassword: async (login, password) => {
        const token = await client.signInWithPassword(login, password);
        tokens.push(token);
        return token;
      },
      signInWithMfa: async (pre, code) => {
        const token = await client.signInWithMfa(pre, code);
        tokens.push(token);
        return token;
      },
      withToken: (token) => client.withToken(token),
      close: () => client.close(),
    };
  };

  const sandbox = await startSandbox({
    timings: { tokenTtlMs: TOKEN_TTL_MS, cancellingMs: 500 },
    log: (line) => log.info(line.startsWith('[') ? line : `[sandbox] ${line}`),
  });
  const alice = sandbox.users.find((u) => u.login === 'alice')!;
  passwords.push(alice.password);
  const clipboard = new MemoryClipboard();
  const bridge = await startBridgeApp({
    dataDir,
    rendererDir,
    log,
    coreOptions: {
      sandbox: { start: async () => sandbox },
      npsClientFactory: recording,
      clipboard,
      http: { timeoutMs: 5000, retries: 0 },
      pollIntervalMs: 60_000,
    },
  });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = await browser.newPage();
  await page.goto(bridge.url);
  await page.waitForFunction(() => typeof window.pam?.auth?.state === 'function');

  // Each step goes through window.pam exactly as the renderer calls it.
  const pam = async <T>(fn: string, arg?: unknown): Promise<T> => {
    const result = await page.evaluate(
      async ([name, input]) => {
        const [ns, member] = (name as string).split('.') as [string, string];
        const api = window.pam as unknown as Record<string, Record<string, (x?: unknown) => Promise<unknown>>>;
        return api[ns]![member]!(input);
      },
      [fn, arg] as const,
    );
    const typed = result as Result<T>;
    if (!typed.ok) throw new Error(`${fn}: ${typed.error.code}: ${typed.error.message}`);
    return typed.value;
  };
  const code = () => {
    const value = sandbox.totp('alice');
    codes.push(value);
    return value;
  };

  const keychainStatus = await pam<{ backend: string; degraded: boolean }>('keychain.status');
  const { url } = await pam<{ url: string }>('sandbox.start');
  await pam('auth.signIn', { url, login: 'alice', password: alice.password, rememberMe: true, rememberPassword: true });
  await pam('auth.verifyMfa', { code: code() });
  steps.push('signed in with remember me');
  const snapshot = await pam<{ rows: Array<{ id: string; status: string; canViewPassword: boolean }> }>(
    'sessions.watch',
    { scope: 'mine' },
  );
  const row = snapshot.rows.find((r) => r.status === 'available' && r.canViewPassword);
  if (!row) throw new Error('no available session');
  await pam('credentials.copy', { sessionId: row.id, what: 'username' });
  await pam('credentials.copy', { sessionId: row.id, what: 'password' });
  passwords.push((await clipboard.peek()).text);
  steps.push('copied username and password');
  const reveal = await pam<{ password: string }>('credentials.view', { sessionId: row.id });
  passwords.push(reveal.password);
  steps.push('viewed the password');

  const remembered = await pam<{ profiles: Array<{ remembered: { token: boolean; password: boolean } }> }>(
    'profiles.list',
  );
  if (!remembered.profiles[0]?.remembered.token || !remembered.profiles[0].remembered.password) {
    throw new Error('remember me did not store the token and password');
  }
  await new Promise((resolve) => setTimeout(resolve, TOKEN_TTL_MS + 1200));
  const refused = await page.evaluate(() =>
    window.pam.credentials.copy({ sessionId: '00000000-0000-4000-8000-000000000000', what: 'password' }),
  );
  if (refused.ok || refused.error.code !== 'unauthorized') throw new Error('the expired token was not noticed');
  const state = await pam<{ status: string; step?: string }>('auth.state');
  if (state.status !== 'reauthRequired' || state.step !== 'mfa') {
    throw new Error(`expected only the MFA code to be asked, got ${state.status} ${state.step ?? ''}`);
  }
  await pam('auth.verifyMfa', { code: code() });
  await pam('credentials.copy', { sessionId: row.id, what: 'password' });
  steps.push('signed in again with only the MFA code');

  await pam('auth.signOut');
  const clipboardAfter = (await clipboard.peek()).text;
  const afterSignOut = await pam<{ profiles: Array<{ remembered: { token: boolean; password: boolean } }> }>(
    'profiles.list',
  );
  steps.push('signed out');

  await page.close();
  await browser.close();
  await bridge.stop();
  await sandbox.stop();
  log.close();

  const needles: Needle[] = [
    ...[...new Set(passwords)].map((value, i) => ({ label: `password#${i}`, value })),
    ...[...new Set(tokens)].map((value, i) => ({ label: `token#${i}`, value })),
    ...[...new Set(codes)].map((value, i) => ({ label: `mfa#${i}`, value, digits: true })),
  ];
  const scan = scanForSecrets([dataDir, tmp], needles);
  const logText = fs.readFileSync(path.join(dataDir, 'logs', 'pam-desk.log'), 'utf8');
  process.stdout.write(
    `${JSON.stringify({
      steps,
      keychain: keychainStatus,
      clipboardAfterSignOut: clipboardAfter,
      rememberedAfterSignOut: afterSignOut.profiles[0]?.remembered ?? null,
      needles: { passwords: new Set(passwords).size, tokens: new Set(tokens).size, codes: new Set(codes).size },
      scanned: { files: scan.files, bytes: scan.bytes },
      logLines: logText.split('\n').length,
      hits: scan.hits.map((h) => ({ ...h, file: path.relative(tmp, h.file) })),
    })}\n`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stdout.write(
      `${JSON.stringify({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) })}\n`,
    );
    process.exit(1);
  },
);
