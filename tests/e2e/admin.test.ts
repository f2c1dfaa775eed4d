/**
 * An administrator's Sessions tab: everyone's sessions, filtered by user, resource and activity;
 * locking another user's session with a message, unlocking it, and ending it.
 */
import { describe, expect, it } from 'vitest';
import { eventually } from './support/eventually';
import { DashboardPage } from './pages/DashboardPage';
import { SignInPage } from './pages/SignInPage';
import { screenshot } from './support/appPage';
import { useE2e } from './support/fixture';

const e2e = useE2e();

describe('Sessions tab (administrators)', { timeout: 60_000 }, () => {
  it('locks, unlocks and ends another user’s session', async () => {
    const { app } = await e2e.start();
    const page = app.page;
    await new SignInPage(page).signInToSandboxAs('adam');
    await new DashboardPage(page).waitForLoaded();
    expect(await page.getByTestId('signed-in-user').innerText()).toContain('Administrator');
    expect(await page.getByRole('tab').allInnerTexts()).toEqual([
      'Active Dashboard',
      'History',
      'Approvals',
      'Sessions',
    ]);

    await page.getByRole('tab', { name: 'Sessions' }).click();
    const sessions = new DashboardPage(page, 'All Sessions');
    await sessions.waitForLoaded();
    expect(await sessions.headers()).toEqual([
      'Status',
      'Requested',
      'User',
      'Type',
      'Host',
      'Login Account',
      'Activity',
      'Start',
      'End',
    ]);
    const users = new Set(await sessions.columnTexts('user'));
    expect(users.has('Alice Adams') && users.has('Bob Brown')).toBe(true);
    await screenshot(page, '13-admin-sessions');

    await page.getByRole('searchbox', { name: 'User' }).fill('bob');
    await eventually(async () => new Set(await sessions.columnTexts('user'))).toEqual(new Set(['Bob Brown']));
    await page.getByRole('searchbox', { name: 'Activity' }).fill('operator');
    await eventually(() => sessions.rows().count()).toBe(1);
    const row = sessions.rows().first();
    const id = await row.getAttribute('data-id');
    const target = sessions.rows().and(page.locator(`[data-id="${id}"]`));
    expect(await sessions.cell(target, 'activity').innerText()).toContain('Linux Operator Shell');
    expect(await sessions.cell(target, 'status').innerText()).not.toContain('Locked');

    await sessions.select(target);
    await sessions.button('Lock').click();
    const lock = page.getByRole('dialog', { name: 'Lock 1 session?' });
    await lock.waitFor();
    expect(await lock.getByRole('list', { name: 'Sessions to lock' }).innerText()).toContain('Bob Brown');
    await lock.getByRole('textbox', { name: 'Message to the user' }).fill('Locked during incident review');
    await screenshot(page, '14-lock-dialog');
    await lock.getByRole('button', { name: 'Lock 1 session' }).click();
    await lock.waitFor({ state: 'detached' });
    await eventually(() => sessions.cell(target, 'status').innerText(), { timeout: 8000 }).toContain('Locked');

    await sessions.button('Unlock').click();
    const unlock = page.getByRole('dialog', { name: 'Unlock 1 session?' });
    await unlock.getByRole('button', { name: 'Unlock 1 session' }).click();
    await unlock.waitFor({ state: 'detached' });
    await eventually(() => sessions.cell(target, 'status').innerText(), { timeout: 8000 }).not.toContain('Locked');

    await sessions.button('End Session').click();
    const end = page.getByRole('dialog', { name: 'End 1 session?' });
    await end.getByRole('button', { name: 'End 1 session' }).click();
    await end.waitFor({ state: 'detached' });
    await eventually(() => sessions.cell(target, 'status').innerText(), { timeout: 10_000 }).toContain('Complete');
  });

  it('is not offered to end users', async () => {
    const { app } = await e2e.start();
    await new SignInPage(app.page).signInToSandboxAs('bob');
    await new DashboardPage(app.page).waitForLoaded();
    expect(await app.page.getByRole('tab').allInnerTexts()).toEqual(['Active Dashboard', 'History']);
    expect(await app.page.getByRole('button', { name: 'Lock', exact: true }).count()).toBe(0);
    // bob sees only his own sessions, with no User column.
    expect(await new DashboardPage(app.page).headers()).not.toContain('User');
  });
});
