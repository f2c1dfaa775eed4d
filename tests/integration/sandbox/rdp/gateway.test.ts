/**
 * The sandbox's RDP gateway in front of a real RDP server (freerdp-shadow-cli with PAM authentication
 * of a local account), with FreeRDP's own xfreerdp as the client: the user name is the session's
 * connection string and the password the user's NPS password; the gateway logs in onward as the login
 * account. Refusals (owner, state, lock, wrong password, throttling, NLA-only clients) end with a Set
 * Error Info code xfreerdp prints; end and lock disconnect a running client.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type SandboxHandle, defaultDirectory } from '../../../../sandbox/index';
import { newPassword } from '../../../../sandbox/directory/defaultDirectory';
import { call, signIn, startTestSandbox, summary, userId, waitFor, waitForStatus } from '../helpers';
import { PROTOCOL_HYBRID, PROTOCOL_RDP, SSL_REQUIRED_BY_SERVER } from '../../../../sandbox/rdp/x224';
import { connectionRequestOffering, firstAnswer, gatewayCertificate } from './rawRdp';
import { freerdpMissing, startShadowTarget, startXfreerdp, startXvfb, type ShadowTarget, type Xvfb } from './freerdp';

const ACTIVITY = 'Test Desktop (RDP)';
const ids = {
  activity: randomUUID(),
  resource: randomUUID(),
  spoofed: randomUUID(),
  policy: randomUUID(),
};

describe.skipIf(freerdpMissing !== null)('RDP gateway in front of freerdp-shadow-cli', () => {
  let target: ShadowTarget;
  let screen: Xvfb;
  let sandbox: SandboxHandle;
  // The sandbox rotates the login account's password as a session ends and sets it on the target (chpasswd)
  // without waiting: the next connection waits for that, or the target would refuse the new password.
  let rotated: Promise<void> = Promise.resolve();
  // Sessions a test opened: ended after it, so that one failing half-way leaves no usable session for the next.
  const opened: Array<{ id: string; token: string }> = [];

  beforeAll(async () => {
    const initial = newPassword();
    screen = await startXvfb();
    target = await startShadowTarget(initial);
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
      onPasswordRotated: (res, account) => {
        if (res.id === ids.resource) rotated = rotated.then(() => target.setPassword(account.password));
      },
    });
  }, 30_000);
  afterEach(async () => {
    for (const session of opened.splice(0)) {
      await call(sandbox, 'DELETE', `/api/v1/ActivitySession/${session.id}`, { token: session.token });
      await waitFor(
        async () =>
          !['Active', 'ActiveNoLogon', 'Locked', 'Cancelling'].includes(
            (await summary(sandbox, session.token, session.id)).status,
          ),
        `session ${session.id} to end`,
      );
    }
    await rotated;
  }, 60_000);
  afterAll(async () => {
    await sandbox?.stop();
    await Promise.all([target?.stop(), screen?.stop()]);
  });

  // One sign-in per user: an MFA code is good once, so signing in again may wait for the next one.
  const tokens = new Map<string, Promise<string>>();
  const tokenOf = (login: string): Promise<string> => {
    if (!tokens.has(login)) tokens.set(login, signIn(sandbox, login));
    return tokens.get(login)!;
  };

  async function available(
    login: string,
    resourceId = ids.resource,
    endDateTimeUtc?: string,
  ): Promise<{ id: string; token: string }> {
    const token = await tokenOf(login);
    const created = await call<{ id: string }>(sandbox, 'POST', '/api/v1/ActivitySession', {
      token,
      body: {
        managedAccountId: userId(sandbox, login),
        activityId: ids.activity,
        managedResourceId: resourceId,
        ...(endDateTimeUtc ? { endDateTimeUtc } : {}),
      },
    });
    expect(created.status, created.text).toBe(201);
    opened.push({ id: created.json.id, token });
    await waitForStatus(sandbox, token, created.json.id, 'ActiveNoLogon');
    await rotated;
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
    // What the sandbox's .rdp file says is all the client gets: the gateway's address and the connection string.
    const file = await call<string>(sandbox, 'GET', `/api/v1/ActivitySession/Rdp/${session.id}`, {
      token: session.token,
    });
    const value = (key: string) => new RegExp(`^${key}:s:(.*)$`, 'm').exec(file.json.replace(/\r/g, ''))![1]!;
    const [host, port] = value('full address').split(':') as [string, string];
    expect(Number(port)).toBe(sandbox.rdpProxy.port);
    const client = startXfreerdp(screen.display, { host, port: Number(port) }, value('username'), password('alice'));
    try {
      await client.desktop();
      await waitForStatus(sandbox, session.token, session.id, 'Active');
      expect(await logOf(session)).toMatch(/RDP connection \S+ opened through the gateway by alice from 127\.0\.0\.1/);
      expect(target.log()).not.toMatch(/authentication failure/);
      // The target names the client it accepted: what the test below looks for (and must not find) there.
      await waitFor(
        async () => target.log().includes(`Accepted client: ${client.clientName}`),
        'the client in the target log',
      );

      await call(sandbox, 'DELETE', `/api/v1/ActivitySession/${session.id}`, { token: session.token });
      const started = Date.now();
      await client.exited;
      // The gateway closes on the engine's session-change event (no polling): well inside a second on a quiet
      // machine; the bound is loose so that a loaded one passes too.
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(client.output()).toMatch(/ERRINFO_RPC_INITIATED_LOGOFF/);
      await waitFor(async () => /RDP connection \S+ closed/.test(await logOf(session)), 'the close in the log');
    } finally {
      await client.stop();
    }
  }, 90_000);

  async function refused(run: ReturnType<typeof connect>): Promise<string> {
    await run.exited;
    expect(run.output()).not.toContain('CONNECTION_STATE_ACTIVE');
    return run.output();
  }

  it('refuses a wrong password, then throttles the login, with the reason code xfreerdp shows', async () => {
    await available('bob');
    for (let i = 0; i < 3; i++)
      expect(await refused(connect('bob', 'win-shadow-01', 'not-the-password'))).toMatch(
        /ERRINFO_SERVER_DENIED_CONNECTION/,
      );
    // Blocked now: even the right password is refused until the lockout ends.
    expect(await refused(connect('bob'))).toMatch(/ERRINFO_SERVER_DENIED_CONNECTION/);
  }, 90_000);

  it("refuses the session's owner while it is locked and logs why; a lock disconnects a running client", async () => {
    const session = await available('alice');
    const client = connect('alice');
    const adam = await tokenOf('adam');
    try {
      await client.desktop();
      const lock = await call(sandbox, 'PUT', '/api/v1/ActivitySession/lock', {
        token: adam,
        body: { activitySessionIds: [session.id], locked: true, lockMessage: 'Audit in progress' },
      });
      expect(lock.status, lock.text).toBe(200);
      await client.exited;
      expect(client.output()).toMatch(/ERRINFO_RPC_INITIATED_DISCONNECT/);
      expect(await refused(connect('alice'))).toMatch(/ERRINFO_SERVER_INSUFFICIENT_PRIVILEGES/);
      await waitFor(
        async () =>
          /RDP login through the gateway from 127\.0\.0\.1 refused: .*Audit in progress/.test(await logOf(session)),
        'the refusal in the session log',
      );
    } finally {
      await client.stop();
    }
  }, 90_000);

  it("lets only the owner in: another user's connection string with one's own password is refused", async () => {
    await available('alice');
    // Bob with alice's connection string and his own password; helen with her own name and password but no session.
    expect(await refused(connect('alice', 'win-shadow-01', password('bob')))).toMatch(
      /ERRINFO_SERVER_DENIED_CONNECTION/,
    );
    expect(
      await refused(
        startXfreerdp(screen.display, sandbox.rdpProxy, `helen+${ACTIVITY}+win-shadow-01`, password('helen')),
      ),
    ).toMatch(/ERRINFO_SERVER_INSUFFICIENT_PRIVILEGES/);
  }, 90_000);

  it('answers a client that offers only CredSSP/NLA, or only standard RDP security, with SSL_REQUIRED_BY_SERVER', async () => {
    // xfreerdp /sec:nla still offers TLS as well; mstsc with NLA enforced does not.
    for (const offer of [PROTOCOL_HYBRID, PROTOCOL_RDP]) {
      const answer = await firstAnswer(
        sandbox.rdpProxy.port,
        connectionRequestOffering('alice+x+win-shadow-01', offer),
      );
      expect([...answer.subarray(11)]).toEqual([0x03, 0, 8, 0, SSL_REQUIRED_BY_SERVER, 0, 0, 0]);
    }
  });

  it('shows clients the certificate the sandbox reports, for the app to pin', async () => {
    expect(await gatewayCertificate(sandbox.rdpProxy.port, `alice+${ACTIVITY}+win-shadow-01`)).toBe(
      sandbox.rdpProxy.certificateFingerprint,
    );
  });

  it('does not log in to a target whose certificate is not the pinned one', async () => {
    await available('alice', ids.spoofed);
    const run = connect('alice', 'win-spoofed-01');
    expect(await refused(run)).toMatch(/SSL_CERT_NOT_ON_SERVER/);
    // By its name: the target may still be logging connections of earlier tests, with later time stamps.
    expect(target.log()).not.toContain(run.clientName);
  }, 30_000);

  it('disconnects a running client when the session expires', async () => {
    const session = await available('alice', ids.resource, new Date(Date.now() + 8_000).toISOString());
    const client = connect('alice');
    try {
      await client.desktop();
      await client.exited;
      expect(client.output()).toMatch(/ERRINFO_RPC_INITIATED_LOGOFF/);
      expect(await logOf(session)).toMatch(/closed by the gateway: The session has ended/);
    } finally {
      await client.stop();
    }
  }, 90_000);

  it("takes the connection string from the routing token (the .rdp file's loadbalanceinfo), as Microsoft's clients send it", async () => {
    await available('alice');
    const userName = `alice+${ACTIVITY}+win-shadow-01`;
    const client = connect('alice', 'win-shadow-01', password('alice'), ['/sec:tls', `/load-balance-info:${userName}`]);
    try {
      await client.desktop();
    } finally {
      await client.stop();
    }
  }, 90_000);

  it('rotates the password at the end: the old one no longer opens the target, the gateway uses the new one', async () => {
    const session = await available('alice');
    const copied = await call<string>(sandbox, 'GET', `/api/v1/ActivitySession/${session.id}/Password`, {
      token: session.token,
    });
    expect(copied.status, copied.text).toBe(200);
    await call(sandbox, 'DELETE', `/api/v1/ActivitySession/${session.id}`, { token: session.token });
    await waitForStatus(sandbox, session.token, session.id, 'Completed');
    await rotated;
    const before = target.log().length;
    const direct = startXfreerdp(screen.display, { host: '127.0.0.1', port: target.port }, target.user, copied.json);
    try {
      await waitFor(
        async () => /authentication failure/.test(target.log().slice(before)),
        'the target to refuse the old password',
        20_000,
      );
      expect(direct.output()).not.toContain('RFX_FRAME_BEGIN');
    } finally {
      // After the server hangs up, xfreerdp waits rather than exits.
      await direct.stop();
    }

    await available('alice');
    const client = connect('alice');
    try {
      await client.desktop();
    } finally {
      await client.stop();
    }
  }, 90_000);
});
