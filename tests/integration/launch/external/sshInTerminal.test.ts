/**
 * The user's-terminal launch against the sandbox's real SSH proxy: the service builds the terminal command,
 * and the test runs exactly the `ssh` part of it (what `xterm -e …` would run) with the environment the
 * service gave, plus a remote command. The real OpenSSH client asks the real askpass helper, which asks the
 * service's one-time socket; the proxy lets it through to the target. While it runs, its /proc cmdline and
 * environ, the launch folder and the data folder are scanned for the password, the MFA code and the NPS token.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditTrail } from '../../../../main/audit/auditTrail';
import {
  createExternalLaunchService,
  type ExternalAuditEntry,
  type ExternalLaunchService,
} from '../../../../main/launch/external/externalLaunchService';
import { createLaunchFolder } from '../../../../main/launch/external/launchFolder';
import type { NpsSessionApi } from '../../../../main/nps/npsClient';
import type { SandboxHandle } from '../../../../sandbox/index';
import { call, startTestSandbox } from '../../sandbox/helpers';
import { availableSshSession, passwordOf } from '../../sandbox/ssh/sshHelpers';
import { SSH, canRunOpenSsh } from '../../sandbox/ssh/openSshClient';

/** Every file under `dir` (recursively), with its content. */
function filesUnder(dir: string): Array<[string, string]> {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => path.join(dir, name))
    .filter((file) => statSync(file).isFile())
    .map((file) => [file, readFileSync(file, 'latin1')]);
}

describe.skipIf(!canRunOpenSsh)('ssh in the user’s terminal through the sandbox proxy', () => {
  let sandbox: SandboxHandle;
  let dataDir: string;
  let launchBase: string;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ seedDemo: false });
    dataDir = await mkdtemp(path.join(tmpdir(), 'pamdesk-extdata-'));
    launchBase = path.join(dataDir, 'tmp-launch');
  });
  afterAll(async () => {
    await sandbox?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  function service(token: string, spawned: Array<{ program: string; args: string[]; options: SpawnOptions }>) {
    const audit = new AuditTrail(path.join(dataDir, 'audit', 'credentials.jsonl'));
    const entries: ExternalAuditEntry[] = [];
    const api = {
      sshUrl: async (id: string) =>
        (await call<string>(sandbox, 'GET', `/api/v1/ActivitySession/Ssh/${id}`, { token })).json,
    } as unknown as NpsSessionApi;
    const launcher: ExternalLaunchService = createExternalLaunchService({
      call: (fn) => fn(api),
      signedIn: () => ({ serverUrl: sandbox.url, profileId: 'profile-1' }),
      rememberedPassword: async () => null,
      pinnedProxyKey: () => sandbox.sshProxy.hostKeyFingerprint,
      gatewayCertificate: () => null,
      clients: () => ({ rdp: [], terminals: [{ id: 'xterm', label: 'xterm', program: '/usr/bin/xterm' }], ssh: SSH }),
      folder: createLaunchFolder(launchBase),
      audit: (entry) => {
        entries.push(entry);
        void audit.record({
          server: sandbox.url,
          user: 'alice',
          sessionId: entry.sessionId,
          host: entry.address,
          loginAccount: '',
          action: 'launchSsh',
          outcome: entry.outcome,
          detail: `${entry.client}: ${entry.detail}`,
        });
      },
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      spawn: (program, args, options) => {
        spawned.push({ program, args, options });
        // The terminal is not started: a stand-in that exits at once (the test runs the ssh part itself).
        return spawn('/bin/true', [], { stdio: 'ignore' });
      },
    });
    return { launcher, entries, audit };
  }

  it('runs a command on the target with the password and code from the askpass socket; nothing secret is left anywhere', async () => {
    const { id, token } = await availableSshSession(sandbox, 'alice');
    const password = passwordOf(sandbox, 'alice');
    const code = sandbox.totp('alice');
    const spawned: Array<{ program: string; args: string[]; options: SpawnOptions }> = [];
    const { launcher, entries } = service(token, spawned);

    const launch = await launcher.launchSsh(id, 'xterm', { password, code });
    expect(spawned).toHaveLength(1);
    const { program, args, options } = spawned[0]!;
    expect(program).toBe('/usr/bin/xterm');
    expect(args.slice(0, 2)).toEqual(['-e', SSH]);
    const sshArgs = args.slice(2);
    expect(sshArgs.at(-2)).toBe('--');
    for (const secret of [password, code, token]) expect(JSON.stringify(args)).not.toContain(secret);

    const ssh: ChildProcess = spawn(SSH, [...sshArgs, 'read line; echo "got $line $((6*7))"'], {
      env: options.env!,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    ssh.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    ssh.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => ssh.once('close', (c) => resolve(c)));
    try {
      // Both answers given: ssh is signed in and the remote command waits for its line.
      await launch.cleaned;
      expect(existsSync(launch.folder)).toBe(false);
      const cmdline = readFileSync(`/proc/${ssh.pid}/cmdline`, 'latin1');
      const environ = readFileSync(`/proc/${ssh.pid}/environ`, 'latin1');
      expect(cmdline).toContain('pamdesk-proxy');
      expect(environ).toContain('SSH_ASKPASS_REQUIRE=force');
      for (const secret of [password, code, token]) {
        expect(cmdline).not.toContain(secret);
        expect(environ).not.toContain(secret);
      }
      ssh.stdin!.end('ok\n');
      expect(await exited, stderr).toBe(0);
      expect(stdout).toContain('got ok 42');
    } finally {
      ssh.kill();
    }
    for (const [file, content] of [...filesUnder(launchBase), ...filesUnder(dataDir)]) {
      for (const secret of [password, code, token]) expect(content, file).not.toContain(secret);
    }
    expect(entries).toEqual([
      expect.objectContaining({ sessionId: id, protocol: 'ssh', client: 'xterm', outcome: 'ok' }),
    ]);
  }, 90_000);

  it('refuses to start ssh when the proxy presents another key than the pinned one', async () => {
    const { id, token } = await availableSshSession(sandbox, 'bob');
    const spawned: Array<{ program: string; args: string[]; options: SpawnOptions }> = [];
    const { entries } = service(token, spawned);
    const launcher = createExternalLaunchService({
      call: (fn) =>
        fn({
          sshUrl: async () => (await call<string>(sandbox, 'GET', `/api/v1/ActivitySession/Ssh/${id}`, { token })).json,
        } as unknown as NpsSessionApi),
      signedIn: () => ({ serverUrl: sandbox.url, profileId: 'profile-1' }),
      rememberedPassword: async () => 'pw',
      pinnedProxyKey: () => 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      gatewayCertificate: () => null,
      clients: () => ({ rdp: [], terminals: [{ id: 'xterm', label: 'xterm', program: '/usr/bin/xterm' }], ssh: SSH }),
      folder: createLaunchFolder(launchBase),
      audit: (entry) => entries.push(entry),
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      spawn: (program, args, options) => {
        spawned.push({ program, args, options });
        return spawn('/bin/true', [], { stdio: 'ignore' });
      },
    });
    await expect(launcher.launchSsh(id, null, { password: null, code: '000000' })).rejects.toThrow(/is pinned/);
    expect(spawned).toEqual([]);
    expect(entries).toEqual([expect.objectContaining({ outcome: 'refused', protocol: 'ssh' })]);
  });
});
