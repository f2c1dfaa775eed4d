/**
 * States the sandbox cannot easily be pushed into, shown with the in-memory `window.pam`
 * (tests/fakes/fakePam.ts) in real Chromium: an empty dashboard, a failed first load and its retry,
 * a feed error, and a bulk action where one session fails.
 */
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, type TestContext } from 'vitest';
import { eventually } from './support/eventually';
import { startFakeHarness, type FakeHarness } from './harness/fakeHarness';
import { DashboardPage } from './pages/DashboardPage';
import { openAppPage, screenshot, type AppPage } from './support/appPage';
import { launchChromium } from './support/chromium';
import './globalSetup';

let browser: Browser;
let harness: FakeHarness;
let app: AppPage | null = null;

beforeAll(async () => {
  browser = await launchChromium();
  harness = await startFakeHarness({ rendererDir: inject('rendererDir') });
});
afterAll(async () => {
  await browser?.close();
  await harness?.stop();
});
afterEach(async (context: TestContext) => {
  await app?.close(context.task.result?.state === 'fail', context.task.name);
  app = null;
});

async function open(query: string): Promise<AppPage> {
  app = await openAppPage(browser, `${harness.url}?${query}`);
  return app;
}

describe('dashboard states', { timeout: 30_000 }, () => {
  it('tells a user with no sessions what to do', async () => {
    const { page } = await open('as=rita');
    // An approver lands on her Approvals dashboard, which says what to expect there; never a dead end.
    await page.getByText('No requests are waiting for your approval').waitFor();
    await page.getByRole('tab', { name: 'Active Dashboard' }).click();
    await page.getByText('No active sessions').waitFor();
    expect(await page.getByText(/Request one with Create Session \(Alt\+N\)/).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Create Session' }).isEnabled()).toBe(true);
    await screenshot(page, '17-empty');
  });

  it('explains a failed first load and loads on Retry', async () => {
    const { page } = await open('as=alice&fail=sessions.watch:server_error');
    const alert = page.getByRole('alert');
    await expect
      .poll(() => alert.innerText())
      .toContain('The sessions could not be loaded: the server reported an error.');
    await screenshot(page, '18-load-error');
    await alert.getByRole('button', { name: 'Retry' }).click();
    const dashboard = new DashboardPage(page);
    await dashboard.waitForLoaded();
    expect(await dashboard.rows().count()).toBeGreaterThan(5);
  });

  it('shows a feed error in the banner and the status bar, and clears it when the feed is live again', async () => {
    const { page } = await open('as=alice');
    const dashboard = new DashboardPage(page);
    await dashboard.waitForLoaded();
    await page.evaluate(
      `window.fakePam.emitFeed({ state: 'error', message: 'The server rejected the request (HTTP 500)', code: 'server_error' })`,
    );
    await eventually(() => page.getByRole('alert').innerText()).toContain('The session list could not be updated.');
    expect(await dashboard.statusBar().innerText()).toContain('Error — The server rejected the request (HTTP 500)');
    await page.evaluate(`window.fakePam.emitFeed({ state: 'live' })`);
    await eventually(() => page.getByRole('alert').count()).toBe(0);
    expect(await dashboard.statusBar().innerText()).toContain('Live');
  });

  it('leaves the sessions that have ended out of an End, says why, and ends the others', async () => {
    const { page } = await open('as=alice');
    const dashboard = new DashboardPage(page);
    await dashboard.waitForLoaded();
    const available = dashboard.row('Available');
    const complete = dashboard.row('Complete');
    await dashboard.select(available);
    await dashboard.select(complete);
    const refusal = page.locator('span[data-refusal]', { has: dashboard.button('End Session') });
    // Offered for the one it can end (the button stays on); the other is named where the button is.
    expect(await refusal.count()).toBe(0);
    await dashboard.button('End Session').click();
    const dialog = page.getByRole('dialog', { name: 'End 1 session?' });
    await dialog.getByRole('button', { name: 'End 1 session' }).click();
    await dialog.waitFor({ state: 'detached' });
    await eventually(() => dashboard.statuses()).toContain('Canceling');
    // The Complete one alone: nothing to end, and the toolbar says why.
    await dashboard.select(complete);
    await eventually(() => dashboard.button('End Session').isDisabled()).toBe(true);
    expect(await refusal.getAttribute('title')).toBe('The session has ended.');
    await screenshot(page, '19-end-refused');
  });

  it('selects only the rows on the current page with the header checkbox', async () => {
    const { page } = await open('as=adam&extra=120');
    await page.getByRole('tab', { name: 'Sessions' }).click();
    const sessions = new DashboardPage(page, 'All Sessions');
    await sessions.waitForLoaded();
    expect(await sessions.rowCountText().innerText()).toBe('133 sessions');
    await sessions
      .grid()
      .getByRole('checkbox', { name: /select all/i })
      .check();
    await eventually(() => page.getByText('50 selected').count()).toBe(1);
    // Those of the 50 that have ended (or are ending) are left out of the End.
    await sessions.button('End Session').click();
    const dialog = page.getByRole('dialog', { name: /^End \d+ sessions\?$/ });
    await dialog.waitFor();
    const endable = Number(/End (\d+)/.exec(await dialog.getByRole('heading').innerText())?.[1]);
    expect(endable).toBeGreaterThan(0);
    expect(endable).toBeLessThan(50);
  });
});
