/**
 * The packaged shell, driven by Playwright's Electron support (`npm run test:electron`, after
 * `electron-vite build`). Checks what only the real Electron can show: the hardened page really is
 * isolated, window.pam really goes over IPC, and navigation really is blocked.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { actionChannels, eventChannels } from '../../contract';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const electronBinary = createRequire(import.meta.url)('electron') as unknown as string;

let userData: string;
let app: ElectronApplication;
let page: Page;

beforeAll(async () => {
  userData = await mkdtemp(path.join(tmpdir(), 'pam-electron-'));
  app = await electron.launch({
    executablePath: electronBinary,
    args: [path.join(repoRoot, 'out/main/index.js')],
    env: { ...process.env, PAM_DESK_USER_DATA: userData },
    cwd: repoRoot,
  });
  page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
});

afterAll(async () => {
  await app?.close();
  await rm(userData, { recursive: true, force: true });
});

it('loads our page from app:// and exposes only window.pam', async () => {
  expect(page.url()).toBe('app://pam-desk/index.html');
  const globals = await page.evaluate(() => ({
    require: typeof (window as unknown as { require?: unknown }).require,
    process: typeof (window as unknown as { process?: unknown }).process,
    pam: Object.keys((window as unknown as { pam: object }).pam).sort(),
  }));
  expect(globals.require).toBe('undefined');
  expect(globals.process).toBe('undefined');
  const namespaces = new Set([...actionChannels, ...eventChannels].map((channel) => channel.split('.')[0]));
  expect(globals.pam).toEqual([...namespaces].sort());
});

it('answers app.info over Electron IPC', async () => {
  const info = await page.evaluate(() =>
    (window as unknown as { pam: { app: { info(): Promise<unknown> } } }).pam.app.info(),
  );
  expect(info).toMatchObject({ ok: true, value: { name: 'PAM Desk', transport: 'electron' } });
});

it('blocks navigation away from the app and refuses eval', async () => {
  await page.evaluate(() => {
    window.location.href = 'https://example.com/';
  });
  await page.waitForTimeout(500);
  expect(page.url()).toBe('app://pam-desk/index.html');
  const evalAllowed = await page.evaluate(() => {
    try {
      return eval('true') as boolean;
    } catch {
      return false;
    }
  });
  expect(evalAllowed).toBe(false);
});

it('denies new windows', async () => {
  const opened = await page.evaluate(() => window.open('app://pam-desk/index.html') === null);
  expect(opened).toBe(true);
  expect(app.windows()).toHaveLength(1);
});
