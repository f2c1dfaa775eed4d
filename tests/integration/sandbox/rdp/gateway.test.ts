/**
 * The sandbox's RDP gateway in front of a real RDP server (freerdp-shadow-cli with PAM authentication
 * of a local account), with FreeRDP's own xfreerdp as the client: the user name is the session's
 * connection string and the password the user's NPS password; the gateway logs in onward as the login
 * account. Refusals (owner, state, lock, wrong password, throttling, NLA-only clients) end with a Set
 * Error Info code xfreerdp prints; end and lock disconnect a running client.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SandboxHandle, defaultDirectory } from '../../../../sandbox/index';
import { newPassword } from '../../../../sandbox/directory/defaultDirectory';
import { call, signIn, startTestSandbox, userId, waitFor, waitForStatus } from '../helpers';
import { freerdpMissing, startShadowTarget, startXfreerdp, startXvfb, type ShadowTarget, type Xvfb } from './freerdp';

const ACTIVITY = 'Test Desktop (RDP)';
const ids = { activity: randomUUID(), resource: randomUUID(), spoofed: randomUUID(), policy: randomUUID() };

describe.skipIf(freerdpMissing !== null)('RDP gateway in front of freerdp-shadow-cli', () => {
  let target: ShadowTarget;
  let screen: Xvfb;
  let sandbox: SandboxHandle;

  beforeAll(async () => {
    const initial = newPassword();
    [target, screen] = await Promise.all([startShadowTarget(initial), startXvfb()]);
    const directory = defaultDirectory();
    const alice = directory.users.find((u) => u.login === 'alice')!;
    const bob = directory.users.find((u) => u.login === 'bob')!;
    directory.activities.push({
      id: ids.activity,
      name: ACTIVITY,
      description: 'Desktop on the test RDP server',
      protocol: 'rdp',
      platform: 'Windows',
      loginAccountName: target.user,
    });
    const resource = (id: string, name: string, certificateSha256: string) => ({
      id,
      name,
      displayName: name,
      os: 'Windows Server 2022',
      platform: 'Windows' as const,
      address: '127.0.0.1',
      port: target.port,
      protocol: 'rdp' as const,
      reachable: true,
      rdpTarget: { host: '127.0.0.1', port: target.port, certificateSha256 },
    });
    directory.resources.push(
      resource(ids.resource, 'win-shadow-01', target.fingerprint),
      resource(ids.spoofed, 'win-spoofed-01', Array(32).fill('AB').join(':')),
    );
    for (const resourceId of [ids.resource, ids.spoofed])
      directory.loginAccounts.push({ id: randomUUID(), resourceId, name: target.user, password: initial });
    directory.policies.push({
      ...directory.policies[0]!,
      id: ids.policy,
      name: 'Test RDP server',
      userIds: [alice.id, bob.id],
      activityIds: [ids.activity],
      resourceIds: [ids.resource, ids.spoofed],
    });
    sandbox = await startTestSandbox({
      seedDemo: false,
      directory,
      throttle: { maxFailures: 3 },
      onPasswordRotated: (res, account) => (res.id === ids.resource ? target.setPassword(account.password) : undefined),
    });
  }, 30_000);
  afterAll(async () => {
    await sandbox?.stop();
    await Promise.all([target?.stop(), screen?.stop()]);
  });

  async function available(login: string, resourceId = ids.resource): Promise<{ id: string; token: string }> {
    const token = await signIn(sandbox, login);
    const created = await call<{ id: string }>(sandbox, 'POST', '/api/v1/ActivitySession', {
      token,
      body: { managedAccountId: userId(sandbox, login), activityId: ids.activity, managedResourceId: resourceId },
    });
    expect(created.status, created.text).toBe(201);
    await waitForStatus(sandbox, token, created.json.id, 'ActiveNoLogon');
    return { id: created.json.id, token };
  }

  const password = (login: string) => sandbox.users.find((u) => u.login === login)!.password;
  const connect = (login: string, resource = 'win-shadow-01', secret = password(login), extra?: string[]) =>
    startXfreerdp(screen.display, sandbox.rdpProxy, `${login}+${ACTIVITY}+${resource}`, secret, extra);

  async function logOf(session: { id: string; token: string }): Promise<string> {
    const log = await call<{ lines: Array<{ logMessage: string }> }>(
      sandbox,
      'GET',
      `/api/v1/ActivitySession/${session.id}/Log`,
      { token: session.token },
    );
    return log.json.lines.map((line) => line.logMessage).join('\n');
  }

  it('connects xfreerdp through the gateway to the target as the login account; the session is Logged In; ending it disconnects', async () => {
    const session = await available('alice');
    const client = connect('alice');
    try {
      await client.active();
      await waitForStatus(sandbox, session.token, session.id, 'Active');
      expect(await logOf(session)).toMatch(/RDP connection \S+ opened through the gateway by alice from 127\.0\.0\.1/);
      expect(target.log()).not.toMatch(/authentication failure/);

      await call(sandbox, 'DELETE', `/api/v1/ActivitySession/${session.id}`, { token: session.token });
      const started = Date.now();
      await client.exited;
      expect(Date.now() - started).toBeLessThan(1500);
      expect(client.output()).toMatch(/ERRINFO_RPC_INITIATED_LOGOFF/);
      await waitFor(async () => /RDP connection \S+ closed/.test(await logOf(session)), 'the close in the log');
    } finally {
      await client.stop();
    }
  }, 60_000);
});
