/**
 * The bridge in a real browser: Debian's Chromium opens a page served by the bridge, and the page's own
 * module script calls `window.pam.app.info()` through the bridge-preload, under the strict CSP.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../e2e/support/chromium';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startBridgeApp, type BridgeApp, type BridgeCore } from '../../../main/bridge/bridgeApp';
import { createFakeCore, recordingLogger, writeTinyRenderer } from './fakeCore';

const appScript = `
// Runs as the app would: window.pam must already exist, before the socket has opened.
document.body.dataset.pamAtStart = typeof window.pam?.app?.info;
window.pam.app.info().then((result) => { document.body.dataset.info = JSON.stringify(result); });
try { eval('1'); document.body.dataset.evalAllowed = 'yes'; } catch { document.body.dataset.evalAllowed = 'no'; }
`;

let root: string;
let app: BridgeApp<BridgeCore>;
let browser: Browser;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'pam-bridge-chromium-'));
  const rendererDir = await writeTinyRenderer(root, appScript);
  app = await startBridgeApp({
    dataDir: path.join(root, 'data'),
    rendererDir,
    core: createFakeCore(),
    log: recordingLogger(),
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await rm(root, { recursive: true, force: true });
});

it('gives the page window.pam over the bridge, under a CSP that forbids eval', async () => {
  const page = await browser.newPage();
  await page.goto(app.url);
  await page.waitForFunction(() => document.body.dataset.info !== undefined);
  const data: Record<string, string | undefined> = await page.evaluate(() => ({
    ...Object.fromEntries(Object.entries(document.body.dataset)),
    hash: location.hash,
  }));
  expect(data.pamAtStart).toBe('function');
  expect(JSON.parse(data.info ?? '')).toEqual({
    ok: true,
    value: { name: 'PAM Desk', version: '0.0.0-test', transport: 'bridge', platform: 'linux' },
  });
  expect(data.evalAllowed).toBe('no');
  expect(data.hash).toBe('');

  // A reload keeps working: the token was kept for this tab, though it left the address bar.
  await page.reload();
  await page.waitForFunction(() => document.body.dataset.info !== undefined);
  expect(JSON.parse((await page.evaluate(() => document.body.dataset.info)) ?? '')).toMatchObject({ ok: true });
  await page.close();
});
