/**
 * Approve and Deny where the sessions are (issue 11, item 5): alice asks for two sessions that need
 * approval; helen (helpdesk: she sees every session but decides on none) is offered no Approve anywhere;
 * adam, an administrator, approves the first from the All Sessions toolbar, denies the second with its
 * row's icon, and approves bob's waiting request from its details panel. Each leaves Waiting for Approval as
 * the feed brings the change. adam's own request is refused everywhere, with the reason.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CreateSessionPage } from './pages/CreateSessionPage';
import { DashboardPage } from './pages/DashboardPage';
import { SignInPage } from './pages/SignInPage';
import { screenshot } from './support/appPage';
import { eventually } from './support/eventually';
import { useE2e } from './support/fixture';

const e2e = useE2e();
const DB_HOST = 'PostgreSQL (production)';
const WAITING = 'Waiting for Approval';

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page
    .getByRole('combobox', { name: 'Demo user' })
    .or(page.getByRole('button', { name: /Try the sandbox/ }))
    .first()
    .waitFor();
}

async function idsOf(rows: Locator): Promise<string[]> {
  return rows.evaluateAll((found) => found.map((row) => row.getAttribute('data-id') ?? ''));
}

async function requestDbSession(page: Page, dashboard: DashboardPage, ticket: string): Promise<string> {
  const before = await idsOf(dashboard.row(DB_HOST, WAITING));
  await dashboard.button('Create Session').click();
  const form = new CreateSessionPage(page);
  await form.waitForOpen();
  await form.chooseActivity('Linux Root Shell (SSH)');
  await form.choosePolicy('Production databases');
  await form.tickResource('lnx-db-01');
  await form.fill({ duration: '30', ticket });
  await form.submit();
  await form.dialog().waitFor({ state: 'detached' });
  await eventually(async () => (await idsOf(dashboard.row(DB_HOST, WAITING))).length).toBe(before.length + 1);
  return (await idsOf(dashboard.row(DB_HOST, WAITING))).find((id) => !before.includes(id))!;
}

/** The Sessions tab of an administrator or helpdesk user, loaded. */
async function allSessions(page: Page): Promise<DashboardPage> {
  await page.getByRole('tab', { name: 'Sessions' }).click();
  const sessions = new DashboardPage(page, 'All Sessions');
  await sessions.waitForLoaded();
  return sessions;
}

const byId = (sessions: DashboardPage, id: string) => sessions.rows().and(sessions.page.locator(`[data-id="${id}"]`));

describe('Approve and Deny on the sessions dashboards', { timeout: 150_000 }, () => {
  it('an administrator approves from the toolbar and denies from the row; helpdesk is offered neither', async () => {
    const { app } = await e2e.start();
    const page = app.page;
    const signIn = new SignInPage(page);

    // ── alice asks twice; her own dashboard offers her no Approve ──
    await signIn.signInToSandboxAs('alice');
    const dashboard = new DashboardPage(page);
    await dashboard.waitForLoaded();
    const approveId = await requestDbSession(page, dashboard, 'CHG-501');
    const denyId = await requestDbSession(page, dashboard, 'CHG-502');
    await dashboard.select(byId(dashboard, approveId));
    expect(await dashboard.button('Approve').count()).toBe(0);
    expect(await dashboard.button('Deny').count()).toBe(0);
    expect(await byId(dashboard, approveId).locator('[data-action="approve"]').count()).toBe(0);
    await signOut(page);

    // ── helen sees every session, decides on none: no Approve or Deny, no refusal lines about them ──
    await signIn.signInToSandboxAs('helen');
    await new DashboardPage(page).waitForLoaded();
    const helenView = await allSessions(page);
    const helenRow = byId(helenView, approveId);
    await helenRow.waitFor();
    expect(await helenView.cell(helenRow, 'status').innerText()).toContain(WAITING);
    await helenView.select(helenRow);
    expect(await helenView.button('Approve').count()).toBe(0);
    expect(await helenView.button('Deny').count()).toBe(0);
    expect(await helenRow.locator('[data-action="approve"], [data-action="deny"]').count()).toBe(0);
    await helenRow.getByRole('button', { name: /Show details/ }).click();
    const helenDetails = page.getByRole('region', { name: 'Session details' });
    await helenDetails.waitFor();
    expect(await helenDetails.getByRole('button', { name: /^(Approve|Deny)$/ }).count()).toBe(0);
    expect(await helenDetails.getByRole('note', { name: 'Not available now' }).innerText()).not.toMatch(/Approve|Deny/);
    await helenDetails.getByRole('button', { name: 'Close details' }).click();
    await helenDetails.waitFor({ state: 'detached' });
    await signOut(page);

    // ── adam, on All Sessions ──
    await signIn.signInToSandboxAs('adam');
    await new DashboardPage(page).waitForLoaded();
    const sessions = await allSessions(page);
    const toApprove = byId(sessions, approveId);
    const toDeny = byId(sessions, denyId);
    await toApprove.waitFor();
    expect(await sessions.cell(toApprove, 'status').innerText()).toContain(WAITING);
    expect(await sessions.cell(toApprove, 'user').innerText()).toBe('Alice Adams');

    // Nothing selected: both offered, both off. A session that is not waiting: refused, with the reason.
    expect(await sessions.button('Approve').isDisabled()).toBe(true);
    expect(await sessions.button('Deny').isDisabled()).toBe(true);
    const notWaiting = sessions.rows().filter({ hasNotText: WAITING }).first();
    await sessions.select(notWaiting);
    expect(await sessions.button('Approve').isDisabled()).toBe(true);
    const refusal = page.locator('span[data-refusal]', { has: sessions.button('Approve') });
    expect(await refusal.getAttribute('title')).toBe('Only a request waiting for approval can be approved.');
    // With alice's request selected too, Approve goes to it alone.
    await sessions.select(toApprove);
    expect(await sessions.button('Approve').isEnabled()).toBe(true);
    await sessions.button('Approve').click();
    const dialog = page.getByRole('dialog', { name: 'Approve 1 request?' });
    await dialog.waitFor();
    const listed = await dialog.getByRole('list', { name: 'Requests to approve' }).innerText();
    expect(listed).toContain('Alice Adams — Linux Root Shell (SSH)');
    expect(listed).toContain(`${DB_HOST} · 30 min · ticket CHG-501`);
    await dialog.getByRole('textbox').fill('Approved from the sessions list');
    await screenshot(page, '40-approve-from-sessions');
    await dialog.getByRole('button', { name: 'Approve 1 request' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('status').filter({ hasText: 'Approved 1 request.' }).waitFor();
    // It leaves Waiting for Approval as the feed brings the change, and is no longer offered for approval.
    await eventually(() => sessions.cell(toApprove, 'status').innerText()).not.toContain(WAITING);
    expect(await toApprove.locator('[data-action="approve"]').count()).toBe(0);
    expect(await sessions.rows().and(page.locator('[aria-selected="true"]')).count()).toBe(0);

    // The second, from its row's icons.
    const denyIcon = toDeny.getByRole('button', { name: `Deny request (Alice Adams for ${DB_HOST})` });
    expect(await toDeny.getByRole('button', { name: /^Approve request/ }).count()).toBe(1);
    await denyIcon.click();
    const denial = page.getByRole('dialog', { name: 'Deny 1 request?' });
    await denial.getByRole('textbox').fill('Not this week');
    await denial.getByRole('button', { name: 'Deny 1 request' }).click();
    await denial.waitFor({ state: 'detached' });
    await eventually(() => sessions.cell(toDeny, 'status').innerText()).toContain('Approval Denied');
    await screenshot(page, '41-decided-on-sessions');

    // bob's seeded request: its details panel offers Approve and Deny.
    await sessions.page.getByRole('searchbox', { name: 'User' }).fill('bob');
    const bobs = sessions.row(WAITING);
    await eventually(() => bobs.count()).toBeGreaterThan(0);
    await bobs
      .first()
      .getByRole('button', { name: /Show details/ })
      .click();
    const details = page.getByRole('region', { name: 'Session details' });
    await details.waitFor();
    const decide = details.getByRole('group', { name: 'Decide on this request' });
    expect(await decide.getByRole('button', { name: 'Approve', exact: true }).isEnabled()).toBe(true);
    expect(await decide.getByRole('button', { name: 'Deny', exact: true }).isEnabled()).toBe(true);
    expect(await details.getByRole('note', { name: 'Not available now' }).innerText()).not.toMatch(/Approve|Deny/);
    // The status explanation speaks to the one who decides, not to the requester.
    expect(await details.getByTestId('status-explanation').innerText()).toContain(
      'What you can do: Approve or deny the request with the buttons at the bottom of this panel.',
    );
    await screenshot(page, '42-details-approve');
    await decide.getByRole('button', { name: 'Approve', exact: true }).click();
    const fromPanel = page.getByRole('dialog', { name: 'Approve 1 request?' });
    expect(await fromPanel.getByRole('list', { name: 'Requests to approve' }).innerText()).toContain('Bob Brown');
    await fromPanel.getByRole('button', { name: 'Approve 1 request' }).click();
    await fromPanel.waitFor({ state: 'detached' });
    // The panel follows the row: no longer waiting, no longer offering a decision.
    await eventually(() => details.getByTestId('status-explanation').innerText()).not.toContain(WAITING);
    expect(await decide.count()).toBe(0);
    await details.getByRole('button', { name: 'Close details' }).click();
    await details.waitFor({ state: 'detached' });

    // adam's own request: nobody approves their own, and each place says so.
    await page.getByRole('tab', { name: 'Active Dashboard' }).click();
    const own = new DashboardPage(page);
    await own.waitForLoaded();
    const ownId = await requestDbSession(page, own, 'CHG-503');
    const again = await allSessions(page);
    await page.getByRole('searchbox', { name: 'User' }).fill('adam');
    const ownRow = byId(again, ownId);
    await ownRow.waitFor();
    expect(await again.cell(ownRow, 'status').innerText()).toContain(WAITING);
    expect(await ownRow.locator('[data-action="approve"], [data-action="deny"]').count()).toBe(0);
    await again.select(ownRow);
    expect(await again.button('Approve').isDisabled()).toBe(true);
    expect(await again.button('Deny').isDisabled()).toBe(true);
    expect(await page.locator('span[data-refusal]', { has: again.button('Approve') }).getAttribute('title')).toBe(
      'Nobody approves their own request.',
    );
    expect(await page.locator('span[data-refusal]', { has: again.button('Deny') }).getAttribute('title')).toBe(
      'Nobody denies their own request.',
    );
    await ownRow.getByRole('button', { name: /Show details/ }).click();
    await details.waitFor();
    expect(await details.getByRole('group', { name: 'Decide on this request' }).count()).toBe(0);
    expect(await details.getByRole('note', { name: 'Not available now' }).innerText()).toContain(
      'Approve, Deny: Nobody approves their own request.',
    );
  });
});
