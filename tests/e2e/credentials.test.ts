/**
 * Copy Username, Copy Password and View Password against the sandbox, through the real UI in Chromium:
 * the right values reach the (bridge's) clipboard and leave it on time, a reveal shows then hides, a
 * session that ended refuses with a clear message, the quick finder copies in two keystrokes, and every
 * use shows in the session's details.
 */
import { describe, expect, it } from 'vitest';
import type { Core } from '../../main/core';
import { createNpsClient } from '../../main/nps/npsClient';
import { defaultDirectory } from '../../sandbox/directory/defaultDirectory';
import type { SandboxHandle } from '../../sandbox/index';
import { CredentialsPage } from './pages/CredentialsPage';
import { DashboardPage } from './pages/DashboardPage';
import { SignInPage } from './pages/SignInPage';
import { screenshot } from './support/appPage';
import { useE2e } from './support/fixture';
import type { StackOptions } from './support/stack';

const e2e = useE2e();
const HOST = 'Application server 1';
const RESOURCE = 'win-app-01';

/** The demo directory with a short reveal window, so a test can watch it end. */
function directoryWithRevealSeconds(seconds: number) {
  const directory = defaultDirectory();
  for (const policy of directory.policies) if (policy.allowPasswordAccess) policy.viewPasswordSeconds = seconds;
  return directory;
}

async function signedInAs(login: string, options: StackOptions = {}) {
  const world = await e2e.start(options);
  const page = world.app.page;
  await new SignInPage(page).signInToSandboxAs(login);
  const dashboard = new DashboardPage(page);
  await dashboard.waitForLoaded();
  const row = dashboard.row(HOST, 'Available');
  await row.first().waitFor();
  return {
    ...world,
    page,
    dashboard,
    row,
    credentials: new CredentialsPage(page),
    core: world.stack.bridge.core as Core,
  };
}

const clipboardText = (core: Core) => core.clipboard.readText();

/** Ends a session behind the app's back (another client), so the dashboard still shows it Available. */
async function endOnServer(sandbox: SandboxHandle, login: string, sessionId: string): Promise<void> {
  const client = createNpsClient({ baseUrl: sandbox.url, pin: sandbox.fingerprint, retries: 0 });
  try {
    const user = sandbox.users.find((u) => u.login === login)!;
    const pre = await client.signInWithPassword(login, user.password);
    const token = await client.signInWithMfa(pre, sandbox.totp(login));
    await client.withToken(token).endSession(sessionId);
  } finally {
    client.close();
  }
}

describe('credentials of a session', { timeout: 60_000 }, () => {
  it('copies the username and the password to the clipboard and clears it after the set time', async () => {
    const { page, row, credentials, core, stack } = await signedInAs('alice');
    await core.router.handle('prefs.update', { clipboardClearSeconds: 5 });
    const account = (await new DashboardPage(page).cell(row, 'loginAccount').innerText()).trim();

    await credentials.copyUsername(row).click();
    await expect.poll(() => clipboardText(core)).toBe(account);
    await expect
      .poll(() => credentials.clipboardNotice().innerText())
      .toMatch(/Username copied — the clipboard clears in [1-5] s/);

    await credentials.copyPassword(row).click();
    await expect
      .poll(async () => stack.sandbox.checkCredential(RESOURCE, account, await clipboardText(core)))
      .toBe(true);
    const notice = await credentials.clipboardNotice().innerText();
    expect(notice).toMatch(/Password copied/);
    expect(notice).not.toContain(await clipboardText(core));
    expect(await page.content()).not.toContain(await clipboardText(core));
    // The "Clipboard cleared" notice shows for a few seconds only, and the screenshot's accessibility scan can
    // outlast them on a loaded machine: the page notes when it appears.
    await page.evaluate(`(() => {
      window.__sawCleared = false;
      const seen = () => {
        const notice = document.querySelector('[data-testid="clipboard-status"]');
        if (notice && notice.textContent.includes('Clipboard cleared')) window.__sawCleared = true;
      };
      new MutationObserver(seen).observe(document.body, { subtree: true, childList: true, characterData: true });
      seen();
    })()`);
    await screenshot(page, '20-password-copied');

    await expect.poll(() => clipboardText(core), { timeout: 8000 }).toBe('');
    await expect.poll(() => page.evaluate('window.__sawCleared')).toBe(true);
    // Screen-reader users hear the clearing once (the countdown itself is silent).
    await expect.poll(() => page.getByTestId('announcer').innerText()).toBe('Clipboard cleared.');
  });

  it('shows the password for the policy’s time with a countdown, then removes it; leaving the window hides it at once', async () => {
    const { page, row, credentials, stack, dashboard } = await signedInAs('alice', {
      directory: directoryWithRevealSeconds(3),
    });
    const account = (await dashboard.cell(row, 'loginAccount').innerText()).trim();
    await credentials.viewPassword(row).click();
    await credentials.revealDialog().waitFor();
    const shown = await credentials.revealedPassword().innerText();
    expect(stack.sandbox.checkCredential(RESOURCE, account, shown)).toBe(true);
    expect(await page.getByTestId('reveal-countdown').innerText()).toMatch(/Hidden in [1-3] s/);
    await screenshot(page, '21-password-revealed');
    await credentials.revealDialog().waitFor({ state: 'detached', timeout: 6000 });
    expect(await page.content()).not.toContain(shown);

    await credentials.viewPassword(row).click();
    await credentials.revealDialog().waitFor();
    await page.evaluate(() => window.dispatchEvent(new Event('blur')));
    await credentials.revealDialog().waitFor({ state: 'detached', timeout: 1000 });
    expect(await page.content()).not.toContain(shown);
  });

  it('refuses with a clear message once the session ended and its password was rotated', async () => {
    const { page, row, credentials, core, stack, dashboard } = await signedInAs('alice', { pollIntervalMs: 60_000 });
    const account = (await dashboard.cell(row, 'loginAccount').innerText()).trim();
    await credentials.copyPassword(row).click();
    await expect.poll(async () => (await clipboardText(core)).length).toBeGreaterThan(0);
    const old = await clipboardText(core);

    const id = (await row.first().getAttribute('data-id'))!;
    await endOnServer(stack.sandbox, 'alice', id);
    await expect.poll(() => stack.sandbox.checkCredential(RESOURCE, account, old), { timeout: 8000 }).toBe(false);

    // The dashboard has not polled yet: the row still offers the icons, and the server says no.
    await credentials.copyPassword(row).click();
    await expect
      .poll(() => credentials.errorNotice().innerText())
      .toMatch(
        /Password not copied: The session on .* is (over|ending): credentials can be used only while it is Available or Logged In/,
      );
    expect(await clipboardText(core)).toBe(old);
    await screenshot(page, '22-copy-refused');
  });

  it('the quick finder copies the password, or the username, in two keystrokes', async () => {
    const { page, credentials, core, stack, dashboard, row } = await signedInAs('alice');
    const account = (await dashboard.cell(row, 'loginAccount').innerText()).trim();
    await dashboard.search('nothing matches this');
    await credentials.openFinder();
    await page.keyboard.type('server 1');
    await expect.poll(() => credentials.finder().getByRole('option', { selected: true }).innerText()).toContain(HOST);
    await screenshot(page, '23-quick-finder');
    await page.keyboard.press('Enter');
    await credentials.finder().waitFor({ state: 'detached' });
    await expect
      .poll(async () => stack.sandbox.checkCredential(RESOURCE, account, await clipboardText(core)))
      .toBe(true);

    await credentials.openFinder();
    await page.keyboard.type('app');
    await page.keyboard.press('Shift+Enter');
    await expect.poll(() => clipboardText(core)).toBe(account);
  });

  it('helpdesk staff find any user’s session on the Sessions tab and copy its password from the finder', async () => {
    const world = await e2e.start();
    const page = world.app.page;
    await new SignInPage(page).signInToSandboxAs('helen');
    await page.getByRole('tab', { name: 'Sessions' }).click();
    const all = new DashboardPage(page, 'All Sessions');
    await all.waitForLoaded();
    const row = all.row(HOST, 'Available');
    await row.first().waitFor();
    const account = (await all.cell(row, 'loginAccount').innerText()).trim();
    const core = world.stack.bridge.core as Core;
    await new CredentialsPage(page).openFinder();
    await page.keyboard.type('server 1 admin');
    await page.keyboard.press('Enter');
    await expect
      .poll(async () => world.stack.sandbox.checkCredential(RESOURCE, account, await clipboardText(core)))
      .toBe(true);
    // No administrator tools for helpdesk staff.
    expect(await page.getByRole('button', { name: 'Lock', exact: true }).count()).toBe(0);
  });

  it('lists every copy and view in the session’s details, without the secret', async () => {
    const { page, row, credentials, core } = await signedInAs('alice');
    await credentials.copyUsername(row).click();
    await expect.poll(() => credentials.clipboardNotice().innerText()).toContain('Username copied');
    await credentials.copyPassword(row).click();
    await expect.poll(() => credentials.clipboardNotice().innerText()).toContain('Password copied');
    const secret = await clipboardText(core);
    await row.getByRole('button', { name: /Show details/ }).click();
    const use = page.getByRole('region', { name: 'Session details' }).getByRole('region', { name: 'Credential use' });
    await expect
      .poll(() => use.locator('li').allInnerTexts())
      .toEqual([
        expect.stringMatching(/alice: Copied the password$/),
        expect.stringMatching(/alice: Copied the username$/),
      ]);
    expect(await use.innerText()).not.toContain(secret);
  });
});
