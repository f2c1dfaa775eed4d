/**
 * The user's own clients under Xvfb (each on a display of its own, see sandbox/rdp/xvfb.ts):
 *
 * - RDP: the service fetches the sandbox's .rdp file, rewrites it, saves it 0600 in a private folder and
 *   starts the real xfreerdp with the file, the gateway's pinned certificate and `/from-stdin:force`; the
 *   password goes on stdin. xfreerdp reaches the sandbox's RDP gateway, which logs the user in onward to
 *   freerdp-shadow-cli. The file is gone once xfreerdp has read it.
 * - SSH: the service starts the real xterm with `-e ssh …` and the askpass variables in its environment; ssh
 *   inside xterm asks the helper, the helper asks the service's one-time socket, and the proxy logs the
 *   session in.
 *
 * After each, the client's /proc cmdline and environ and the folders hold no password, code or token.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createExternalLaunchService,
  type ExternalAuditEntry,
} from '../../../../main/launch/external/externalLaunchService';
import { createLaunchFolder } from '../../../../main/launch/external/launchFolder';
import type { NpsSessionApi } from '../../../../main/nps/npsClient';
import { type SandboxHandle, defaultDirectory } from '../../../../sandbox/index';
import { newPassword } from '../../../../sandbox/directory/defaultDirectory';
import { call, signIn, startTestSandbox, userId, waitFor, waitForStatus } from '../../sandbox/helpers';
import { freerdpMissing, startShadowTarget, startXvfb, type ShadowTarget, type Xvfb } from '../../sandbox/rdp/freerdp';
import { availableSshSession, passwordOf } from '../../sandbox/ssh/sshHelpers';
import { SSH, canRunOpenSsh } from '../../sandbox/ssh/openSshClient';

const ACTIVITY = 'Test Desktop (RDP)';
const ids = { activity: randomUUID(), resource: randomUUID(), policy: randomUUID() };

function filesUnder(dir: string): Array<[string, string]> {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => path.join(dir, name))
    .filter((file) => statSync(file).isFile())
    .map((file) => [file, readFileSync(file, 'latin1')]);
}

describe.skipIf(freerdpMissing !== null)('RDP in the user’s client: xfreerdp through the sandbox gateway', () => {
  let target: ShadowTarget;
  let screen: Xvfb;
  let sandbox: SandboxHandle;
  let dataDir: string;

  beforeAll(async () => {
    const initial = newPassword();
    screen = await startXvfb();
    target = await startShadowTarget(initial);
    const directory = defaultDirectory();
    const alice = directory.users.find((u) => u.login === 'alice')!;
    directory.activities.push({
      id: ids.activity,
      name: ACTIVITY,
      description: 'Desktop on the test RDP server',
      protocol: 'rdp',
      platform: 'Windows',
      loginAccountName: target.user,
    });
    directory.resources.push({
      id: ids.resource,
      name: 'win-shadow-01',
      displayName: 'win-shadow-01',
      os: 'Windows Server 2022',
      platform: 'Windows' as const,
      address: '127.0.0.1',
      port: target.port,
      protocol: 'rdp' as const,
      reachable: true,
      rdpTarget: { host: '127.0.0.1', port: target.port, certificateSha256: target.fingerprint },
    });
    directory.loginAccounts.push({ id: randomUUID(), resourceId: ids.resource, name: target.user, password: initial });
    directory.policies.push({
      ...directory.policies[0]!,
      id: ids.policy,
      name: 'Test RDP server',
      userIds: [alice.id],
      activityIds: [ids.activity],
      resourceIds: [ids.resource],
    });
    sandbox = await startTestSandbox({ seedDemo: false, directory });
    dataDir = await mkdtemp(path.join(tmpdir(), 'pamdesk-extrdp-'));
  }, 30_000);
  afterAll(async () => {
    await sandbox?.stop();
    await Promise.all([target?.stop(), screen?.stop()]);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('starts xfreerdp with the rewritten file; it reaches the gateway and the desktop; no secret is left anywhere', async () => {
    const token = await signIn(sandbox, 'alice');
    const created = await call<{ id: string }>(sandbox, 'POST', '/api/v1/ActivitySession', {
      token,
      body: { managedAccountId: userId(sandbox, 'alice'), activityId: ids.activity, managedResourceId: ids.resource },
    });
    expect(created.status, created.text).toBe(201);
    const id = created.json.id;
    await waitForStatus(sandbox, token, id, 'ActiveNoLogon');
    const password = sandbox.users.find((u) => u.login === 'alice')!.password;

    const launchBase = path.join(dataDir, 'launch');
    const entries: ExternalAuditEntry[] = [];
    const started: ChildProcess[] = [];
    let argv: string[] = [];
    let output = '';
    let fileMode = 0;
    let folderMode = 0;
    let fileText = '';
    const launcher = createExternalLaunchService({
      call: (fn) =>
        fn({
          rdpFile: async (sessionId: string) =>
            (await call<string>(sandbox, 'GET', `/api/v1/ActivitySession/Rdp/${sessionId}`, { token })).json,
        } as unknown as NpsSessionApi),
      signedIn: () => ({ serverUrl: sandbox.url, profileId: 'profile-1' }),
      rememberedPassword: async () => password,
      pinnedProxyKey: () => null,
      gatewayCertificate: (host, port) =>
        host === sandbox.rdpProxy.host && port === sandbox.rdpProxy.port
          ? sandbox.rdpProxy.certificateFingerprint
          : null,
      clients: () => ({
        rdp: [{ id: 'xfreerdp', label: 'FreeRDP', program: '/usr/bin/xfreerdp' }],
        terminals: [],
        ssh: null,
      }),
      folder: createLaunchFolder(launchBase),
      audit: (entry) => entries.push(entry),
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      // The real xfreerdp, on the test's display (the user's desktop has its own DISPLAY).
      // Only xfreerdp's own signal (its password prompt) removes the file here, not the grace time.
      fileGraceMs: 600_000,
      spawn: (program, args, options) => {
        argv = args;
        // What the client gets: our rewritten file, 0600, in a 0700 folder, no password in it.
        fileMode = statSync(args[0]!).mode & 0o777;
        folderMode = statSync(path.dirname(args[0]!)).mode & 0o777;
        fileText = readFileSync(args[0]!, 'utf8');
        const child = spawn(program, args, { ...options, env: { ...options.env, DISPLAY: screen.display } });
        started.push(child);
        child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
        child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
        return child;
      },
    });

    const launch = await launcher.launchRdp(id, null, { password: null, code: null });
    const client = started[0]!;
    try {
      expect(argv[0]).toBe(path.join(launch.folder, 'session.rdp'));
      expect(argv.slice(1)).toEqual([
        '/from-stdin:force',
        `/cert:fingerprint:sha256:${sandbox.rdpProxy.certificateFingerprint.toLowerCase()}`,
      ]);
      expect([fileMode, folderMode]).toEqual([0o600, 0o700]);
      expect(fileText).toMatch(
        /^full address:s:127\.0\.0\.1:\d+\r\nusername:s:alice\+Test Desktop \(RDP\)\+win-shadow-01\r\n/,
      );
      expect(fileText).not.toContain(password);
      // xfreerdp read the file (it asked for the password): the folder is gone.
      await launch.cleaned;
      expect(existsSync(launch.folder)).toBe(false);
      await waitForStatus(sandbox, token, id, 'Active').catch((error: unknown) => {
        throw new Error(`${String(error)}\nxfreerdp said:\n${output.slice(-3000)}`);
      });
      const log = await call<{ lines: Array<{ logMessage: string }> }>(
        sandbox,
        'GET',
        `/api/v1/ActivitySession/${id}/Log`,
        {
          token,
        },
      );
      expect(log.json.lines.map((l) => l.logMessage).join('\n')).toMatch(
        /RDP connection \S+ opened through the gateway by alice/,
      );
      await waitFor(async () => client.exitCode === null, 'xfreerdp to keep running');
      const cmdline = readFileSync(`/proc/${client.pid}/cmdline`, 'latin1');
      const environ = readFileSync(`/proc/${client.pid}/environ`, 'latin1');
      expect(cmdline).toContain('/from-stdin:force');
      for (const secret of [password, token]) {
        expect(cmdline).not.toContain(secret);
        expect(environ).not.toContain(secret);
      }
    } finally {
      if (client.exitCode === null && client.signalCode === null) {
        const exited = new Promise((resolve) => client.once('exit', resolve));
        client.kill('SIGTERM');
        await exited;
      }
    }
    for (const [file, content] of filesUnder(dataDir)) {
      for (const secret of [password, token]) expect(content, file).not.toContain(secret);
    }
    expect(entries).toEqual([
      expect.objectContaining({ sessionId: id, protocol: 'rdp', client: 'FreeRDP', outcome: 'ok' }),
    ]);
  }, 60_000);
});

const XTERM = '/usr/bin/xterm';
const missing = !canRunOpenSsh || !existsSync(XTERM) || !existsSync('/usr/bin/Xvfb');
if (missing) console.warn('[xterm test] skipped: needs ssh, xterm and Xvfb (apt: openssh-client xterm xvfb)');

/** The processes whose parent is `pid`. */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe.skipIf(missing)('ssh in a real xterm through the sandbox proxy', () => {
  let sandbox: SandboxHandle;
  let screen: Xvfb;
  let dataDir: string;
  beforeAll(async () => {
    screen = await startXvfb();
    sandbox = await startTestSandbox({ seedDemo: false });
    dataDir = await mkdtemp(path.join(tmpdir(), 'pamdesk-xterm-'));
  });
  afterAll(async () => {
    await sandbox?.stop();
    await screen?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('xterm runs ssh, which signs in with the askpass answers; nothing secret in its argv or environment', async () => {
    const { id, token } = await availableSshSession(sandbox, 'alice');
    const password = passwordOf(sandbox, 'alice');
    const code = sandbox.totp('alice');
    let terminal: ChildProcess | null = null;
    const launcher = createExternalLaunchService({
      call: (fn) =>
        fn({
          sshUrl: async (sessionId: string) =>
            (await call<string>(sandbox, 'GET', `/api/v1/ActivitySession/Ssh/${sessionId}`, { token })).json,
        } as unknown as NpsSessionApi),
      signedIn: () => ({ serverUrl: sandbox.url, profileId: 'profile-1' }),
      rememberedPassword: async () => null,
      pinnedProxyKey: () => sandbox.sshProxy.hostKeyFingerprint,
      gatewayCertificate: () => null,
      clients: () => ({ rdp: [], terminals: [{ id: 'xterm', label: 'xterm', program: XTERM }], ssh: SSH }),
      folder: createLaunchFolder(path.join(dataDir, 'launch')),
      audit: () => undefined,
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      // The real spawn, on the test's display instead of the desktop's.
      spawn: (program, args, options) => {
        terminal = spawn(program, args, { ...options, env: { ...options.env, DISPLAY: screen.display } });
        return terminal;
      },
    });

    const launch = await launcher.launchSsh(id, 'xterm', { password, code });
    const xterm = terminal as unknown as ChildProcess;
    try {
      await launch.cleaned; // both prompts answered
      await waitForStatus(sandbox, token, id, 'Active');
      const log = await call<{ lines: Array<{ logMessage: string }> }>(
        sandbox,
        'GET',
        `/api/v1/ActivitySession/${id}/Log`,
        {
          token,
        },
      );
      expect(log.json.lines.map((l) => l.logMessage).join('\n')).toMatch(/SSH connection \S+ opened through the proxy/);
      const sshPid = await waitFor(
        async () =>
          childrenOf(xterm.pid!).find((pid) => readFileSync(`/proc/${pid}/cmdline`, 'latin1').startsWith(SSH)) ?? false,
        'the ssh process inside xterm',
      );
      const cmdline = readFileSync(`/proc/${sshPid}/cmdline`, 'latin1');
      const environ = readFileSync(`/proc/${sshPid}/environ`, 'latin1');
      expect(cmdline.split('\0')).toContain('StrictHostKeyChecking=yes');
      expect(environ).toContain('SSH_ASKPASS_REQUIRE=force');
      for (const secret of [password, code, token]) {
        expect(cmdline).not.toContain(secret);
        expect(environ).not.toContain(secret);
        expect(readFileSync(`/proc/${xterm.pid}/environ`, 'latin1')).not.toContain(secret);
      }
      expect(existsSync(launch.folder)).toBe(false);
    } finally {
      if (xterm.exitCode === null && xterm.signalCode === null) {
        const exited = new Promise((resolve) => xterm.once('exit', resolve));
        xterm.kill('SIGTERM');
        await exited;
      }
    }
  }, 60_000);
});
