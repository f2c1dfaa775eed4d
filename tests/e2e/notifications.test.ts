/**
 * Notifications as the people involved get them. Main derives them from what the feed sees and hands them
 * to the platform's adapter (recorded here); in browser mode the page shows them with the browser's
 * Notification API when allowed (spied on here), or in the window when not. Clicking one shows the session.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createNpsClient, type NpsSessionApi } from '../../main/nps/npsClient';
import { DEMO } from '../integration/sandbox/helpers';
import type { PamApi } from '../../contract';
import type { SandboxHandle } from '../../sandbox/index';
import { createRecordingNoticePresenter } from '../fakes/recordingNoticePresenter';
import { CreateSessionPage } from './pages/CreateSessionPage';
import { DashboardPage } from './pages/DashboardPage';
import { ApprovalsPage } from './pages/ApprovalsPage';
import { SignInPage } from './pages/SignInPage';
import { screenshot } from './support/appPage';
import { eventually } from './support/eventually';
import { useE2e } from './support/fixture';

const e2e = useE2e();

interface SpiedNotice {
  title: string;
  body: string;
  tag: string;
}

/** Grants the notifications permission and records every `new Notification(…)` the page makes. */
async function spyOnBrowserNotifications(page: Page, origin: string): Promise<void> {
  await page.context().grantPermissions(['notifications'], { origin });
  await page.addInitScript(() => {
    const Real = window.Notification;
    const shown: Array<{ title: string; body: string; tag: string; notification: Notification }> = [];
    class Spy extends Real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        shown.push({ title, body: options?.body ?? '', tag: options?.tag ?? '', notification: this });
      }
    }
    Object.assign(window, { Notification: Spy, __notices: shown });
  });
  await page.reload();
}

async function browserNotices(page: Page): Promise<SpiedNotice[]> {
  return page.evaluate(() =>
    (window as unknown as { __notices: SpiedNotice[] }).__notices.map(({ title, body, tag }) => ({ title, body, tag })),
  );
}

/** Clicks the browser notification with this tag, as the OS would on the user's click. */
async function clickBrowserNotice(page: Page, tag: string): Promise<void> {
  await page.evaluate((wanted) => {
    const all = (window as unknown as { __notices: Array<{ tag: string; notification: Notification }> }).__notices;
    all.find((n) => n.tag === wanted)!.notification.dispatchEvent(new Event('click'));
  }, tag);
}

/** Acts as another user of the sandbox (another PAM client), over its real HTTPS API. */
async function asUser<T>(sandbox: SandboxHandle, login: string, act: (api: NpsSessionApi) => Promise<T>): Promise<T> {
  const client = createNpsClient({ baseUrl: sandbox.url, pin: sandbox.fingerprint, retries: 0 });
  try {
    const user = sandbox.users.find((u) => u.login === login)!;
    const pre = await client.signInWithPassword(login, user.password);
    const token = await client.signInWithMfa(pre, sandbox.totp(login));
    return await act(client.withToken(token));
  } finally {
    client.close();
  }
}

async function requestNeedingApproval(page: Page, ticket: string, duration: string): Promise<void> {
  const dashboard = new DashboardPage(page);
  await dashboard.button('Create Session').click();
  const form = new CreateSessionPage(page);
  await form.waitForOpen();
  await form.chooseActivity('Linux Root Shell (SSH)');
  await form.choosePolicy('Production databases');
  await form.tickResource('lnx-db-01');
  await form.fill({ duration, ticket, note: 'Notification story' });
  await form.submit();
  await form.dialog().waitFor({ state: 'detached' });
}

describe('Notifications', { timeout: 120_000 }, () => {
  it('alice is told when rita approves (with a 5-minute warning and Extend) and when she denies', async () => {
    const recorder = createRecordingNoticePresenter();
    const { app, stack } = await e2e.start({ notices: recorder.factory });
    const page = app.page;
    await spyOnBrowserNotifications(page, new URL(stack.bridge.url).origin);
    await new SignInPage(page).signInToSandboxAs('alice');
    const dashboard = new DashboardPage(page);
    await dashboard.waitForLoaded();

    // Five minutes long: within five minutes of its end as soon as it is available.
    const waiting = dashboard.row('PostgreSQL (production)', 'Waiting for Approval');
    const waitingIds = () => waiting.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-id') ?? ''));
    await requestNeedingApproval(page, 'CHG-71', '5');
    await eventually(waitingIds).toHaveLength(1);
    const [approvedId] = await waitingIds();
    await requestNeedingApproval(page, 'CHG-72', '30');
    await eventually(waitingIds).toHaveLength(2);
    const deniedId = (await waitingIds()).find((id) => id !== approvedId)!;
    // Her own requests are not news to her.
    expect(recorder.shown).toEqual([]);
    // The seeded demo sessions she can launch already.
    await eventually(() => recorder.counts.at(-1)?.readyToLaunch).toBeGreaterThan(0);
    const readyBefore = recorder.counts.at(-1)!.readyToLaunch;
    expect(await page.title()).toBe(`(${readyBefore}) PAM Desk`);

    // A third request half written when rita approves the first: the form keeps what alice typed.
    await dashboard.button('Create Session').click();
    const form = new CreateSessionPage(page);
    await form.waitForOpen();
    await form.chooseActivity('Linux Root Shell (SSH)');
    await form.choosePolicy('Production databases');
    await form.tickResource('lnx-db-01');
    await form.fill({ duration: '20', ticket: 'CHG-73', note: 'Half written' });

    await asUser(stack.sandbox, 'rita', (api) => api.requests.approve(approvedId!, 'Go'));
    await eventually(() => recorder.shown.map((n) => `${n.kind} ${n.sessionId}`)).toEqual(
      expect.arrayContaining([`approved ${approvedId}`, `ending ${approvedId}`]),
    );
    await eventually(() => browserNotices(page)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ tag: `approved:${approvedId}`, title: expect.stringMatching(/^Request approved/) }),
        expect.objectContaining({ title: expect.stringMatching(/^Session ends in [1-5] minutes?$/) }),
      ]),
    );
    expect(await form.field(/^Ticket number/).inputValue()).toBe('CHG-73');
    expect(await form.field(/^Notes/).inputValue()).toBe('Half written');
    expect(await form.field(/^Duration/).inputValue()).toBe('20');
    await form.dialog().getByRole('button', { name: 'Cancel' }).click();
    await form.dialog().waitFor({ state: 'detached' });
    // The tray (here: the title and the bell) counts the session ready to launch.
    await eventually(() => recorder.counts.at(-1)).toEqual({ waitingApproval: 0, readyToLaunch: readyBefore + 1 });
    await eventually(() => page.title()).toBe(`(${readyBefore + 1}) PAM Desk`);
    await screenshot(page, '30-notified-approved');

    // Clicking the approval shows that session's details.
    await clickBrowserNotice(page, `approved:${approvedId}`);
    const details = page.getByRole('region', { name: 'Session details' });
    await details.waitFor();
    expect(await details.innerText()).toContain('CHG-71');
    await details.getByRole('button', { name: 'Close details' }).click();
    await details.waitFor({ state: 'detached' });

    // Clicking the five-minute warning opens Extend for it.
    const ending = (await browserNotices(page)).find((n) => n.tag.startsWith(`ending:${approvedId}`))!;
    await clickBrowserNotice(page, ending.tag);
    const extend = page.getByRole('dialog', { name: 'Extend session' });
    await extend.waitFor();
    await extend.getByRole('button', { name: 'Cancel' }).click();
    await extend.waitFor({ state: 'detached' });
    // Under it, the session's details.
    expect(await details.innerText()).toContain('CHG-71');
    await details.getByRole('button', { name: 'Close details' }).click();
    await details.waitFor({ state: 'detached' });

    await asUser(stack.sandbox, 'rita', (api) => api.requests.deny(deniedId, 'Not during the freeze'));
    await eventually(() => browserNotices(page)).toEqual(
      expect.arrayContaining([
        {
          tag: `denied:${deniedId}`,
          title: 'Request denied',
          body: 'Linux Root Shell (SSH) on PostgreSQL (production) — Denied by Rita Reviewer: Not during the freeze',
        },
      ]),
    );
    const deniedRow = dashboard.rows().and(page.locator(`[data-id="${deniedId}"]`));
    await eventually(() => dashboard.cell(deniedRow, 'status').innerText()).toContain('Approval Denied');
  });

  it('a scheduled request starts at its time; without the browser’s permission the notice shows in the window', async () => {
    const recorder = createRecordingNoticePresenter();
    const { app } = await e2e.start({ notices: recorder.factory });
    const page = app.page;
    expect(await page.evaluate(() => Notification.permission)).not.toBe('granted');
    await new SignInPage(page).signInToSandboxAs('alice');
    const dashboard = new DashboardPage(page);
    await dashboard.waitForLoaded();

    // A few seconds ahead (the form's field has minutes only; the API takes the exact time).
    const created = await page.evaluate(
      async ({ activityId, policyId, resourceId }) => {
        const pam = (window as unknown as { pam: PamApi }).pam;
        return pam.requests.create({
          activityId,
          policyId,
          resourceIds: [resourceId],
          startAt: new Date(Date.now() + 6_000).toISOString(),
          durationMinutes: 30,
          ticket: '',
          note: 'Starts by itself',
        });
      },
      { activityId: DEMO.sshOpsActivity, policyId: DEMO.operatorsPolicy, resourceId: DEMO.lnxWeb },
    );
    if (!created.ok) throw new Error(created.error.message);
    const [id] = created.value.ids;
    const row = dashboard.rows().and(page.locator(`[data-id="${id}"]`));
    await eventually(() => dashboard.cell(row, 'status').innerText()).toContain('Scheduled');
    // Then, at its time, by itself: no fixed wait, the row is watched until it moves.
    await eventually(() => dashboard.cell(row, 'status').innerText(), { timeout: 30_000 }).toContain('Available');
    // Asked for by alice, but it waited for its time: its start is news.
    await eventually(() => recorder.shown.map((n) => `${n.kind} ${n.sessionId}`)).toContain(`available ${id}`);
    const toasts = page.getByRole('region', { name: 'Notifications' });
    const toast = toasts.getByRole('status').filter({ hasText: 'Session available' });
    await toast.waitFor();
    expect(await toast.innerText()).toContain('Linux Operator Shell (SSH) on Web front end is ready to use.');
    await screenshot(page, '31-notified-in-app');
    await toast.getByRole('button', { name: 'Open' }).click();
    await toast.waitFor({ state: 'detached' });
    const details = page.getByRole('region', { name: 'Session details' });
    await eventually(() => details.innerText()).toContain('Starts by itself');
  });

  it('rita is told about a request waiting for her, and can turn that off', async () => {
    const recorder = createRecordingNoticePresenter();
    const { app, stack } = await e2e.start({ notices: recorder.factory });
    const page = app.page;
    await new SignInPage(page).signInToSandboxAs('rita');
    const approvals = new ApprovalsPage(page);
    await approvals.waitForLoaded();
    await eventually(() => recorder.counts.at(-1)?.waitingApproval).toBeGreaterThan(0);
    const waitingBefore = recorder.counts.at(-1)!.waitingApproval;
    // What was waiting when she signed in is on her screen: no notice for it.
    expect(recorder.shown).toEqual([]);

    const ask = (ticket: string) =>
      asUser(stack.sandbox, 'alice', (api) =>
        api.requests.createSessions([
          {
            managedAccountId: DEMO.alice,
            activityId: DEMO.sshRootActivity,
            accessPolicyId: DEMO.productionPolicy,
            managedResourceId: DEMO.lnxDb,
            startDateTimeUtc: null,
            endDateTimeUtc: new Date(Date.now() + 30 * 60_000).toISOString(),
            note: 'From another computer',
            ticket,
          },
        ]),
      );
    const [first] = await ask('CHG-81');
    await eventually(() => recorder.shown.map((n) => `${n.kind} ${n.sessionId}`)).toEqual([
      `approvalWaiting ${first!.id}`,
    ]);
    const toast = page.getByRole('region', { name: 'Notifications' }).getByRole('status');
    await eventually(() => toast.innerText()).toContain(
      'Alice Adams asks for Linux Root Shell (SSH) on PostgreSQL (production).',
    );
    await eventually(() => recorder.counts.at(-1)?.waitingApproval).toBe(waitingBefore + 1);
    await eventually(() => page.getByTestId('notice-count').innerText()).toBe(String(waitingBefore + 1));
    await toast.getByRole('button', { name: 'Open' }).click();
    expect(await page.getByRole('tab', { selected: true }).innerText()).toBe('Approvals');

    // Off in the bell's menu: the next request is listed, not notified; the switch is saved.
    await page.getByRole('button', { name: /^(\d+ notifications|Notifications)/ }).click();
    const menuSwitch = page.getByRole('checkbox', { name: 'A request is waiting for my approval' });
    await eventually(() => menuSwitch.isChecked()).toBe(true);
    await screenshot(page, '32-notification-settings');
    await menuSwitch.click();
    await eventually(() => menuSwitch.isChecked()).toBe(false);
    await page.keyboard.press('Escape');
    const prefs = (await stack.bridge.core.router.handle('prefs.get', undefined)) as {
      ok: true;
      value: { notifications?: Record<string, boolean> };
    };
    expect(prefs.value.notifications).toEqual({ approvalWaiting: false });
    await ask('CHG-82');
    await approvals.pending('CHG-82').waitFor();
    await eventually(() => recorder.counts.at(-1)?.waitingApproval).toBe(waitingBefore + 2);
    expect(recorder.shown).toHaveLength(1);
  });
});
