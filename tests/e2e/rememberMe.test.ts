/**
 * Remember me, signing in again in place, sign-out hygiene, saved servers and an unusable keychain,
 * through the UI against the sandbox.
 */
import { describe, expect, it } from 'vitest';
import type { Core } from '../../main/core';
import { KeychainError, type Keychain } from '../../main/keychain/keychain';
import { MemoryKeychain } from '../../main/keychain/memoryKeychain';
import { CredentialsPage } from './pages/CredentialsPage';
import { DashboardPage } from './pages/DashboardPage';
import { SignInPage } from './pages/SignInPage';
import { screenshot } from './support/appPage';
import { eventually } from './support/eventually';
import { useE2e } from './support/fixture';

const e2e = useE2e();

describe('remember me and signing in again', { timeout: 60_000 }, () => {
  it('asks only for the MFA code, in place, when the token expires and the password is remembered', async () => {
    const { app } = await e2e.start({ timings: { tokenTtlMs: 4000 } });
    const page = app.page;
    const signIn = new SignInPage(page);
    await signIn.signInToSandboxAs('alice', { rememberMe: true, rememberPassword: true });
    const dashboard = new DashboardPage(page);
    await dashboard.waitForLoaded();
    const total = await dashboard.rows().count();
    await dashboard.search('Application');
    await expect.poll(() => dashboard.rows().count()).toBeLessThan(total);
    const shown = await dashboard.rows().count();

    const credentials = new CredentialsPage(page);
    const dialog = credentials.reSignInDialog();
    await dialog.waitFor({ timeout: 15_000 });
    expect(await dialog.getByRole('textbox', { name: 'MFA code' }).count()).toBe(1);
    expect(await dialog.getByLabel('Password').count()).toBe(0);
    await screenshot(page, '24-sign-in-again');
    // The view behind (hidden from assistive technology while the dialog is up) is untouched.
    const search = page.getByRole('searchbox', { name: 'Search', includeHidden: true });
    expect(await search.inputValue()).toBe('Application');
    expect(await page.locator('[role="grid"] [role="row"][data-id]').count()).toBe(shown);

    await dialog.getByRole('button', { name: 'Fill sandbox code' }).click();
    await expect.poll(() => dialog.getByRole('textbox', { name: 'MFA code' }).inputValue()).toMatch(/^\d{6}$/);
    await dialog.getByRole('button', { name: 'Verify' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => dashboard.statusBar().innerText(), { timeout: 10_000 }).toContain('Live');
    expect(await page.getByRole('searchbox', { name: 'Search' }).inputValue()).toBe('Application');
    expect(await dashboard.rows().count()).toBe(shown);
  });

  it('asks for the password first when only the sign-in is remembered', async () => {
    const { app, stack } = await e2e.start({ timings: { tokenTtlMs: 4000 } });
    const page = app.page;
    await new SignInPage(page).signInToSandboxAs('alice', { rememberMe: true });
    await new DashboardPage(page).waitForLoaded();
    const dialog = new CredentialsPage(page).reSignInDialog();
    await dialog.waitFor({ timeout: 15_000 });
    await dialog.getByLabel('Password').fill('wrong password');
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => dialog.getByRole('alert').innerText()).toContain('Wrong login or password');
    await dialog.getByLabel('Password').fill(stack.sandbox.users.find((u) => u.login === 'alice')!.password);
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await dialog.getByRole('textbox', { name: 'MFA code' }).fill(stack.sandbox.totp('alice'));
    await dialog.getByRole('button', { name: 'Verify' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await page.getByRole('grid').count()).toBe(1);
  });

  it('sign-out clears our clipboard value and forgets the remembered secrets; the server stays listed until forgotten', async () => {
    const { app, stack } = await e2e.start();
    const page = app.page;
    await new SignInPage(page).signInToSandboxAs('alice', { rememberMe: true, rememberPassword: true });
    const dashboard = new DashboardPage(page);
    await dashboard.waitForLoaded();
    const core = stack.bridge.core as Core;
    const row = dashboard.row('Application server 1', 'Available');
    await new CredentialsPage(page).copyPassword(row).click();
    await expect.poll(async () => (await core.clipboard.readText()).length).toBeGreaterThan(0);

    await page.getByRole('button', { name: /Sign out/ }).click();
    await page
      .getByRole('heading', { name: /Sign in/ })
      .first()
      .waitFor();
    expect(await core.clipboard.readText()).toBe('');
    expect(
      await core.keychain.list(
        await core.router
          .handle('profiles.list', undefined)
          .then((r) => (r.ok ? (r.value as { profiles: Array<{ id: string }> }).profiles[0]!.id : '')),
      ),
    ).toEqual([]);

    // Leaving the sandbox's user picker shows the servers PAM Desk knows.
    await page.getByRole('button', { name: 'Use another server' }).click();
    const saved = page.getByRole('region', { name: 'Saved servers' });
    await saved.waitFor();
    expect(await saved.innerText()).toContain('Sandbox — alice');
    await screenshot(page, '25-saved-servers');
    await saved.getByRole('button', { name: 'Forget Sandbox' }).click();
    await saved.waitFor({ state: 'detached' });
  });
});

describe('saved servers', { timeout: 60_000 }, () => {
  it('a remembered sign-in survives a restart of the app; after sign-out the saved server fills the form', async () => {
    const { app, stack } = await e2e.start();
    const page = app.page;
    const signIn = new SignInPage(page);
    const password = stack.sandbox.users.find((u) => u.login === 'alice')!.password;
    await signIn.connectToServer();
    await signIn.fillCredentials(stack.sandbox.url, 'alice', password);
    await signIn.setRemember({ rememberMe: true });
    await signIn.submitCredentials();
    await signIn.trustServer();
    await signIn.waitForMfaStep();
    await signIn.enterCode(stack.sandbox.totp('alice'));
    await new DashboardPage(page).waitForLoaded();

    // The last server lives in main's profiles only: nothing the page keeps is needed to find it again.
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    await stack.restartApp();
    await page.goto(stack.bridge.url);
    // Straight to the dashboard: the token came back from the keychain, nothing was asked.
    const dashboard = new DashboardPage(page);
    await dashboard.waitForLoaded();
    expect(await page.getByRole('heading', { name: 'Enter your MFA code' }).count()).toBe(0);

    await page.getByRole('button', { name: /Sign out/ }).click();
    const saved = page.getByRole('region', { name: 'Saved servers' });
    await saved.waitFor();
    // Main's last used profile fills the form at once.
    expect(await page.getByLabel('Server URL').inputValue()).toBe(stack.sandbox.url);
    expect(await page.getByLabel('Login').inputValue()).toBe('alice');
    await page.getByLabel('Login').fill('someone-else');
    const host = new URL(stack.sandbox.url).host;
    expect(await saved.innerText()).toContain(`${host} — alice`);
    expect(await saved.innerText()).toContain('asks for your password');
    await saved.getByRole('button', { name: `Sign in to ${host} — alice` }).click();
    await expect.poll(() => page.getByLabel('Server URL').inputValue()).toBe(stack.sandbox.url);
    expect(await page.getByLabel('Login').inputValue()).toBe('alice');
    expect(await page.getByLabel('Password', { exact: true }).inputValue()).toBe('');
  });
});

describe('keychain unavailable', { timeout: 60_000 }, () => {
  it('tells the user plainly and still signs in, with secrets in memory only', async () => {
    const refuse = async (): Promise<never> => {
      throw new KeychainError('no_service', 'No OS keychain is available (no Secret Service is running).');
    };
    const broken: Keychain = { backend: 'keytar', get: refuse, set: refuse, delete: refuse, list: refuse };
    const { app } = await e2e.start({ keychain: broken });
    const page = app.page;
    const notice = page.getByTestId('keychain-notice');
    await notice.waitFor();
    expect(await notice.innerText()).toMatch(
      /OS keychain can’t be used.*No OS keychain is available.*memory for this run only/s,
    );
    await screenshot(page, '26-keychain-unavailable');
    await new SignInPage(page).signInToSandboxAs('alice', { rememberMe: true });
    await new DashboardPage(page).waitForLoaded();
    expect(await page.getByTestId('keychain-notice').count()).toBe(1);
  });

  it('says under the remember-me boxes that the OS keychain keeps the sign-in when it works', async () => {
    const memory = new MemoryKeychain();
    const working: Keychain = {
      backend: 'keytar',
      get: (entry) => memory.get(entry),
      set: (entry, secret) => memory.set(entry, secret),
      delete: (entry) => memory.delete(entry),
      list: (profileId) => memory.list(profileId),
    };
    const { app } = await e2e.start({ keychain: working });
    const page = app.page;
    await new SignInPage(page).trySandbox();
    await eventually(() => page.getByTestId('remember-hint').innerText()).toBe(
      'Kept in your OS keychain, never in a file. Signing out forgets it.',
    );
    expect(await page.getByTestId('keychain-notice').count()).toBe(0);
  });

  it('says the sign-in is kept in memory, shows the notice in full once, then in one line, and remembers a dismissal', async () => {
    const refuse = async (): Promise<never> => {
      throw new KeychainError('no_service', 'No OS keychain is available (no Secret Service is running).');
    };
    const broken: Keychain = { backend: 'keytar', get: refuse, set: refuse, delete: refuse, list: refuse };
    const { app } = await e2e.start({ keychain: broken });
    const page = app.page;
    const signIn = new SignInPage(page);
    // The first time, in full.
    const notice = page.getByTestId('keychain-notice');
    await notice.waitFor();
    expect(await notice.getAttribute('data-compact')).toBeNull();
    expect(await notice.innerText()).toContain('No OS keychain is available');
    await signIn.trySandbox();
    await eventually(() => page.getByTestId('remember-hint').innerText()).toBe(
      'Kept in memory for this run only: the OS keychain can’t be used. Signing out forgets it.',
    );

    await signIn.signInToSandboxAs('alice', { rememberMe: true });
    const dashboard = new DashboardPage(page);
    await dashboard.waitForLoaded();
    // After the first time: one line, its details behind a toggle.
    await eventually(() => notice.getAttribute('data-compact')).not.toBeNull();
    expect((await notice.boundingBox())!.height).toBeLessThanOrEqual(40);
    expect(await notice.innerText()).not.toContain('No OS keychain is available');
    await screenshot(page, '27-keychain-notice-compact');
    await notice.getByRole('button', { name: 'Details' }).click();
    await eventually(() => notice.innerText()).toContain('No OS keychain is available');
    await notice.getByRole('button', { name: 'Details' }).click();
    await eventually(() => notice.innerText()).not.toContain('No OS keychain is available');

    await notice.getByRole('button', { name: 'Dismiss the keychain notice' }).click();
    await notice.waitFor({ state: 'detached' });
    await page.reload();
    await dashboard.waitForLoaded();
    await eventually(() => dashboard.statusBar().innerText()).toContain('Live');
    expect(await notice.count()).toBe(0);
  });
});
