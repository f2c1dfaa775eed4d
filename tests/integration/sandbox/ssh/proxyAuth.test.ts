/**
 * The SSH proxy's authentication matrix over real sockets: the NPS password, then the MFA code
 * (keyboard-interactive), then the session rules — owner only, Available or Logged In, not locked,
 * not ended — each refusal explained in a banner.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../../../sandbox/index';
import { DEMO, call, signIn, startTestSandbox, summary, waitForStatus } from '../helpers';
import { canRunOpenSsh, runOpenSsh } from './openSshClient';
import {
  Terminal,
  ROOT_SHELL,
  availableSshSession,
  goodLogin,
  loginThroughProxy,
  passwordOf,
  waitForFreshCode,
} from './sshHelpers';

// A code is good once, so logins after the second in a 30-second step wait for the next code.
describe('SSH proxy authentication', { timeout: 120_000 }, () => {
  let sandbox: SandboxHandle;
  let session: { id: string; token: string };

  beforeAll(async () => {
    sandbox = await startTestSandbox({ seedDemo: false, throttle: { maxFailures: 50 } });
    session = await availableSshSession(sandbox, 'alice');
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  it('names its port and host key in the Ssh URL and the start result', async () => {
    expect(sandbox.sshProxy.hostKeyFingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    const url = await call<string>(sandbox, 'GET', `/api/v1/ActivitySession/Ssh/${session.id}`, {
      token: session.token,
    });
    expect(new URL(url.json).port).toBe(String(sandbox.sshProxy.port));
    const attempt = await loginThroughProxy({
      ...goodLogin(sandbox),
      fingerprint: sandbox.sshProxy.hostKeyFingerprint,
    });
    expect(attempt.error).toBeNull();
    attempt.client?.end();
  });

  it('lets the owner in with the password and the current code, asking for the code by keyboard-interactive', async () => {
    const attempt = await loginThroughProxy(goodLogin(sandbox));
    expect(attempt.error).toBeNull();
    expect(attempt.prompts).toEqual(['Verification code: ']);
    const terminal = await Terminal.open(attempt.client!);
    terminal.type('echo $((6*7))\r');
    await terminal.waitFor(/\r42\r\n/, '42');
    attempt.client!.end();
    expect((await summary(sandbox, session.token, session.id)).status).toBe('Active');
  });

  it('refuses a wrong password before asking for a code', async () => {
    const attempt = await loginThroughProxy({ ...goodLogin(sandbox), password: 'not-the-password' });
    expect(attempt.client).toBeNull();
    expect(attempt.prompts).toEqual([]);
  });

  it('refuses a wrong code', async () => {
    const right = sandbox.totp('alice');
    const wrong = String((Number(right) + 500_000) % 1_000_000).padStart(6, '0');
    const attempt = await loginThroughProxy({ ...goodLogin(sandbox), code: wrong });
    expect(attempt.client).toBeNull();
    expect(attempt.prompts.length).toBeGreaterThan(0);
  });

  it('takes a code once: the same code again, or one already used to sign in, is refused and says why', async () => {
    await waitForFreshCode(sandbox, 'alice');
    const code = sandbox.totp('alice');
    const first = await loginThroughProxy({ ...goodLogin(sandbox), code, ready: undefined });
    expect(first.error).toBeNull();
    first.client!.end();
    const replayed = await loginThroughProxy({ ...goodLogin(sandbox), code, ready: undefined });
    expect(replayed.client).toBeNull();
    expect(replayed.prompts).toEqual(['Verification code: ']);
    expect(replayed.banners.join('')).toMatch(/This code was already used\. Wait for the next code/);

    // A code that signed alice in to the API is spent for the proxy too (one authenticator, one record).
    await waitForFreshCode(sandbox, 'alice');
    const signInCode = sandbox.totp('alice');
    const pre = await call<string>(sandbox, 'POST', '/signinBody', {
      body: { Login: 'alice', Password: passwordOf(sandbox, 'alice') },
    });
    expect((await call(sandbox, 'POST', '/signin2fa', { token: pre.json, body: signInCode })).status).toBe(200);
    const afterSignIn = await loginThroughProxy({ ...goodLogin(sandbox), code: signInCode, ready: undefined });
    expect(afterSignIn.client).toBeNull();
    expect(afterSignIn.banners.join('')).toMatch(/already used/);
    // A replayed code is no wrong guess: the right answers still get in at once (no throttle).
    const next = await loginThroughProxy(goodLogin(sandbox));
    expect(next.error).toBeNull();
    next.client!.end();
  });

  it('refuses a login name that is not a connection string, saying what it should be', async () => {
    const attempt = await loginThroughProxy({ ...goodLogin(sandbox), username: 'alice' });
    expect(attempt.client).toBeNull();
    expect(attempt.banners.join('')).toMatch(/user\+activity\+resource/);
  });

  it('lets only the owner in: another user with their own answers has no such session', async () => {
    const attempt = await loginThroughProxy(goodLogin(sandbox, 'bob'));
    expect(attempt.client).toBeNull();
    expect(attempt.banners.join('')).toMatch(/no session for 'Linux Root Shell \(SSH\)' on lnx-web-01/);
    // And the owner's connection string does not open with someone else's password.
    const borrowed = await loginThroughProxy({
      ...goodLogin(sandbox),
      password: sandbox.users.find((u) => u.login === 'bob')!.password,
    });
    expect(borrowed.client).toBeNull();
    expect(borrowed.prompts).toEqual([]);
  });

  it('refuses a session that is not available yet, with the reason', async () => {
    const bob = await signIn(sandbox, 'bob');
    const result = await call<{ id: string }>(sandbox, 'POST', '/api/v1/ActivitySession', {
      token: bob,
      body: {
        managedAccountId: sandbox.users.find((u) => u.login === 'bob')!.id,
        activityId: DEMO.sshRootActivity,
        managedResourceId: DEMO.lnxDb,
      },
    });
    expect(result.status).toBe(201);
    const attempt = await loginThroughProxy(goodLogin(sandbox, 'bob', 'lnx-db-01'));
    expect(attempt.client).toBeNull();
    expect(attempt.banners.join('')).toMatch(/waiting for approval/);
  });

  it('refuses a locked session, and one that has ended', async () => {
    const adam = await signIn(sandbox, 'adam');
    const other = await availableSshSession(sandbox, 'alice', DEMO.lnxBuild);
    const lock = await call(sandbox, 'PUT', '/api/v1/ActivitySession/lock', {
      token: adam,
      body: { activitySessionIds: [other.id], locked: true, lockMessage: 'Audit in progress' },
    });
    expect(lock.status).toBe(200);
    const locked = await loginThroughProxy(goodLogin(sandbox, 'alice', 'lnx-build-01'));
    expect(locked.client).toBeNull();
    expect(locked.banners.join('')).toMatch(/locked by an administrator: Audit in progress/);
    const log = await call<{ lines: Array<{ logMessage: string; status: string }> }>(
      sandbox,
      'GET',
      `/api/v1/ActivitySession/${other.id}/Log`,
      { token: adam },
    );
    expect(log.json.lines.at(-1)).toMatchObject({
      status: 'Error',
      logMessage: expect.stringMatching(
        /^SSH login through the proxy from 127\.0\.0\.1 refused: .*Audit in progress/,
      ) as string,
    });

    await call(sandbox, 'PUT', '/api/v1/ActivitySession/lock', {
      token: adam,
      body: { activitySessionIds: [other.id], locked: false },
    });
    expect((await call(sandbox, 'DELETE', `/api/v1/ActivitySession/${other.id}`, { token: other.token })).status).toBe(
      202,
    );
    await waitForStatus(sandbox, other.token, other.id, 'Completed');
    const ended = await loginThroughProxy(goodLogin(sandbox, 'alice', 'lnx-build-01'));
    expect(ended.client).toBeNull();
    expect(ended.banners.join('')).toMatch(/session has ended/);
  });
});

describe.skipIf(!canRunOpenSsh)("SSH proxy with OpenSSH's ssh", { timeout: 120_000 }, () => {
  it('runs a command on the built-in target, and prints why a login is refused', async () => {
    const sandbox = await startTestSandbox({ seedDemo: false });
    try {
      await availableSshSession(sandbox, 'alice');
      const answers = (login: string) => ({ password: passwordOf(sandbox, login), code: sandbox.totp(login) });
      const ok = await runOpenSsh(sandbox, {
        username: `alice+${ROOT_SHELL}+lnx-web-01`,
        ...answers('alice'),
        command: 'echo "$USER:$((6*7))"',
      });
      expect(ok.stdout, ok.stderr).toBe('root:42\n');
      expect(ok.code).toBe(0);
      const refused = await runOpenSsh(sandbox, {
        username: `bob+${ROOT_SHELL}+lnx-web-01`,
        ...answers('bob'),
        command: 'true',
      });
      expect(refused.code).toBe(255);
      expect(refused.stderr).toMatch(
        /Access refused: You have no session for 'Linux Root Shell \(SSH\)' on lnx-web-01/,
      );
    } finally {
      await sandbox.stop();
    }
  });
});

describe('SSH proxy throttling', () => {
  it('blocks a login after repeated wrong answers, even with the right ones, and says for how long', async () => {
    const sandbox = await startTestSandbox({ seedDemo: false, throttle: { maxFailures: 2, lockoutMs: 60_000 } });
    try {
      await availableSshSession(sandbox, 'alice');
      for (let i = 0; i < 2; i++) {
        const wrong = await loginThroughProxy({ ...goodLogin(sandbox), password: `wrong-${i}` });
        expect(wrong.client).toBeNull();
      }
      const blocked = await loginThroughProxy(goodLogin(sandbox));
      expect(blocked.client).toBeNull();
      expect(blocked.banners.join('')).toMatch(/Too many failed attempts\. Try again in \d+ seconds/);
      // Sign-in to the API shares the throttle, as one account lockout.
      const password = sandbox.users.find((u) => u.login === 'alice')!.password;
      const api = await call(sandbox, 'POST', '/signinBody', { body: { Login: 'alice', Password: password } });
      expect(api.status).toBe(429);
    } finally {
      await sandbox.stop();
    }
  });
});
