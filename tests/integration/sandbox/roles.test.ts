/** What each role may see and do, checked against the demo sessions and fresh requests. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../../sandbox/index';
import {
  DEMO,
  type Page,
  type Problem,
  call,
  createSession,
  signIn,
  startTestSandbox,
  summary,
  userId,
  waitForStatus,
} from './helpers';

describe('sandbox roles', () => {
  let sandbox: SandboxHandle;
  const tokens: Record<string, string> = {};
  let aliceSession: string; // available, Standard servers
  let aliceRequest: string; // waiting for approval, Production databases
  let bobSession: string;

  beforeAll(async () => {
    sandbox = await startTestSandbox({ seedDemo: true });
    for (const login of ['alice', 'bob', 'rita', 'adam', 'helen']) tokens[login] = await signIn(sandbox, login);
    aliceSession = await createSession(sandbox, tokens.alice!, {
      managedAccountId: userId(sandbox, 'alice'),
      activityId: DEMO.sshRootActivity,
      managedResourceId: DEMO.lnxWeb,
    });
    aliceRequest = await createSession(sandbox, tokens.alice!, {
      managedAccountId: userId(sandbox, 'alice'),
      activityId: DEMO.rdpActivity,
      managedResourceId: DEMO.winDb,
    });
    bobSession = await createSession(sandbox, tokens.bob!, {
      managedAccountId: userId(sandbox, 'bob'),
      activityId: DEMO.sshRootActivity,
      managedResourceId: DEMO.lnxBuild,
    });
    await waitForStatus(sandbox, tokens.alice!, aliceSession, 'ActiveNoLogon');
    await waitForStatus(sandbox, tokens.bob!, bobSession, 'ActiveNoLogon');
  });
  afterAll(() => sandbox.stop());

  const get = (login: string, path: string) => call<Problem & Page>(sandbox, 'GET', path, { token: tokens[login]! });

  it('shows users only their own sessions', async () => {
    const mine = (await get('alice', '/api/v1/ActivitySession/MySummaryByStatus/all?take=1000')).json;
    const aliceId = userId(sandbox, 'alice');
    expect(mine.recordsTotal).toBeGreaterThan(5);
    expect(mine.data.every((s) => s.userId === aliceId)).toBe(true);
    expect((await get('alice', `/api/v1/ActivitySession/SummaryById/${bobSession}`)).status).toBe(404);
    expect((await get('alice', `/api/v1/ActivitySession/${bobSession}`)).status).toBe(404);
    expect((await get('alice', `/api/v1/ActivitySession/${bobSession}/Log`)).status).toBe(404);
    expect((await get('alice', `/api/v1/ActivitySession/${bobSession}/Password`)).status).toBe(404);
    expect(
      (await call(sandbox, 'DELETE', `/api/v1/ActivitySession/${bobSession}`, { token: tokens.alice! })).status,
    ).toBe(404);
    expect((await get('alice', '/api/v1/ActivitySession/SummaryByStatus/active')).status).toBe(403);
    expect((await get('alice', '/api/v1/ActivitySession/Search')).status).toBe(403);
    // The sandbox's own routes do not confirm that someone else's session exists either.
    expect(
      (await call(sandbox, 'POST', `/sandbox/sessions/${bobSession}/login`, { token: tokens.alice! })).status,
    ).toBe(404);
  });

  it('forbids a user from requesting a session for someone else, and from approving', async () => {
    const other = await call<Problem>(sandbox, 'POST', '/api/v1/ActivitySession', {
      token: tokens.alice!,
      body: {
        managedAccountId: userId(sandbox, 'bob'),
        activityId: DEMO.sshRootActivity,
        managedResourceId: DEMO.lnxWeb,
      },
    });
    expect(other.status).toBe(403);
    expect(
      (await call(sandbox, 'POST', `/api/v1/ActivitySession/${aliceRequest}/Approve`, { token: tokens.alice! })).status,
    ).toBe(403);
    expect(
      (
        await call(sandbox, 'PUT', '/api/v1/ActivitySession/lock', {
          token: tokens.alice!,
          body: { activitySessionIds: [aliceSession], locked: true },
        })
      ).status,
    ).toBe(403);
  });

  it('lets an administrator request a session on behalf of a user, listed for both', async () => {
    const id = await createSession(sandbox, tokens.adam!, {
      managedAccountId: userId(sandbox, 'bob'),
      activityId: DEMO.sshRootActivity,
      managedResourceId: DEMO.lnxWeb,
    });
    const bobs = (await get('bob', '/api/v1/ActivitySession/MySummaryByStatus/active?take=1000')).json;
    expect(bobs.data.map((s) => s.id)).toContain(id);
    const adams = (await get('adam', '/api/v1/ActivitySession/MySummaryByStatus/active?take=1000')).json;
    expect(adams.data.map((s) => s.id)).toContain(id);
    const created = await summary(sandbox, tokens.bob!, id);
    expect(created).toMatchObject({ userId: userId(sandbox, 'bob'), userDisplayName: 'Bob Brown' });
    expect((created as unknown as { createdByDisplayName: string }).createdByDisplayName).toBe('Adam Admin');
  });

  it('gives a session requested by an administrator for a user to that user: the administrator cannot read its password or launch it', async () => {
    const rdp = await createSession(sandbox, tokens.adam!, {
      managedAccountId: userId(sandbox, 'bob'),
      activityId: DEMO.rdpActivity,
      managedResourceId: DEMO.winApp,
    });
    const ssh = await createSession(sandbox, tokens.adam!, {
      managedAccountId: userId(sandbox, 'bob'),
      activityId: DEMO.sshRootActivity,
      managedResourceId: DEMO.lnxBuild,
    });
    await waitForStatus(sandbox, tokens.bob!, rdp, 'ActiveNoLogon');
    await waitForStatus(sandbox, tokens.bob!, ssh, 'ActiveNoLogon');
    const base = '/api/v1/ActivitySession';
    // Separation of duties: creating the request does not make the administrator its owner.
    expect((await get('adam', `${base}/${rdp}/CanViewPassword`)).json).toBe(false);
    expect((await get('adam', `${base}/${rdp}/Password`)).status).toBe(403);
    expect((await get('adam', `${base}/Rdp/${rdp}`)).status).toBe(403);
    expect((await get('adam', `${base}/Ssh/${ssh}`)).status).toBe(403);
    // The user the session is for owns it.
    expect((await get('bob', `${base}/${rdp}/CanViewPassword`)).json).toBe(true);
    expect((await get('bob', `${base}/${rdp}/Password`)).status).toBe(200);
    expect((await get('bob', `${base}/Rdp/${rdp}`)).status).toBe(200);
    expect((await get('bob', `${base}/Ssh/${ssh}`)).status).toBe(200);
    // The administrator still manages it as an administrator, and still may not approve what it requested.
    expect((await call(sandbox, 'POST', `${base}/${ssh}/Extend`, { token: tokens.adam!, body: 5 })).status).toBe(200);
    expect((await call(sandbox, 'DELETE', `${base}/${ssh}`, { token: tokens.adam! })).status).toBe(202);
  });

  it('refuses a session that no policy grants', async () => {
    const result = await call<Problem>(sandbox, 'POST', '/api/v1/ActivitySession', {
      token: tokens.rita!,
      body: {
        managedAccountId: userId(sandbox, 'rita'),
        activityId: DEMO.sshRootActivity,
        managedResourceId: DEMO.lnxDb,
      },
    });
    expect(result.status).toBe(403);
    expect(result.json.detail).toMatch(/No access policy/);
  });

  it('lets approvers see and decide only requests of policies that name them', async () => {
    const list = (await get('rita', '/api/v1/ActivitySession/SummaryByStatus/ApprovalRequired?take=1000')).json;
    expect(list.data.map((s) => s.id)).toContain(aliceRequest);
    expect(list.data.every((s) => s.accessPolicyId === DEMO.productionPolicy)).toBe(true);
    // Not an approver of the Standard servers policy: alice's session there is invisible to rita.
    expect((await get('rita', `/api/v1/ActivitySession/SummaryById/${aliceSession}`)).status).toBe(404);
    expect((await get('rita', `/api/v1/ActivitySession/SummaryById/${aliceRequest}`)).status).toBe(200);
    // Approvers see requests but not their passwords and cannot end them.
    expect(
      (await call(sandbox, 'DELETE', `/api/v1/ActivitySession/${aliceRequest}`, { token: tokens.rita! })).status,
    ).toBe(403);
    expect(
      (await call(sandbox, 'POST', `/api/v1/ActivitySession/${aliceRequest}/Approve`, { token: tokens.rita! })).status,
    ).toBe(200);
  });

  it('never lets requesters approve their own request, whatever their role', async () => {
    const own = await createSession(sandbox, tokens.adam!, {
      managedAccountId: userId(sandbox, 'adam'),
      activityId: DEMO.rdpActivity,
      managedResourceId: DEMO.winDb,
    });
    const result = await call<Problem>(sandbox, 'POST', `/api/v1/ActivitySession/${own}/Approve`, {
      token: tokens.adam!,
    });
    expect(result.status).toBe(403);
    expect((await call(sandbox, 'POST', `/api/v1/ActivitySession/${own}/Deny`, { token: tokens.rita! })).status).toBe(
      200,
    );
  });

  it('lets helpdesk staff see every session and reveal, but not end, lock or launch', async () => {
    const all = (await get('helen', '/api/v1/ActivitySession/SummaryByStatus/active?take=1000')).json;
    const ids = all.data.map((s) => s.id);
    expect(ids).toEqual(expect.arrayContaining([aliceSession, bobSession]));
    const password = await get('helen', `/api/v1/ActivitySession/${bobSession}/Password`);
    expect(password.status).toBe(200);
    const log = (
      await call<{ lines: Array<{ logMessage: string }> }>(
        sandbox,
        'GET',
        `/api/v1/ActivitySession/${bobSession}/Log`,
        { token: tokens.bob! },
      )
    ).json;
    expect(log.lines.map((l) => l.logMessage)).toContain("Password of 'root' copied by Helen Helpdesk");
    expect(
      (await call(sandbox, 'DELETE', `/api/v1/ActivitySession/${bobSession}`, { token: tokens.helen! })).status,
    ).toBe(403);
    expect((await get('helen', `/api/v1/ActivitySession/Ssh/${bobSession}`)).status).toBe(403);
    expect(
      (
        await call(sandbox, 'PUT', '/api/v1/ActivitySession/lock', {
          token: tokens.helen!,
          body: { activitySessionIds: [bobSession], locked: true },
        })
      ).status,
    ).toBe(403);
    expect((await get('helen', '/api/v1/ActivitySession/Search')).status).toBe(403);
  });

  it('lets administrators see and search everything, extend and end any session, but not see passwords', async () => {
    const all = (await get('adam', '/api/v1/ActivitySession/SummaryByStatus/all?take=1000')).json;
    const users = new Set(all.data.map((s) => s.userDisplayName));
    expect(users).toEqual(new Set(['Alice Adams', 'Bob Brown', 'Adam Admin']));
    const search = await get('adam', '/api/v1/ActivitySession/Search?filterText=lnx-build-01');
    expect(search.status).toBe(200);
    expect(search.json.data.every((s) => s.managedResourceName === 'lnx-build-01')).toBe(true);
    expect((await get('adam', `/api/v1/ActivitySession/${bobSession}/Password`)).status).toBe(403);
    expect((await get('adam', `/api/v1/ActivitySession/${bobSession}/CanViewPassword`)).json).toBe(false);
    expect(
      (await call(sandbox, 'POST', `/api/v1/ActivitySession/${bobSession}/Extend`, { token: tokens.adam!, body: 10 }))
        .status,
    ).toBe(200);
    expect(
      (await call(sandbox, 'DELETE', `/api/v1/ActivitySession/${bobSession}`, { token: tokens.adam! })).status,
    ).toBe(202);
    expect((await summary(sandbox, tokens.bob!, bobSession)).status).toBe('Cancelling');
  });

  it('refuses the password where the policy forbids it, even to the owner', async () => {
    const ops = await createSession(sandbox, tokens.alice!, {
      managedAccountId: userId(sandbox, 'alice'),
      activityId: DEMO.sshOpsActivity,
      managedResourceId: DEMO.lnxWeb,
    });
    const available = await waitForStatus(sandbox, tokens.alice!, ops, 'ActiveNoLogon');
    expect(available.canViewPassword).toBe(false);
    expect((await get('alice', `/api/v1/ActivitySession/${ops}/CanViewPassword`)).json).toBe(false);
    expect((await get('alice', `/api/v1/ActivitySession/${ops}/Password`)).status).toBe(403);
    expect(
      (await call(sandbox, 'POST', `/api/v1/ActivitySession/${ops}/Extend`, { token: tokens.alice!, body: 5 })).status,
    ).toBe(403);
  });
});
