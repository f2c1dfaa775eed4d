/**
 * Main's SSH launcher against the sandbox's real SSH proxy over real sockets: the URL the server hands out,
 * the pinned host key, the NPS password and the MFA code at the keyboard-interactive prompt.
 */
import type { AddressInfo } from 'node:net';
import ssh2 from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSshTerminal, SshLaunchError, type SshLoginHooks } from '../../../main/launch/ssh/sshConnection';
import { parseSshUrl } from '../../../main/launch/ssh/sshUrl';
import type { SandboxHandle } from '../../../sandbox/index';
import { call, startTestSandbox, waitFor } from '../sandbox/helpers';
import { availableSshSession, passwordOf, waitForFreshCode } from '../sandbox/ssh/sshHelpers';
import { generateHostKey } from '../../../sandbox/ssh/hostKey';

function hooksFor(sandbox: SandboxHandle, login: string, pinned: string | null): SshLoginHooks & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    pinnedHostKey: pinned,
    confirmHostKey: async (fingerprint) => {
      asked.push(`hostKey ${fingerprint}`);
      return true;
    },
    password: async () => {
      asked.push('password');
      return passwordOf(sandbox, login);
    },
    answer: async (prompts) => {
      asked.push(...prompts.map((p) => p.prompt));
      return prompts.map(() => sandbox.totp(login));
    },
  };
}

async function sshUrlOf(sandbox: SandboxHandle, token: string, id: string): Promise<string> {
  const reply = await call<string>(sandbox, 'GET', `/api/v1/ActivitySession/Ssh/${id}`, { token });
  return reply.json;
}

// A code is good once: a login after the second in a 30-second step waits for the next code.
describe('SSH launcher through the sandbox proxy', { timeout: 90_000 }, () => {
  let sandbox: SandboxHandle;

  beforeAll(async () => {
    sandbox = await startTestSandbox({ seedDemo: false });
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  it('logs in with the NPS password and the code, runs echo $((6*7)) and reads 42', async () => {
    const { id, token } = await availableSshSession(sandbox, 'alice');
    const target = parseSshUrl(await sshUrlOf(sandbox, token, id), sandbox.url);
    const hooks = hooksFor(sandbox, 'alice', null);
    await waitForFreshCode(sandbox, 'alice');
    let output = '';
    let closedWith: string | null = null;
    const terminal = await openSshTerminal(
      target,
      hooks,
      { cols: 100, rows: 30 },
      { onData: (chunk) => (output += chunk.toString('utf8')), onClose: (reason) => (closedWith = reason) },
    );
    expect(hooks.asked).toEqual([`hostKey ${sandbox.sshProxy.hostKeyFingerprint}`, 'password', 'Verification code: ']);
    expect(terminal.hostKeyFingerprint).toBe(sandbox.sshProxy.hostKeyFingerprint);
    await waitFor(async () => /[$#] $/m.test(output) || undefined, 'a prompt', 10_000);
    terminal.write('echo $((6*7))\r');
    await waitFor(async () => /^42\r?$/m.test(output) || undefined, '42 in the output', 10_000);
    terminal.close();
    await waitFor(async () => closedWith ?? undefined, 'the close', 5000);
    expect(closedWith).toBe('You closed the connection.');
  });

  it('closes with the reason when the session is ended mid-connection', async () => {
    const { id, token } = await availableSshSession(sandbox, 'alice');
    const target = parseSshUrl(await sshUrlOf(sandbox, token, id), sandbox.url);
    let closedWith: string | null = null;
    let output = '';
    await waitForFreshCode(sandbox, 'alice');
    await openSshTerminal(
      target,
      hooksFor(sandbox, 'alice', sandbox.sshProxy.hostKeyFingerprint),
      { cols: 80, rows: 24 },
      { onData: (chunk) => (output += chunk.toString('utf8')), onClose: (reason) => (closedWith = reason) },
    );
    await waitFor(async () => /[$#] $/m.test(output) || undefined, 'a prompt', 10_000);
    await call(sandbox, 'DELETE', `/api/v1/ActivitySession/${id}`, { token });
    const reason = await waitFor(async () => closedWith ?? undefined, 'the close', 5000);
    expect(reason).toMatch(/ended/i);
  });

  it('refuses the wrong password with the proxy’s words', async () => {
    const { id, token } = await availableSshSession(sandbox, 'bob');
    const target = parseSshUrl(await sshUrlOf(sandbox, token, id), sandbox.url);
    const hooks = { ...hooksFor(sandbox, 'bob', sandbox.sshProxy.hostKeyFingerprint), password: async () => 'wrong' };
    const error = await openSshTerminal(target, hooks, { cols: 80, rows: 24 }, { onData() {}, onClose() {} }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SshLaunchError);
    expect((error as SshLaunchError).reason).toBe('auth_failed');
  });
});

describe('SSH launcher against a proxy with another host key', () => {
  let server: ssh2.Server;
  let port: number;
  const attempts: string[] = [];

  beforeAll(async () => {
    const privateKey = generateHostKey('another proxy');
    server = new ssh2.Server({ hostKeys: [privateKey] }, (client) => {
      client.on('authentication', (ctx) => {
        attempts.push(`${ctx.method} ${ctx.username}`);
        ctx.reject();
      });
      client.on('error', () => {});
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => {
    server?.close();
  });

  it('refuses a changed key before any authentication attempt, and never asks for the password', async () => {
    const asked: string[] = [];
    const hooks: SshLoginHooks = {
      pinnedHostKey: 'SHA256:' + 'A'.repeat(43),
      confirmHostKey: async () => (asked.push('confirm'), true),
      password: async () => (asked.push('password'), 'secret'),
      answer: async () => (asked.push('code'), ['123456']),
    };
    const error = await openSshTerminal(
      { host: '127.0.0.1', port, username: 'alice+Linux Root Shell (SSH)+lnx-web-01' },
      hooks,
      { cols: 80, rows: 24 },
      { onData() {}, onClose() {} },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SshLaunchError);
    expect((error as SshLaunchError).reason).toBe('host_key_changed');
    expect((error as Error).message).toMatch(/sent nothing/);
    await new Promise((r) => setTimeout(r, 200));
    expect(attempts).toEqual([]);
    expect(asked).toEqual([]);
  });

  it('a key the user declines on first use gets no authentication attempt either', async () => {
    const hooks: SshLoginHooks = {
      pinnedHostKey: null,
      confirmHostKey: async () => false,
      password: async () => 'secret',
      answer: async () => ['123456'],
    };
    const error = await openSshTerminal(
      { host: '127.0.0.1', port, username: 'alice' },
      hooks,
      { cols: 80, rows: 24 },
      { onData() {}, onClose() {} },
    ).catch((e: unknown) => e);
    expect((error as SshLaunchError).reason).toBe('host_key_declined');
    await new Promise((r) => setTimeout(r, 200));
    expect(attempts).toEqual([]);
  });
});
