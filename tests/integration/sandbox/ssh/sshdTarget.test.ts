/**
 * The proxy in front of a real OpenSSH sshd on loopback: ssh2's Client and OpenSSH's own `ssh` log in
 * through the proxy (password and code fed by an askpass helper) and run commands on sshd as the
 * session's login account; rotation at session end changes that account's password on the host; a
 * wrong host key or a host that is down stops the proxy before it logs in.
 */
import { randomUUID } from 'node:crypto';
import ssh2 from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SandboxHandle, defaultDirectory } from '../../../../sandbox/index';
import { newPassword } from '../../../../sandbox/directory/defaultDirectory';
import { call, signIn, startTestSandbox, userId, waitFor, waitForStatus } from '../helpers';
import { canRunSshd, freePort, startTestSshd, type TestSshd } from './openSshd';
import { canRunOpenSsh, runOpenSsh } from './openSshClient';
import { Terminal, loginThroughProxy, passwordOf, waitForFreshCode } from './sshHelpers';

const ACTIVITY = 'Test Shell (SSH)';
const DOWN_HOST = '127.0.0.66';
const ids = {
  activity: randomUUID(),
  resource: randomUUID(),
  wrongKey: randomUUID(),
  down: randomUUID(),
  policy: randomUUID(),
};

describe.skipIf(!canRunSshd)('SSH proxy in front of OpenSSH sshd', { timeout: 120_000 }, () => {
  let sshd: TestSshd;
  let sandbox: SandboxHandle;

  beforeAll(async () => {
    const initial = newPassword();
    sshd = await startTestSshd(initial);
    const directory = defaultDirectory();
    const alice = directory.users.find((u) => u.login === 'alice')!;
    directory.activities.push({
      id: ids.activity,
      name: ACTIVITY,
      description: 'Shell on the test sshd',
      protocol: 'ssh',
      platform: 'Linux',
      loginAccountName: sshd.user,
    });
    const resource = (id: string, name: string, target: { host?: string; port: number; hostKeySha256: string }) => ({
      id,
      name,
      displayName: name,
      os: 'Debian 12',
      platform: 'Linux' as const,
      address: '127.0.0.1',
      port: target.port,
      protocol: 'ssh' as const,
      reachable: true,
      sshTarget: { host: target.host ?? '127.0.0.1', port: target.port, hostKeySha256: target.hostKeySha256 },
    });
    directory.resources.push(
      resource(ids.resource, 'lnx-sshd-01', { port: sshd.port, hostKeySha256: sshd.fingerprint }),
      resource(ids.wrongKey, 'lnx-spoofed-01', { port: sshd.port, hostKeySha256: `SHA256:${'A'.repeat(43)}` }),
      // Down for sure: no test server listens on 127.0.0.66 (they bind 127.0.0.1), whereas a port that was free
      // at set-up on 127.0.0.1 can be taken by a server of a test running beside this one.
      resource(ids.down, 'lnx-down-01', { host: DOWN_HOST, port: await freePort(), hostKeySha256: sshd.fingerprint }),
    );
    for (const resourceId of [ids.resource, ids.wrongKey, ids.down])
      directory.loginAccounts.push({ id: randomUUID(), resourceId, name: sshd.user, password: initial });
    directory.policies.push({
      ...directory.policies[0]!,
      id: ids.policy,
      name: 'Test sshd',
      userIds: [alice.id],
      activityIds: [ids.activity],
      resourceIds: [ids.resource, ids.wrongKey, ids.down],
    });
    sandbox = await startTestSandbox({
      seedDemo: false,
      directory,
      // The sandbox manages the account: a rotated password is set on the host too.
      onPasswordRotated: (resource, account) =>
        resource.id === ids.resource ? sshd.setPassword(account.password) : undefined,
    });
  });
  afterAll(async () => {
    await sandbox?.stop();
    await sshd?.stop();
  });

  async function available(resourceId: string): Promise<{ id: string; token: string }> {
    const token = await signIn(sandbox, 'alice');
    const created = await call<{ id: string }>(sandbox, 'POST', '/api/v1/ActivitySession', {
      token,
      body: { managedAccountId: userId(sandbox, 'alice'), activityId: ids.activity, managedResourceId: resourceId },
    });
    expect(created.status, created.text).toBe(201);
    await waitForStatus(sandbox, token, created.json.id, 'ActiveNoLogon');
    return { id: created.json.id, token };
  }

  const login = (resource: string) => ({
    username: `alice+${ACTIVITY}+${resource}`,
    password: passwordOf(sandbox, 'alice'),
    code: () => sandbox.totp('alice'),
    port: sandbox.sshProxy.port,
    ready: () => waitForFreshCode(sandbox, 'alice'),
  });

  function directLogin(password: string): Promise<boolean> {
    return new Promise((resolve) => {
      const client = new ssh2.Client();
      client.on('ready', () => {
        client.end();
        resolve(true);
      });
      client.on('error', () => resolve(false));
      client.connect({ host: sshd.host, port: sshd.port, username: sshd.user, password, readyTimeout: 5000 });
    });
  }

  it('runs a command on sshd as the login account through the proxy (ssh2 client), and rotation locks the old password out', async () => {
    const session = await available(ids.resource);
    const copied = await call<string>(sandbox, 'GET', `/api/v1/ActivitySession/${session.id}/Password`, {
      token: session.token,
    });
    expect(await directLogin(copied.json)).toBe(true);

    const attempt = await loginThroughProxy(login('lnx-sshd-01'));
    expect(attempt.error).toBeNull();
    const exec = await Terminal.exec(attempt.client!, 'id -un; echo $((6*7))');
    await exec.waitForClose();
    expect(exec.output).toBe(`${sshd.user}\n42\n`);
    expect(exec.exitCode).toBe(0);
    attempt.client!.end();

    await call(sandbox, 'DELETE', `/api/v1/ActivitySession/${session.id}`, { token: session.token });
    await waitForStatus(sandbox, session.token, session.id, 'Completed');
    await waitFor(async () => !(await directLogin(copied.json)), 'the old password to stop working on sshd');
    // The new password is the one the proxy uses for the next session.
    await available(ids.resource);
    const next = await loginThroughProxy(login('lnx-sshd-01'));
    expect(next.error).toBeNull();
    const again = await Terminal.exec(next.client!, 'id -un');
    await again.waitForClose();
    expect(again.output.trim()).toBe(sshd.user);
    next.client!.end();
  });

  it.skipIf(!canRunOpenSsh)("logs in with OpenSSH's ssh through the proxy and runs a command on sshd", async () => {
    await waitForFreshCode(sandbox, 'alice');
    await available(ids.resource);
    const result = await runOpenSsh(sandbox, {
      username: `alice+${ACTIVITY}+lnx-sshd-01`,
      password: passwordOf(sandbox, 'alice'),
      code: sandbox.totp('alice'),
      command: 'id -un; echo $((6*7))',
    });
    expect(result.stderr).not.toMatch(/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed/);
    expect(result.stdout, result.stderr).toBe(`${sshd.user}\n42\n`);
    expect(result.code).toBe(0);
  });

  it('does not log in to a target whose host key differs from the configured one', async () => {
    const session = await available(ids.wrongKey);
    const attempt = await loginThroughProxy(login('lnx-spoofed-01'));
    expect(attempt.error).toBeNull();
    const terminal = await Terminal.open(attempt.client!);
    await terminal.waitForClose();
    expect(terminal.output).toMatch(/offered a host key other than the one configured for it/);
    attempt.client!.end();
    const log = await call<{ lines: Array<{ logMessage: string; status: string }> }>(
      sandbox,
      'GET',
      `/api/v1/ActivitySession/${session.id}/Log`,
      { token: session.token },
    );
    expect(log.json.lines.some((l) => l.status === 'Error' && /host key/.test(l.logMessage))).toBe(true);
    // No login reached the target, so the session is still only Available.
    expect(
      (
        await call<{ status: string }>(sandbox, 'GET', `/api/v1/ActivitySession/SummaryById/${session.id}`, {
          token: session.token,
        })
      ).json.status,
    ).toBe('ActiveNoLogon');
  });

  it('says so when the target is down', async () => {
    await available(ids.down);
    const attempt = await loginThroughProxy(login('lnx-down-01'));
    const terminal = await Terminal.open(attempt.client!);
    await terminal.waitForClose();
    expect(terminal.output).toMatch(/Could not connect to lnx-down-01 \(127\.0\.0\.66:\d+\)/);
    attempt.client!.end();
  });
});
