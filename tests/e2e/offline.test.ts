/**
 * When the server goes away the dashboard says so and keeps what it had; when it returns the feed
 * recovers by itself. When the sign-in runs out, the user is asked to sign in again.
 */
import { describe, expect, it } from 'vitest';
import { eventually } from './support/eventually';
import { DashboardPage } from './pages/DashboardPage';
import { SignInPage } from './pages/SignInPage';
import { screenshot } from './support/appPage';
import { useE2e } from './support/fixture';
import { startTcpProxy } from './support/tcpProxy';

const e2e = useE2e();

describe('connection trouble', { timeout: 60_000 }, () => {
  it('shows “offline, retrying” while the server is away and recovers when it returns', async () => {
    const { app, stack } = await e2e.start();
    const page = app.page;
    const proxy = await startTcpProxy(Number(new URL(stack.sandbox.url).port));
    try {
      const serverUrl = `https://127.0.0.1:${proxy.port}`;
      const signIn = new SignInPage(page);
      await signIn.connectToServer();
      await signIn.fillCredentials(serverUrl, 'alice', stack.sandbox.users.find((u) => u.login === 'alice')!.password);
      await signIn.submitCredentials();
      await signIn.trustServer();
      await signIn.waitForMfaStep();
      await signIn.enterCode(stack.sandbox.totp('alice'));
      const dashboard = new DashboardPage(page);
      await dashboard.waitForLoaded();
      await eventually(() => dashboard.statusBar().innerText()).toContain('Live');
      const rows = await dashboard.rows().count();

      await proxy.goDown();
      await expect
        .poll(() => dashboard.statusBar().innerText(), { timeout: 10_000 })
        .toContain('Offline — can’t reach the server, retrying');
      expect(await page.getByRole('alert').innerText()).toContain('Can’t reach the server — retrying.');
      // What was loaded stays on screen.
      expect(await dashboard.rows().count()).toBe(rows);
      await screenshot(page, '15-offline');

      await proxy.comeBack();
      await eventually(() => dashboard.statusBar().innerText(), { timeout: 15_000 }).toContain('Live');
      expect(await page.getByRole('alert').count()).toBe(0);
      expect(await dashboard.rows().count()).toBe(rows);
    } finally {
      await proxy.close();
    }
  });

  it('asks the user to sign in again, in place, when the session expires', async () => {
    const { app } = await e2e.start({ timings: { tokenTtlMs: 4000 } });
    const page = app.page;
    await new SignInPage(page).signInToSandboxAs('alice');
    await new DashboardPage(page).waitForLoaded();
    const dialog = page.getByRole('dialog', { name: 'Sign in again to continue' });
    await dialog.waitFor({ timeout: 15_000 });
    await screenshot(page, '16-expired');
    // The dashboard stays behind the (modal) dialog, hidden from assistive technology meanwhile.
    expect(await page.getByRole('grid', { includeHidden: true }).count()).toBe(1);
    expect(await dialog.getByLabel('Password').count()).toBe(1);
  });
});
