/**
 * Requesting, approving and extending, as the people involved see it: alice asks for a session that needs
 * approval and sees it wait; rita signs in to her Approvals dashboard, approves it and denies a second one
 * with a comment; alice finds the first Available and extends it, and the second Approval Denied with rita's
 * words.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ApprovalsPage } from './pages/ApprovalsPage';
import { CreateSessionPage } from './pages/CreateSessionPage';
import { DashboardPage } from './pages/DashboardPage';
import { SignInPage } from './pages/SignInPage';
import { screenshot } from './support/appPage';
import { eventually } from './support/eventually';
import { useE2e } from './support/fixture';

const e2e = useE2e();
const DB_HOST = 'PostgreSQL (production)';

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page
    .getByRole('combobox', { name: 'Demo user' })
    .or(page.getByRole('button', { name: /Try the sandbox/ }))
    .first()
    .waitFor();
}

async function waitingIds(dashboard: DashboardPage): Promise<string[]> {
  const rows = dashboard.row(DB_HOST, 'Waiting for Approval');
  const ids: string[] = [];
  for (const row of await rows.all()) ids.push((await row.getAttribute('data-id')) ?? '');
  return ids;
}

describe('Requests, approvals and extensions', { timeout: 120_000 }, () => {
  it('alice requests, rita approves one and denies the other, alice extends the approved one', async () => {
    const { app } = await e2e.start();
    const page = app.page;
    const signIn = new SignInPage(page);
    await signIn.signInToSandboxAs('alice');
    const dashboard = new DashboardPage(page);
    await dashboard.waitForLoaded();
    expect(await page.getByRole('tab').allInnerTexts()).toEqual(['Active Dashboard', 'History']);
    expect(await waitingIds(dashboard)).toEqual([]);

    // ── alice: Create Session from the toolbar ──
    await dashboard.button('Create Session').click();
    const form = new CreateSessionPage(page);
    await form.waitForOpen();
    await form.chooseActivity('Linux Root Shell (SSH)');
    await form.choosePolicy('Production databases');
    expect(await form.dialog().getByTestId('policy-summary').innerText()).toContain('up to 1 hour');
    await form.searchResources('web');
    await eventually(() => form.dialog().getByTestId('resource-count').innerText()).toBe('0 of 1 resources match');
    expect(await form.dialog().getByRole('list', { name: 'Resources' }).innerText()).toContain(
      'No resource matches the search.',
    );
    await form.searchResources('');
    await form.tickResource('lnx-db-01');
    // Beyond the policy's maximum: explained before anything is sent, and the Request button sends nothing.
    await form.fill({ duration: '90', ticket: 'CHG-42', note: 'Schema migration' });
    await eventually(() => form.helpOf(/^Duration/).innerText()).toBe(
      "Policy 'Production databases' allows at most 1 hour (60 minutes).",
    );
    await form.submit();
    await screenshot(page, '20-create-session');
    expect(await form.dialog().getByRole('alert', { name: 'Not sent' }).innerText()).toContain(
      'Nothing was sent. Policy',
    );
    expect(await waitingIds(dashboard)).toEqual([]);
    await form.fill({ duration: '30' });
    await eventually(() => form.helpOf(/^Duration/).innerText()).toContain('At most 60 minutes');
    await form.submit();
    await form.dialog().waitFor({ state: 'detached' });
    // At once on the dashboard, waiting for approval.
    await eventually(() => waitingIds(dashboard)).toHaveLength(1);
    const [approvedId] = await waitingIds(dashboard);

    // ── a second request, from the keyboard (Alt+N) ──
    await page.keyboard.press('Alt+KeyN');
    await form.waitForOpen();
    await form.chooseActivity('Linux Root Shell (SSH)');
    await form.choosePolicy('Production databases');
    await form.tickResource('lnx-db-01');
    await form.fill({ ticket: 'CHG-43' });
    await form.submit();
    await form.dialog().waitFor({ state: 'detached' });
    await eventually(() => waitingIds(dashboard)).toHaveLength(2);
    const deniedId = (await waitingIds(dashboard)).find((id) => id !== approvedId)!;
    // alice's confirmation is on screen; it belongs to her sign-in and goes with it.
    await page.getByText(/^Requested 1 session/).waitFor();
    await signOut(page);
    expect(await page.getByText(/^Requested 1 session/).count()).toBe(0);

    // ── rita: her first screen is the Approvals dashboard ──
    await signIn.signInToSandboxAs('rita');
    const approvals = new ApprovalsPage(page);
    await approvals.waitForLoaded();
    expect(await page.getByRole('tab', { selected: true }).innerText()).toBe('Approvals');
    // The status bar tells how fresh this list is (not "Connecting…" for ever).
    await eventually(() => new DashboardPage(page).statusBar().getAttribute('data-feed-state')).toBe('live');
    const first = approvals.pending('CHG-42');
    await first.waitFor();
    expect(await first.getAttribute('data-id')).toBe(approvedId);
    expect(await approvals.cell(first, 'requester').innerText()).toBe('Alice Adams');
    expect(await approvals.cell(first, 'activity').innerText()).toBe('Linux Root Shell (SSH)');
    expect(await approvals.cell(first, 'resource').innerText()).toBe(DB_HOST);
    expect(await approvals.cell(first, 'start').innerText()).toBe('Now');
    expect(await approvals.cell(first, 'duration').innerText()).toBe('30 min');
    expect(await approvals.cell(first, 'note').innerText()).toBe('Schema migration');
    const second = approvals.pending('CHG-43');
    expect(await approvals.cell(second, 'duration').innerText()).toBe('1 h');
    // bob's seeded request is waiting too: rita approves the policy, whoever asks.
    expect(await approvals.pending('Bob Brown').count()).toBeGreaterThan(0);
    await screenshot(page, '21-approvals-dashboard');

    await approvals.decide([first], 'Approve', 'Go ahead');
    await approvals.decide([second], 'Deny', 'Not during the freeze');
    await eventually(() => approvals.pending('CHG-4').count()).toBe(0);
    await eventually(() => approvals.cell(approvals.decided(approvedId!), 'status').innerText()).toBe('Available');
    await eventually(() => approvals.cell(approvals.decided(deniedId), 'status').innerText()).toBe('Approval Denied');
    expect(await approvals.cell(approvals.decided(deniedId), 'decision').innerText()).toBe('Denied');

    // Several at once: the two requests left (bob's and alice's seeded ones), with the header checkbox.
    await eventually(() => approvals.pending().count()).toBe(2);
    const leftIds = await approvals.pending().evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id') ?? ''));
    await page.getByRole('checkbox', { name: 'Select all requests' }).check();
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    const both = page.getByRole('dialog', { name: 'Approve 2 requests?' });
    await both.getByRole('button', { name: 'Approve 2 requests' }).click();
    await both.waitFor({ state: 'detached' });
    await eventually(() => approvals.pending().count()).toBe(0);
    for (const id of leftIds) {
      await eventually(() => approvals.cell(approvals.decided(id), 'decision').innerText()).toBe('Approved');
    }
    await page.getByText('No requests are waiting for your approval').waitFor();
    await screenshot(page, '22-approvals-decided');
    await signOut(page);

    // ── alice: one Available, one Approval Denied with rita's comment; extend the available one ──
    await signIn.signInToSandboxAs('alice');
    await dashboard.waitForLoaded();
    const approvedRow = dashboard.rows().and(page.locator(`[data-id="${approvedId}"]`));
    const deniedRow = dashboard.rows().and(page.locator(`[data-id="${deniedId}"]`));
    await eventually(() => dashboard.cell(approvedRow, 'status').innerText()).toContain('Available');
    await eventually(() => dashboard.cell(deniedRow, 'status').innerText()).toContain('Approval Denied');

    await deniedRow.getByRole('button', { name: /Show details/ }).click();
    const details = page.getByRole('region', { name: 'Session details' });
    await eventually(() => details.innerText()).toContain('Not during the freeze');
    expect(await details.getByRole('button', { name: 'Extend' }).count()).toBe(0);
    // What it no longer offers is said in words.
    const refused = await details.getByRole('note', { name: 'Not available now' }).innerText();
    expect(refused).toContain(
      'Extend: Only an available or logged-in session can be extended. The request was denied.',
    );
    expect(refused).toContain('Launch, Copy, End: The request was denied.');
    await details.getByRole('button', { name: 'Close details' }).click();
    await details.waitFor({ state: 'detached' });
    // The toolbar offers nothing for it either, and says why where the button is.
    await dashboard.select(deniedRow);
    expect(await dashboard.button('End Session').isDisabled()).toBe(true);
    expect(await dashboard.button('Extend').isDisabled()).toBe(true);
    const endRefusal = page.locator('span[data-refusal]', { has: dashboard.button('End Session') });
    expect(await endRefusal.getAttribute('title')).toBe('The request was denied.');
    await deniedRow.getByRole('checkbox').uncheck();

    const endBefore = await dashboard.cell(approvedRow, 'endAt').innerText();
    await dashboard.select(approvedRow);
    await dashboard.button('Extend').click();
    const extend = page.getByRole('dialog', { name: 'Extend session' });
    await extend.getByRole('textbox', { name: 'Extend by (minutes)' }).fill('45');
    await extend.getByRole('button', { name: 'Extend', exact: true }).click();
    await extend.waitFor({ state: 'detached' });
    const note = page.getByRole('status').filter({ hasText: 'Extended. The session now ends at' });
    await note.waitFor();
    await eventually(() => dashboard.cell(approvedRow, 'endAt').innerText()).not.toBe(endBefore);
    expect(await note.innerText()).toContain(await dashboard.cell(approvedRow, 'endAt').innerText());
  });

  it('a request without approval becomes Available by itself; its policy refuses Extend; a scheduled one waits', async () => {
    const { app } = await e2e.start();
    const page = app.page;
    await new SignInPage(page).signInToSandboxAs('alice');
    const dashboard = new DashboardPage(page);
    await dashboard.waitForLoaded();
    expect(await dashboard.row('Linux Operator Shell').count()).toBe(0);

    await dashboard.button('Create Session').click();
    const form = new CreateSessionPage(page);
    await form.waitForOpen();
    await form.chooseActivity('Linux Operator Shell (SSH)');
    // One policy: no policy to choose, its limits are shown.
    expect(await form.dialog().getByRole('combobox', { name: 'Access policy' }).count()).toBe(0);
    expect(await form.dialog().getByTestId('policy-summary').innerText()).toContain('up to 4 hours');
    await form.tickResource('lnx-build-01');
    await form.submit();
    await form.dialog().waitFor({ state: 'detached' });
    const row = dashboard.row('Linux Operator Shell');
    await eventually(() => row.count()).toBe(1);
    await eventually(() => dashboard.cell(row, 'status').innerText()).toContain('Available');

    await row.getByRole('button', { name: /Show details/ }).click();
    const details = page.getByRole('region', { name: 'Session details' });
    await details.getByRole('button', { name: 'Extend' }).click();
    const extend = page.getByRole('dialog', { name: 'Extend session' });
    await extend.getByRole('button', { name: 'Extend', exact: true }).click();
    const refusal = extend.getByRole('alert');
    await eventually(() => refusal.innerText()).toContain('does not allow extending sessions');
    expect(await refusal.innerText()).toContain('The session was not extended');
    await extend.getByRole('button', { name: 'Cancel' }).click();
    await details.getByRole('button', { name: 'Close details' }).click();
    await details.waitFor({ state: 'detached' });

    // A scheduled start (from the quick finder): one in the past is explained; a later one waits as Scheduled.
    await page.keyboard.press('Control+KeyK');
    const finder = page.getByRole('dialog', { name: 'Quick finder' });
    await finder.getByRole('button', { name: 'Create Session' }).click();
    await finder.waitFor({ state: 'detached' });
    await form.waitForOpen();
    await form.chooseActivity('Linux Operator Shell (SSH)');
    await form.tickResource('lnx-web-01');
    await form.dialog().getByRole('radio', { name: 'Scheduled' }).check();
    const start = form.dialog().getByLabel('Start');
    await start.fill(localInput(Date.now() - 10 * 60_000));
    await eventually(() => form.helpOf('Start').innerText()).toBe(
      'The start is in the past. Choose a later time or Now.',
    );
    await start.fill(localInput(Date.now() + 2 * 60 * 60_000));
    await eventually(() => form.helpOf('Start').innerText()).toBe('Your local time');
    await form.submit();
    await form.dialog().waitFor({ state: 'detached' });
    const scheduled = dashboard.row('Linux Operator Shell', 'Web front end');
    await eventually(() => dashboard.cell(scheduled, 'status').innerText()).toContain('Scheduled');
  });
});

/** `YYYY-MM-DDTHH:mm` in local time, as a datetime-local field takes it. */
function localInput(time: number): string {
  const d = new Date(time);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
