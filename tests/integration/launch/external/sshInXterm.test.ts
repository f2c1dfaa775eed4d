/**
 * The whole path with a real terminal: the service starts xterm (under Xvfb) with `-e ssh …` and the askpass
 * variables in its environment; ssh inside xterm asks the helper, the helper asks the service's one-time
 * socket, and the sandbox proxy logs the session in. The ssh process xterm started is then found in /proc and
 * its cmdline and environ are checked for the password, the code and the NPS token.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExternalLaunchService } from '../../../../main/launch/external/externalLaunchService';
import { createLaunchFolder } from '../../../../main/launch/external/launchFolder';
import type { NpsSessionApi } from '../../../../main/nps/npsClient';
import type { SandboxHandle } from '../../../../sandbox/index';
import { call, startTestSandbox, waitFor, waitForStatus } from '../../sandbox/helpers';
import { startXvfb, type Xvfb } from '../../sandbox/rdp/freerdp';
import { availableSshSession, passwordOf } from '../../sandbox/ssh/sshHelpers';
import { SSH, canRunOpenSsh } from '../../sandbox/ssh/openSshClient';

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
