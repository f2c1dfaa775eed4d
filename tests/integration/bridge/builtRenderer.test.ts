/**
 * The tooling end to end: the real renderer, built by the same function `npm run build:renderer` uses,
 * served by the bridge with the real core, boots in Chromium under the CSP without a single console error.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../e2e/support/chromium';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startBridgeApp, type BridgeApp } from '../../../main/bridge/bridgeApp';
import { buildRendererForBrowser } from '../../../scripts/rendererBuild';
import { recordingLogger } from './fakeCore';

let root: string;
let rendererDir: string;
let app: BridgeApp;
let browser: Browser;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'pam-built-renderer-'));
  rendererDir = await buildRendererForBrowser({ outDir: path.join(root, 'renderer-web') });
  app = await startBridgeApp({ dataDir: path.join(root, 'data'), rendererDir, log: recordingLogger() });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await rm(root, { recursive: true, force: true });
});

it('builds an index.html with no inline script and the CSP meta first in <head>', async () => {
  const html = await readFile(path.join(rendererDir, 'index.html'), 'utf8');
  expect(html).toMatch(/<head>\s*<meta http-equiv="Content-Security-Policy"/);
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
});

it('boots the real UI through the bridge without console errors', async () => {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(app.url);
  await page.waitForFunction(() => (document.getElementById('root')?.childElementCount ?? 0) > 0);
  const info = await page.evaluate(() =>
    (window as unknown as { pam: { app: { info(): Promise<unknown> } } }).pam.app.info(),
  );
  expect(info).toMatchObject({ ok: true, value: { name: 'PAM Desk', transport: 'bridge' } });
  expect(problems).toEqual([]);
  await page.close();
});
