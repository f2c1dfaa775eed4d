/**
 * Alice's Active Dashboard against the sandbox: what she sees, how she finds a session, how she shapes
 * the table (remembered), and ending a session and reading its log.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { Preferences } from '../../contract';
import { eventually } from './support/eventually';
import { DashboardPage } from './pages/DashboardPage';
import { SessionLogsPage } from './pages/SessionLogsPage';
import { SignInPage } from './pages/SignInPage';
import { screenshot } from './support/appPage';
import { useE2e } from './support/fixture';

const e2e = useE2e();

async function signedInAs(login: string, options: Parameters<typeof e2e.start>[0] = {}) {
  const world = await e2e.start(options);
  await new SignInPage(world.app.page).signInToSandboxAs(login);
  const dashboard = new DashboardPage(world.app.page);
  await dashboard.waitForLoaded();
  return { ...world, dashboard, page: world.app.page };
}

const sorted = (values: string[], direction: 1 | -1) =>
  values.slice().sort((a, b) => direction * a.localeCompare(b, undefined, { sensitivity: 'base' }));

describe('Active Dashboard', { timeout: 60_000 }, () => {
  it('shows the signed-in user’s sessions with the documented columns, statuses and details', async () => {
    const { dashboard, page } = await signedInAs('alice');
    expect(await dashboard.headers()).toEqual([
      'Status',
      'Requested',
      'Type',
      'Host',
      'Login Account',
      'Activity',
      'Start',
      'End',
    ]);
    // The provisioning demo session becomes Available within the short sandbox timings.
    await eventually(() => dashboard.statuses(), { timeout: 10_000 }).not.toContain('Provisioning');
    const statuses = await dashboard.statuses();
    for (const label of ['Available', 'Logged In', 'Waiting for Approval', 'Scheduled', 'Failed', 'Complete'])
      expect(statuses).toContain(label);
    expect(await dashboard.rowCountText().innerText()).toBe(`${statuses.length} sessions`);
    // Only alice's own sessions: bob's locked session is not on her dashboard.
    expect(statuses).not.toContain('Locked');
    await eventually(() => dashboard.statusBar().innerText()).toContain('Live');
    await screenshot(page, '07-dashboard-alice');

    const row = dashboard.row('SQL Server (production)');
    await row.getByRole('button', { name: /Show details/ }).click();
    const details = page.getByRole('region', { name: 'Session details' });
    await details.waitFor();
    expect(await details.innerText()).toContain('Waiting for Approval');
    for (const label of ['Policy', 'Ticket', 'Note', 'Server Status', 'Actual Start', 'Actual End']) {
      expect(await details.getByText(label, { exact: true }).count(), label).toBe(1);
    }
    expect(await details.locator('[data-field="Policy"]').innerText()).not.toBe('—');
    await screenshot(page, '08-details-panel');
    await page.getByRole('button', { name: 'Close details' }).click();
    await details.waitFor({ state: 'detached' });
  });

  it('finds sessions by search and resource name, sorts, resizes, and remembers the chosen columns', async () => {
    const { dashboard, page, stack } = await signedInAs('alice');
    const total = await dashboard.rows().count();

    await page.keyboard.press('Control+f');
    expect(
      await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.getAttribute('aria-label')),
    ).toBe('Search');
    await page.keyboard.type('ssh');
    // Typed key by key: on a loaded machine "s" or "ss" may be searched first (150 ms debounce), and fewer
    // rows alone would not mean the "ssh" search is done. Wait for its result.
    await eventually(async () => {
      const activities = await dashboard.columnTexts('activity');
      return activities.length > 0 && activities.length < total && activities.every((a) => a.includes('(SSH)'));
    }).toBe(true);
    expect(await dashboard.rowCountText().innerText()).toMatch(/^\d+ of \d+ sessions$/);

    const download = page.waitForEvent('download');
    await dashboard.button('Download CSV').click();
    const csv = await readFile((await (await download).path())!, 'utf8');
    const lines = csv
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('Status,Requested,Type,Host,Login Account,Activity,Start,End');
    expect(lines).toHaveLength((await dashboard.rows().count()) + 1);
    expect(lines.slice(1).every((line) => line.includes('(SSH)'))).toBe(true);

    await dashboard.search('no-such-thing');
    await page.getByText('No sessions match your search').waitFor();
    await page.getByRole('button', { name: 'Clear search' }).click();
    await eventually(() => dashboard.rows().count()).toBe(total);

    await dashboard.searchResource('web');
    await eventually(async () => {
      const hosts = await dashboard.columnTexts('host');
      return hosts.length > 0 && hosts.length < total && hosts.every((host) => host.toLowerCase().includes('web'));
    }).toBe(true);
    await dashboard.searchResource('');
    await eventually(() => dashboard.rows().count()).toBe(total);

    await dashboard.header('host').click();
    await expect
      .poll(async () => {
        const hosts = await dashboard.columnTexts('host');
        return hosts.join('|') === sorted(hosts, 1).join('|');
      })
      .toBe(true);
    await dashboard.header('host').click();
    // The second click re-sorts after it returns, like the first: wait for the order, don't read it at once.
    await expect
      .poll(async () => {
        const hosts = await dashboard.columnTexts('host');
        return hosts.join('|') === sorted(hosts, -1).join('|');
      })
      .toBe(true);
    const hostsDesc = await dashboard.columnTexts('host');
    expect(hostsDesc[0]).not.toBe(hostsDesc[hostsDesc.length - 1]);

    const before = await dashboard.columnWidth('host');
    await dashboard.dragColumnEdge('host', 90);
    await eventually(() => dashboard.columnWidth('host')).toBeGreaterThan(before + 60);
    const resized = await dashboard.columnWidth('host');

    const view = await dashboard.openView();
    await view.getByRole('checkbox', { name: 'Show Login Account' }).uncheck();
    await view.getByRole('button', { name: 'Move Activity up' }).click();
    await view.getByRole('button', { name: 'Move Activity up' }).click();
    await screenshot(page, '09-view-chooser');
    await view.getByRole('button', { name: 'Done' }).click();
    const chosen = ['Status', 'Requested', 'Type', 'Activity', 'Host', 'Start', 'End'];
    await eventually(() => dashboard.headers()).toEqual(chosen);

    // Remembered by the core for this server and login: the page saves it 300 ms after the last change, and
    // over the bridge on a loaded machine that may take much longer, so wait until the core has it.
    await eventually(async () => {
      const prefs = await stack.bridge.core.router.handle('prefs.get', undefined);
      if (!prefs.ok) return null;
      return Object.values((prefs.value as Preferences).views).some((view) => {
        const visible = view.columns.filter((column) => column.visible).map((column) => column.field);
        const host = view.columns.find((column) => column.field === 'host');
        return (
          visible.length === chosen.length && visible.indexOf('activity') < visible.indexOf('host') && !!host?.width
        );
      });
    }).toBe(true);
    // …after a reload…
    await page.reload();
    await dashboard.waitForLoaded();
    await eventually(() => dashboard.headers()).toEqual(chosen);
    expect(Math.abs((await dashboard.columnWidth('host')) - resized)).toBeLessThan(3);

    // …and after signing out and in again.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await new SignInPage(page).signInToSandboxAs('alice');
    await dashboard.waitForLoaded();
    await eventually(() => dashboard.headers()).toEqual(chosen);
  });

  it('ends a session after confirmation and shows it reach Complete', async () => {
    const { dashboard, page } = await signedInAs('alice');
    const row = dashboard.row('Build agent', 'Available');
    await row.waitFor();
    const id = await row.getAttribute('data-id');
    const byId = dashboard.rows().and(page.locator(`[data-id="${id}"]`));
    await dashboard.select(byId);
    expect(await dashboard.button('End Session').isEnabled()).toBe(true);
    await dashboard.button('End Session').click();

    const confirm = page.getByRole('dialog', { name: 'End 1 session?' });
    await confirm.waitFor();
    expect(await confirm.getByRole('list', { name: 'Sessions to end' }).innerText()).toContain('Build agent — root');
    await screenshot(page, '10-end-confirmation');
    await confirm.getByRole('button', { name: 'End 1 session' }).click();
    await confirm.waitFor({ state: 'detached' });

    await eventually(() => dashboard.cell(byId, 'status').innerText(), { timeout: 5000 }).toContain('Canceling');
    expect(await byId.getByRole('img', { name: 'Status changed' }).count()).toBe(1);
    await screenshot(page, '11-canceling');
    await eventually(() => dashboard.cell(byId, 'status').innerText(), { timeout: 10_000 }).toContain('Complete');
    // The selection was used up by the action.
    expect(await dashboard.button('End Session').isDisabled()).toBe(true);
  });

  it('opens the session log, filters it and shows new lines while open', async () => {
    const { dashboard, page, stack } = await signedInAs('alice');
    const row = dashboard.row('Application server 1', 'Available');
    await row.waitFor();
    const id = (await row.getAttribute('data-id'))!;
    await dashboard.select(row);
    await dashboard.button('View Logs').click();

    const logs = new SessionLogsPage(page);
    await logs.dialog().waitFor();
    expect(await logs.dialog().innerText()).toContain('Application server 1');
    await eventually(() => logs.lines().count()).toBeGreaterThan(1);
    const count = await logs.lines().count();
    await screenshot(page, '12-session-logs');

    // The user logs in to the resource: the server records it and the open window shows it.
    stack.sandbox.simulateLogin(id);
    await eventually(() => logs.lines().count(), { timeout: 8000 }).toBeGreaterThan(count);

    const firstStatus = (await logs.lines().first().locator('td').nth(1).innerText()).trim();
    await page.keyboard.press('Control+f');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Filter log lines');
    await logs.filter(firstStatus);
    await expect
      .poll(async () => {
        const statuses = await logs.lines().locator('td:nth-child(2)').allInnerTexts();
        return statuses.length > 0 && statuses.every((status) => status.includes(firstStatus));
      })
      .toBe(true);
    // Download log saves the whole log (not only the filtered lines) as text, one local-time line per entry.
    await logs.filter('');
    const all = await logs.lines().count();
    const download = page.waitForEvent('download');
    await logs.dialog().getByRole('button', { name: 'Download log' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`session-${id}-log.txt`);
    const text = (await readFile((await file.path())!, 'utf8')).replace(/^\ufeff/, '').split('\r\n');
    expect(text[0]).toMatch(/^Session Logs — Application server 1 — /);
    expect(text[1]).toBe(`Session ID: ${id}`);
    expect(text.slice(4, -1).filter(Boolean)).toHaveLength(all);
    await logs.close();
  });

  it('works from the keyboard: F5 refreshes without reloading the page, Space selects the focused row', async () => {
    const { dashboard, page } = await signedInAs('alice');
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    await page.keyboard.press('F5');
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);

    // A click selects one row, as in a file list; Space adds the focused row, and removes it again.
    await dashboard.cell(dashboard.rows().first(), 'host').click();
    await eventually(() => page.getByText('1 selected').count()).toBe(1);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Space');
    await eventually(() => page.getByText('2 selected').count()).toBe(1);
    await eventually(() => dashboard.rows().nth(1).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Space');
    await eventually(() => page.getByText('1 selected').count()).toBe(1);
    await eventually(() => dashboard.rows().nth(1).getAttribute('aria-selected')).toBe('false');
    await eventually(() => dashboard.rows().nth(1).getByRole('checkbox').isChecked()).toBe(false);
  });

  it('says when the list was last checked, even when no poll brings a change', async () => {
    const { dashboard } = await signedInAs('alice');
    await eventually(() => dashboard.statuses(), { timeout: 10_000 }).not.toContain('Provisioning');
    // Nothing changes on the server from here on: only polls that bring no change advance the time shown.
    const before = await dashboard.statusBar().innerText();
    expect(before).toMatch(/^Live — updated /);
    await eventually(() => dashboard.statusBar().innerText(), { timeout: 15_000 }).not.toBe(before);
    expect(await dashboard.statusBar().innerText()).toMatch(/^Live — updated /);
  });

  it('updates the time shown when F5 finds nothing new', async () => {
    // Polls too rare to happen during the test: only F5 checks the server.
    const { dashboard, page } = await signedInAs('alice', { pollIntervalMs: 10 * 60_000 });
    await eventually(
      async () => {
        await page.keyboard.press('F5');
        return dashboard.statuses();
      },
      { timeout: 10_000 },
    ).not.toContain('Provisioning');
    const before = await dashboard.statusBar().innerText();
    await eventually(
      async () => {
        await page.keyboard.press('F5');
        return dashboard.statusBar().innerText();
      },
      { timeout: 15_000 },
    ).not.toBe(before);
  });

  it('acts only on the selected sessions the search shows', async () => {
    const { dashboard, page } = await signedInAs('alice');
    const shown = dashboard.row('Build agent', 'Available');
    const hidden = dashboard.row('Application server 1', 'Available');
    await shown.waitFor();
    await dashboard.select(shown);
    await dashboard.select(hidden);
    await eventually(() => page.getByText('2 selected').count()).toBe(1);

    await dashboard.search('Build agent');
    await eventually(() => hidden.count()).toBe(0);
    await eventually(() => page.getByText('1 selected').count()).toBe(1);
    await dashboard.button('End Session').click();
    const confirm = page.getByRole('dialog', { name: 'End 1 session?' });
    await confirm.waitFor();
    const offered = await confirm.getByRole('list', { name: 'Sessions to end' }).innerText();
    expect(offered).toContain('Build agent');
    expect(offered).not.toContain('Application server 1');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });

    // Clearing the search does not bring the hidden row back into the selection unseen.
    await dashboard.search('');
    await hidden.waitFor();
    expect(await hidden.getByRole('checkbox').isChecked()).toBe(false);
    expect(await page.getByText('1 selected').count()).toBe(1);
  });
});
