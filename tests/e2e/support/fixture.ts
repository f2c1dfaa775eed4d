/**
 * One Chromium per test file; per test a fresh stack (sandbox + bridge + core) and browser context.
 * On failure the context's trace and a screenshot land in test-results/.
 */
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, inject, type TestContext } from 'vitest';
import '../globalSetup';
import { openAppPage, type AppPage } from './appPage';
import { launchChromium } from './chromium';
import { startStack, type Stack, type StackOptions } from './stack';

export interface E2eWorld {
  stack: Stack;
  app: AppPage;
}

export interface E2eOptions extends StackOptions {
  /** The browser's time zone (default UTC). */
  timezoneId?: string;
}

export function useE2e(): { start(options?: E2eOptions): Promise<E2eWorld> } {
  let browser: Browser | null = null;
  let current: E2eWorld | null = null;

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async (context: TestContext) => {
    const world = current;
    current = null;
    if (!world) return;
    const failed = context.task.result?.state === 'fail';
    await world.app.close(failed, context.task.name);
    await world.stack.stop();
    if (!failed && world.app.pageErrors.length) throw new Error(`the page threw: ${world.app.pageErrors.join('; ')}`);
  });

  return {
    async start(options = {}) {
      const { timezoneId, ...stackOptions } = options;
      const stack = await startStack({ rendererDir: inject('rendererDir'), ...stackOptions });
      const app = await openAppPage(browser!, stack.bridge.url, timezoneId ? { timezoneId } : {});
      current = { stack, app };
      return current;
    },
  };
}
