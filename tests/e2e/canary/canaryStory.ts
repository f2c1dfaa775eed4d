/**
 * The canary's story, run in its own process (canary.test.ts starts it inside a D-Bus session with an
 * unlocked gnome-keyring, a private HOME and a private TMPDIR): sign in with remember-me, copy the username
 * and the password, view the password, let the token expire and sign in again, sign out — then search the
 * app's data folder (settings, profiles, audit, logs) and the whole temp folder (Chromium's profile included)
 * for every password, token and MFA code that went by. Prints one JSON line with what it saw.
 *
 * The story is driven through the UI (page objects of the e2e tests). Tokens are learned by wrapping the
 * NPS client factory: the test sees what the core received, nothing
 * more. The clipboard is the bridge's in-memory one.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium } from '../support/chromium';
import type { PamApi, Result } from '../../../contract';
import { startBridgeApp } from '../../../main/bridge/bridgeApp';
import { createFileLogger } from '../../../main/log/fileLogger';
import { createNpsClient, type NpsClientFactory } from '../../../main/nps/npsClient';
import { MemoryClipboard } from '../../../main/platform/memoryClipboard';
import { startSandbox, totpCode } from '../../../sandbox/index';
import { CredentialsPage } from '../pages/CredentialsPage';
import { DashboardPage } from '../pages/DashboardPage';
import { SignInPage } from '../pages/SignInPage';
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
      pollIntervalMs: 1000,
    },
  });
  const browser = await launchChromium();
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
  // Every code valid around now (the UI fetches its own with "Fill sandbox code").
  const recordCodes = () => {
    for (const offset of [-30_000, 0, 30_000]) codes.push(totpCode(alice.totpSecret, Date.now() + offset));
  };

  // The story is told through the UI, as a user would.
  const keychainStatus = await pam<{ backend: string; degraded: boolean }>('keychain.status');
  const signIn = new SignInPage(page);
  recordCodes();
  await signIn.signInToSandboxAs('alice', { rememberMe: true, rememberPassword: true });
  const dashboard = new DashboardPage(page);
  await dashboard.waitForLoaded();
  steps.push('signed in with remember me');

  const credentials = new CredentialsPage(page);
  // A copy is done when the clipboard took a new write (a notice from an earlier copy may still show).
  const copyWith = async (button: ReturnType<CredentialsPage['copyPassword']>) => {
    const before = clipboard.peek().writes;
    await button.click();
    const deadline = Date.now() + 15_000;
    while (clipboard.peek().writes === before) {
      if (Date.now() > deadline) throw new Error('the copy did not reach the clipboard');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const row = dashboard.row('Application server 1', 'Available');
  await copyWith(credentials.copyUsername(row));
  await copyWith(credentials.copyPassword(row));
  passwords.push(clipboard.peek().text);
  steps.push('copied username and password');
  await credentials.viewPassword(row).click();
  passwords.push(await credentials.revealedPassword().innerText());
  await page.getByRole('button', { name: 'Hide now' }).click();
  await credentials.revealDialog().waitFor({ state: 'detached' });
  steps.push('viewed the password');

  const remembered = await pam<{ profiles: Array<{ remembered: { token: boolean; password: boolean } }> }>(
    'profiles.list',
  );
  if (!remembered.profiles[0]?.remembered.token || !remembered.profiles[0].remembered.password) {
    throw new Error('remember me did not store the token and password');
  }
  // The dashboard polls; when the token runs out the re-sign-in asks for the code only, in place.
  const dialog = credentials.reSignInDialog();
  await dialog.waitFor({ timeout: TOKEN_TTL_MS + 30_000 });
  if ((await dialog.getByLabel('Password').count()) !== 0) throw new Error('the password was asked again');
  recordCodes();
  await dialog.getByRole('button', { name: 'Fill sandbox code' }).click();
  await page.waitForFunction(() =>
    /^\d{6}$/.test(
      (document.querySelector('input[autocomplete="one-time-code"]') as HTMLInputElement | null)?.value ?? '',
    ),
  );
  await dialog.getByRole('button', { name: 'Verify' }).click();
  await dialog.waitFor({ state: 'detached' });
  await copyWith(credentials.copyPassword(row));
  steps.push('signed in again with only the MFA code');

  await page.getByRole('button', { name: /Sign out/ }).click();
  await page
    .getByRole('heading', { name: /Sign in/ })
    .first()
    .waitFor();
  // The sign-in screen shows as soon as the state changes; the keychain entries are deleted right after.
  // Wait (bounded) for that to finish, so the report says what the keychain holds once sign-out is done.
  type ProfileList = { profiles: Array<{ remembered: { token: boolean; password: boolean } }> };
  let profileList = await pam<ProfileList>('profiles.list');
  for (
    let tries = 0;
    tries < 50 && profileList.profiles.some((p) => p.remembered.token || p.remembered.password);
    tries++
  ) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    profileList = await pam<ProfileList>('profiles.list');
  }
  const clipboardAfter = (await clipboard.peek()).text;
  const afterSignOut = profileList;
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
