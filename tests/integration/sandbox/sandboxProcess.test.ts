/**
 * The sandbox in a child process (tests/e2e/support/sandboxProcess.ts, which the SSH benchmark uses to run the
 * server apart from the core): its handle signs a user in over real HTTP with the child's own MFA codes,
 * follows the child's replay state, and stopping it ends the process and closes its port.
 */
import { describe, expect, it } from 'vitest';
import { startSandboxProcess } from '../../e2e/support/sandboxProcess';
import { signInAgain, waitFor } from './helpers';
import { accepting } from './ssh/openSshd';

describe('the sandbox in a process of its own', () => {
  it('signs alice in with its codes, marks the code used, and is gone after stop', async () => {
    const { handle, pid } = await startSandboxProcess(
      { http: true, dataDir: null, seedActive: 0, seedHistorical: 0 },
      () => undefined,
    );
    let stopped = false;
    try {
      expect(pid).not.toBe(process.pid);
      expect(handle.users.map((u) => u.login)).toContain('alice');
      expect(handle.sshProxy.port).toBeGreaterThan(0);
      expect(handle.freshCode('alice')).toBe(true);
      const used = handle.totp('alice');
      expect(await signInAgain(handle, 'alice')).toMatch(/\S{16,}/);
      // The child reports its replay state: the code just used is no longer handed out as fresh.
      await waitFor(
        async () => !handle.freshCode('alice') || handle.totp('alice') !== used,
        'the used code to be reported',
      );
      expect(() => handle.simulateLogin('x')).toThrow(/not available with the sandbox in a process of its own/);

      const port = Number(new URL(handle.url).port);
      await handle.stop();
      stopped = true;
      expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
      expect(await accepting(port)).toBe(false);
      expect(await accepting(handle.sshProxy.port)).toBe(false);
    } finally {
      if (!stopped) await handle.stop();
    }
  }, 60_000);
});
