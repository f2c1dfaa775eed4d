/** The session state machine over real HTTP, with durations short enough to watch every transition. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../../sandbox/index';
import {
  DEMO,
  type Page,
  type Problem,
  type Summary,
  call,
  createSession,
  signIn,
  startTestSandbox,
  summary,
  userId,
  waitForStatus,
  waitFor,
} from './helpers';

interface LogCollection {
  lines: Array<{
    statusString: string;
    status: string;
    logMessage: string;
    lineNumber: number;
    timestamp: string;
    version: string;
  }>;
  totalCount: number;
  version: string;
}

describe('sandbox session lifecycle', () => {
  let sandbox: SandboxHandle;
  let alice: string;
  let rita: string;
  let adam: string;
  beforeAll(async () => {
    // One policy minute = 400 ms: the 120-minute standard policy lasts 48 s, a 5-minute extension 2 s.
    sandbox = await startTestSandbox({ seedDemo: false, timings: { minuteMs: 400 } });
    [alice, rita, adam] = await Promise.all([
      signIn(sandbox, 'alice'),
      signIn(sandbox, 'rita'),
      signIn(sandbox, 'adam'),
    ]);
  });
  afterAll(() => sandbox.stop());

  const log = async (token: string, id: string) =>
    (await call<LogCollection>(sandbox, 'GET', `/api/v1/ActivitySession/${id}/Log`, { token })).json;
  const request = (resource: string, activity = DEMO.sshRootActivity, extra: Record<string, unknown> = {}) =>
    createSession(sandbox, alice, {
      managedAccountId: userId(sandbox, 'alice'),
      activityId: activity,
      managedResourceId: resource,
      ...extra,
    });

  it('goes provisioning → available → logged in → extended → cancelling → completed, rotating the password', async () => {
    const id = await request(DEMO.lnxWeb, DEMO.sshRootActivity, { note: 'patching', ticket: 'CHG-1' });
    // Provisioning (Pending) lasts 150 ms here: it is looked at in the provisioning test below, and its
    // place in the story is checked in the log at the end.

    const available = await waitForStatus(sandbox, alice, id, 'ActiveNoLogon');
    expect(available.sessionStatus).toBe('Active');
    expect(available.loginDateTimeUtc).toBeNull();
    expect(
      Date.parse(available.endDateTimeUtc!) -
        Date.parse((available as Summary & { actualStartDateTimeUtc: string }).actualStartDateTimeUtc),
    ).toBe(120 * 400);

    expect((await call(sandbox, 'GET', `/api/v1/ActivitySession/${id}/CanViewPassword`, { token: alice })).json).toBe(
      true,
    );
    const password = await call<string>(sandbox, 'GET', `/api/v1/ActivitySession/${id}/Password`, { token: alice });
    expect(password.status).toBe(200);
    expect(password.json.length).toBeGreaterThanOrEqual(16);
    expect(sandbox.checkCredential('lnx-web-01', 'root', password.json)).toBe(true);

    sandbox.simulateLogin(id);
    const loggedIn = await summary(sandbox, alice, id);
    expect(loggedIn).toMatchObject({ status: 'Active', sessionStatus: 'Active' });
    expect(loggedIn.loginDateTimeUtc).not.toBeNull();

    const extended = await call<{ scheduledEndDateTimeUtc: string; sessionExtensionCount: number }>(
      sandbox,
      'POST',
      `/api/v1/ActivitySession/${id}/Extend`,
      { token: alice, body: 5 },
    );
    expect(extended.status).toBe(200);
    expect(Date.parse(extended.json.scheduledEndDateTimeUtc) - Date.parse(loggedIn.endDateTimeUtc!)).toBe(5 * 400);
    expect(extended.json.sessionExtensionCount).toBe(1);

    // Cancelling lasts 150 ms here, too short to look at reliably: the test below holds it.
    const ended = await call(sandbox, 'DELETE', `/api/v1/ActivitySession/${id}`, { token: alice });
    expect(ended.status).toBe(202);
    const completed = await waitForStatus(sandbox, alice, id, 'Completed');
    expect(completed.sessionStatus).toBe('Complete');
    expect(completed.actualEndDateTimeUtc).not.toBeNull();

    // The copied password stopped working: the account's password was rotated at the end.
    expect(sandbox.checkCredential('lnx-web-01', 'root', password.json)).toBe(false);
    const check = await call<{ valid: boolean }>(sandbox, 'POST', '/sandbox/credentials/check', {
      token: alice,
      body: { resource: 'lnx-web-01', account: 'root', password: password.json },
    });
    expect(check.json.valid).toBe(false);
    const afterEnd = await call<Problem>(sandbox, 'GET', `/api/v1/ActivitySession/${id}/Password`, { token: alice });
    expect(afterEnd.status).toBe(409);

    const messages = (await log(alice, id)).lines.map((l) => l.logMessage);
    expect(messages[0]).toMatch(/requested by Alice Adams/);
    // In this order: each step after the one before.
    let previous = 0;
    for (const pattern of [
      /Provisioning/,
      /available/,
      /Password of 'root' copied by Alice/,
      /Login detected/,
      /Extended by 5 minutes/,
      /End requested by Alice/,
      /rotated/,
      /Session completed/,
    ]) {
      const index = messages.findIndex((m, i) => i > previous && pattern.test(m));
      expect(index, String(pattern)).toBeGreaterThan(previous);
      previous = index;
    }
    // Ending twice is a conflict, not a crash.
    expect((await call(sandbox, 'DELETE', `/api/v1/ActivitySession/${id}`, { token: alice })).status).toBe(409);
  });

  it('shows an ended session as Cancelling until its end is done, and still refuses its password', async () => {
    // Its own sandbox where cancelling outlasts the test: the state is looked at, not raced.
    const holding = await startTestSandbox({ seedDemo: false, timings: { cancellingMs: 10 * 60_000 } });
    try {
      const token = await signIn(holding, 'alice');
      const id = await createSession(holding, token, {
        managedAccountId: userId(holding, 'alice'),
        activityId: DEMO.sshRootActivity,
        managedResourceId: DEMO.lnxWeb,
      });
      await waitForStatus(holding, token, id, 'ActiveNoLogon');
      expect((await call(holding, 'DELETE', `/api/v1/ActivitySession/${id}`, { token })).status).toBe(202);
      expect(await summary(holding, token, id)).toMatchObject({ status: 'Cancelling', sessionStatus: 'Cancelling' });
      expect((await call(holding, 'GET', `/api/v1/ActivitySession/${id}/Password`, { token })).status).toBe(409);
    } finally {
      await holding.stop();
    }
  });

  it('waits for approval, then provisions after an approver approves', async () => {
    const id = await request(DEMO.lnxDb);
    expect((await summary(sandbox, alice, id)).status).toBe('ApprovalRequired');
    const approved = await call(
      sandbox,
      'POST',
      `/api/v1/ActivitySession/${id}/Approve?notes=${encodeURIComponent('ok for CHG-7')}`,
      { token: rita },
    );
    expect(approved.status).toBe(200);
    await waitForStatus(sandbox, alice, id, 'ActiveNoLogon');
    const messages = (await log(alice, id)).lines.map((l) => l.logMessage);
    expect(messages).toContain('Approved by Rita Reviewer: ok for CHG-7');
    // A decision on a request that is no longer waiting is a conflict.
    expect(
      (await call(sandbox, 'POST', `/api/v1/ActivitySession/${id}/Deny`, { token: rita, body: 'too late' })).status,
    ).toBe(409);
  });

  it('ends as ApprovalDenied when denied', async () => {
    const denied = await request(DEMO.lnxDb);
    expect(
      (
        await call(sandbox, 'POST', `/api/v1/ActivitySession/${denied}/Deny`, {
          token: rita,
          body: 'not during the freeze',
        })
      ).status,
    ).toBe(200);
    const deniedSummary = await summary(sandbox, alice, denied);
    expect(deniedSummary).toMatchObject({ status: 'ApprovalDenied', sessionStatus: 'ApprovalDenied' });
    const deniedLog = await log(alice, denied);
    expect(deniedLog.lines.at(-1)).toMatchObject({
      status: 'Error',
      logMessage: 'Denied by Rita Reviewer: not during the freeze',
    });
  });

  it('ends as ApprovalFailed when nobody decides in time', async () => {
    // Its own sandbox: a short approval timeout here would race the approvals of the other tests.
    const impatient = await startTestSandbox({ seedDemo: false, timings: { approvalTimeoutMs: 300 } });
    try {
      const token = await signIn(impatient, 'alice');
      const id = await createSession(impatient, token, {
        managedAccountId: userId(impatient, 'alice'),
        activityId: DEMO.sshRootActivity,
        managedResourceId: DEMO.lnxDb,
      });
      const failed = await waitForStatus(impatient, token, id, 'ApprovalFailed', 8000);
      expect(failed.sessionStatus).toBe('ApprovalFailed');
      const lines = (await call<LogCollection>(impatient, 'GET', `/api/v1/ActivitySession/${id}/Log`, { token })).json
        .lines;
      expect(lines.at(-1)).toMatchObject({
        status: 'Error',
        logMessage: 'No approver decided in time; the request expired',
      });
    } finally {
      await impatient.stop();
    }
  });

  it('fails provisioning on an unreachable host (CompletedWithErrors / Failed)', async () => {
    const id = await request(DEMO.winLegacy, DEMO.rdpActivity);
    const failed = await waitForStatus(sandbox, alice, id, 'CompletedWithErrors');
    expect(failed.sessionStatus).toBe('Failed');
    expect((await log(alice, id)).lines.at(-1)?.status).toBe('Error');
  });

  it('holds a future start as a scheduled Pending session, and cancels it when ended before the start', async () => {
    const start = new Date(Date.now() + 60_000).toISOString();
    const id = await request(DEMO.lnxBuild, DEMO.sshRootActivity, { startDateTimeUtc: start });
    const scheduled = await summary(sandbox, alice, id);
    expect(scheduled).toMatchObject({ status: 'Pending', sessionStatus: 'Pending', startDateTimeUtc: start });
    expect((await call(sandbox, 'GET', `/api/v1/ActivitySession/${id}/Password`, { token: alice })).status).toBe(409);
    expect((await call(sandbox, 'DELETE', `/api/v1/ActivitySession/${id}`, { token: alice })).status).toBe(202);
    expect(await summary(sandbox, alice, id)).toMatchObject({ status: 'Cancelled', sessionStatus: 'Cancelled' });
  });

  it('starts a scheduled session when its start time comes', async () => {
    const start = new Date(Date.now() + 3000).toISOString();
    const id = await request(DEMO.lnxBuild, DEMO.sshRootActivity, { startDateTimeUtc: start });
    await waitForStatus(sandbox, alice, id, 'ActiveNoLogon', 15_000);
    // It waited as scheduled first (the log says so whenever this test happened to look).
    const messages = (await log(alice, id)).lines.map((l) => l.logMessage);
    const scheduled = messages.indexOf(`Session scheduled to start at ${start}`);
    expect(scheduled).toBeGreaterThan(0);
    expect(messages.findIndex((m) => m.startsWith('Provisioning'))).toBeGreaterThan(scheduled);
  });

  it('expires at its end time and completes', async () => {
    const end = new Date(Date.now() + 3000).toISOString();
    const id = await request(DEMO.winApp, DEMO.rdpActivity, { endDateTimeUtc: end });
    // Not a wait for ActiveNoLogon: a loaded machine may look only after the end; the log tells the story.
    await waitForStatus(sandbox, alice, id, 'Completed', 15_000);
    const messages = (await log(alice, id)).lines.map((l) => l.logMessage);
    const available = messages.findIndex((m) => m.startsWith('Session available'));
    expect(available).toBeGreaterThan(0);
    expect(messages.indexOf('Session reached its end time')).toBeGreaterThan(available);
  });

  it('lets an administrator lock and unlock; a locked session hides its password', async () => {
    const id = await request(DEMO.lnxWeb);
    await waitForStatus(sandbox, alice, id, 'ActiveNoLogon');
    const locked = await call<{ locked: boolean; activitySessionIds: string[] }>(
      sandbox,
      'PUT',
      '/api/v1/ActivitySession/lock',
      {
        token: adam,
        body: { activitySessionIds: [id], locked: true, lockMessage: 'audit', lockTitle: 'Locked' },
      },
    );
    expect(locked.status).toBe(200);
    expect(locked.json).toMatchObject({ locked: true, activitySessionIds: [id] });
    expect(await summary(sandbox, alice, id)).toMatchObject({
      status: 'Locked',
      locked: true,
      sessionStatus: 'Active',
    });
    expect((await call(sandbox, 'GET', `/api/v1/ActivitySession/${id}/CanViewPassword`, { token: alice })).json).toBe(
      false,
    );
    expect((await call(sandbox, 'GET', `/api/v1/ActivitySession/${id}/Password`, { token: alice })).status).toBe(409);
    expect((await call(sandbox, 'GET', `/api/v1/ActivitySession/Ssh/${id}`, { token: alice })).status).toBe(409);

    expect(
      (
        await call(sandbox, 'PUT', '/api/v1/ActivitySession/lock', {
          token: adam,
          body: { activitySessionIds: [id], locked: false },
        })
      ).status,
    ).toBe(200);
    expect(await summary(sandbox, alice, id)).toMatchObject({ status: 'ActiveNoLogon', locked: false });
    const messages = (await log(adam, id)).lines.map((l) => l.logMessage);
    expect(messages).toEqual(expect.arrayContaining(['Locked by Adam Admin: audit', 'Unlocked by Adam Admin']));
  });

  it('keeps ended sessions in the active list only for the recent-ended window', async () => {
    const page = (
      await call<Page>(sandbox, 'GET', '/api/v1/ActivitySession/MySummaryByStatus/active?take=1000', { token: alice })
    ).json;
    const statuses = new Set(page.data.map((s) => s.status));
    expect(statuses.has('Completed')).toBe(true); // ended moments ago, still shown
    const historical = (
      await call<Page>(sandbox, 'GET', '/api/v1/ActivitySession/MySummaryByStatus/Historical?take=1000', {
        token: alice,
      })
    ).json;
    expect(historical.data.every((s) => s.actualEndDateTimeUtc !== null)).toBe(true);
    expect(historical.recordsTotal).toBeGreaterThan(0);
  });

  it('creates a group of sessions atomically', async () => {
    const me = userId(sandbox, 'alice');
    const group = await call<Array<{ id: string; activitySessionGroupId: string }>>(
      sandbox,
      'POST',
      '/api/v1/ActivitySession/Group',
      {
        token: alice,
        body: [
          { managedAccountId: me, activityId: DEMO.sshRootActivity, managedResourceId: DEMO.lnxWeb },
          { managedAccountId: me, activityId: DEMO.sshRootActivity, managedResourceName: 'lnx-build-01' },
        ],
      },
    );
    expect(group.status).toBe(201);
    expect(group.json).toHaveLength(2);
    expect(group.json[0]!.activitySessionGroupId).toBe(group.json[1]!.activitySessionGroupId);

    const before = (
      await call<Page>(sandbox, 'GET', '/api/v1/ActivitySession/MySummaryByStatus/all?take=1', { token: alice })
    ).json.recordsTotal;
    const bad = await call<Problem>(sandbox, 'POST', '/api/v1/ActivitySession/Group', {
      token: alice,
      body: [
        { managedAccountId: me, activityId: DEMO.sshRootActivity, managedResourceId: DEMO.lnxWeb },
        { managedAccountId: me, activityId: DEMO.sshRootActivity, managedResourceId: DEMO.winApp },
      ],
    });
    expect(bad.status).toBe(400);
    const after = (
      await call<Page>(sandbox, 'GET', '/api/v1/ActivitySession/MySummaryByStatus/all?take=1', { token: alice })
    ).json.recordsTotal;
    expect(after).toBe(before);
  });

  it('refuses a login through the control endpoint while the session is provisioning', async () => {
    // Provisioning lasts 150 ms in the shared sandbox; here it outlasts the test.
    const provisioning = await startTestSandbox({ seedDemo: false, timings: { provisioningMs: 10 * 60_000 } });
    try {
      const token = await signIn(provisioning, 'alice');
      const id = await createSession(provisioning, token, {
        managedAccountId: userId(provisioning, 'alice'),
        activityId: DEMO.sshRootActivity,
        managedResourceId: DEMO.lnxBuild,
      });
      expect((await summary(provisioning, token, id)).status).toBe('Pending');
      expect((await call(provisioning, 'POST', `/sandbox/sessions/${id}/login`, { token })).status).toBe(409);
    } finally {
      await provisioning.stop();
    }
  });

  it('reports a login seen through the control endpoint', async () => {
    const id = await request(DEMO.lnxBuild);
    await waitForStatus(sandbox, alice, id, 'ActiveNoLogon');
    expect((await call(sandbox, 'POST', `/sandbox/sessions/${id}/login`, { token: alice })).status).toBe(200);
    await waitFor(async () => (await summary(sandbox, alice, id)).status === 'Active', 'login');
  });
});

describe('sandbox auto-login timing', () => {
  it('sees a login autoLoginMs after the session becomes available', async () => {
    const sandbox = await startTestSandbox({ seedDemo: false, timings: { autoLoginMs: 200 } });
    try {
      const token = await signIn(sandbox, 'bob');
      const id = await createSession(sandbox, token, {
        managedAccountId: userId(sandbox, 'bob'),
        activityId: DEMO.rdpActivity,
        managedResourceId: DEMO.winApp,
      });
      await waitForStatus(sandbox, token, id, 'Active', 5000);
    } finally {
      await sandbox.stop();
    }
  });
});
