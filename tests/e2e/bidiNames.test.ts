/**
 * Names that try to disguise themselves with bidirectional control characters (U+202E RIGHT-TO-LEFT
 * OVERRIDE and friends): wherever the app shows a host, login account or user name, the control is shown
 * as a visible mark instead of reordering what the user reads, and the name is isolated from the text
 * around it.
 */
import { describe, expect, it } from 'vitest';
import { defaultDirectory } from '../../sandbox/directory/defaultDirectory';
import type { Directory } from '../../sandbox/index';
import { CredentialsPage } from './pages/CredentialsPage';
import { DashboardPage } from './pages/DashboardPage';
import { SignInPage } from './pages/SignInPage';
import { useE2e } from './support/fixture';

const e2e = useE2e();
const RLO = '\u202E';
const SHOWN = '[U+202E]';

/** Reads "Test server prod-01", "svcadmin" and "Alice adams" when the override is obeyed. */
const HOST = `Test server ${RLO}10-dorp`;
const ACCOUNT = `svc${RLO}nimda`;
const USER = `Alice ${RLO}smada`;

function disguisedDirectory(): Directory {
  const directory = defaultDirectory();
  const winApp = directory.resources.find((r) => r.name === 'win-app-01')!;
  winApp.displayName = HOST;
  const rdp = directory.activities.find((a) => a.protocol === 'rdp')!;
  for (const account of directory.loginAccounts) if (account.name === rdp.loginAccountName) account.name = ACCOUNT;
  rdp.loginAccountName = ACCOUNT;
  directory.users.find((u) => u.login === 'alice')!.displayName = USER;
  return directory;
}

/** What a name must look like on screen: the control visible, never raw. */
function expectNeutralised(text: string): void {
  expect(text).toContain(SHOWN);
  expect(text).not.toContain(RLO);
}

describe('names with bidi control characters', { timeout: 60_000 }, () => {
  it('show the control, isolated, in the dashboard, the details panel and the quick finder', async () => {
    const { app } = await e2e.start({ directory: disguisedDirectory() });
    const page = app.page;
    await new SignInPage(page).signInToSandboxAs('alice');
    const dashboard = new DashboardPage(page);
    await dashboard.waitForLoaded();
    const row = dashboard.row('Test server', 'Available').first();
    await row.waitFor();

    for (const field of ['host', 'loginAccount']) {
      const cell = dashboard.cell(row, field);
      expectNeutralised(await cell.innerText());
      expect(await cell.locator('bdi').count()).toBe(1);
    }

    await row.getByRole('button', { name: /Show details/ }).click();
    const details = page.getByRole('region', { name: 'Session details' });
    for (const label of ['Host', 'Login Account', 'User']) {
      const value = details.locator(`dd[data-field="${label}"]`);
      expectNeutralised(await value.innerText());
      expect(await value.locator('bdi').count()).toBe(1);
    }
    await page.keyboard.press('Escape');
    await details.waitFor({ state: 'detached' });

    const credentials = new CredentialsPage(page);
    await credentials.openFinder();
    await page.keyboard.type('test server');
    const option = credentials.finder().getByRole('option', { selected: true });
    await expect.poll(() => option.innerText()).toContain(SHOWN);
    expectNeutralised(await option.innerText());
    // Host and account are isolated from each other and from the separator between them.
    expect(await option.locator('bdi').count()).toBeGreaterThanOrEqual(2);
  });

  it('show the control in the user column of the Sessions tab', async () => {
    const { app } = await e2e.start({ directory: disguisedDirectory() });
    const page = app.page;
    await new SignInPage(page).signInToSandboxAs('helen');
    await page.getByRole('tab', { name: 'Sessions' }).click();
    const sessions = new DashboardPage(page, 'All Sessions');
    await sessions.waitForLoaded();
    const row = sessions.row('Alice', 'Test server').first();
    await row.waitFor();
    for (const field of ['user', 'host', 'loginAccount'])
      expectNeutralised(await sessions.cell(row, field).innerText());
  });
});
