/**
 * A fresh browser context per test (1366×768, downloads allowed) with a Playwright trace running;
 * on failure the trace and a screenshot go to test-results/<test name>.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expectAccessible } from './axe';

const resultsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../test-results');

export interface AppPage {
  page: Page;
  context: BrowserContext;
  /** Page errors seen so far: a test fails on an uncaught exception in the app. */
  pageErrors: string[];
  close(failed: boolean, testName: string): Promise<void>;
}

export async function openAppPage(
  browser: Browser,
  url?: string,
  options: { timezoneId?: string } = {},
): Promise<AppPage> {
  const context = await browser.newContext({
    viewport: { width: 1366, height: 768 },
    acceptDownloads: true,
    locale: 'en-US',
    timezoneId: options.timezoneId ?? 'UTC',
  });
  await context.tracing.start({ screenshots: true, snapshots: true });
  // Menus and dialogs animate; the tests wait for what a user sees, not for easing curves.
  await context.addInitScript(() => {
    document.addEventListener('DOMContentLoaded', () => {
      const style = document.createElement('style');
      style.textContent =
        '*, *::before, *::after { transition-duration: 0s !important; animation-duration: 0s !important; transition-delay: 0s !important; }';
      document.head.appendChild(style);
    });
  });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  if (url) await page.goto(url);
  return {
    page,
    context,
    pageErrors,
    async close(failed, testName) {
      const safe = testName.replace(/[^\w.-]+/g, '_').slice(0, 100);
      if (failed) {
        await mkdir(resultsDir, { recursive: true });
        await page.screenshot({ path: path.join(resultsDir, `${safe}.png`) }).catch(() => undefined);
        await context.tracing.stop({ path: path.join(resultsDir, `${safe}.trace.zip`) }).catch(() => undefined);
      } else {
        await context.tracing.stop().catch(() => undefined);
      }
      await context.close();
    },
  };
}

/**
 * A screen of a story: checked by axe-core (no serious or critical violations, see axe.ts), and with
 * PAM_E2E_SCREENSHOTS set, saved for humans to look at (never committed: test-results/ is ignored).
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  await expectAccessible(page, name);
  await snapshot(page, name);
}

/** Only the picture (PAM_E2E_SCREENSHOTS set), at once: a moment that the accessibility check would miss. */
export async function snapshot(page: Page, name: string): Promise<void> {
  if (!process.env.PAM_E2E_SCREENSHOTS) return;
  await mkdir(path.join(resultsDir, 'screens'), { recursive: true });
  await page.screenshot({ path: path.join(resultsDir, 'screens', `${name}.png`) });
}
