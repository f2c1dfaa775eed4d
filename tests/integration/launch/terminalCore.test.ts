/**
 * Terminals through the real core and router against the sandbox's SSH proxy: a remembered NPS password is
 * used without asking, the sandbox's proxy key is pinned from the source (no question), the code is asked
 * for; a flood (`yes`) is held back while the page does not acknowledge and flows again once it does.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionRow, SessionSnapshot, TerminalInfo, TerminalPrompt, TerminalStatus } from '../../../contract';
import { buildCore, type Core } from '../../../main/core';
import { MemoryKeychain } from '../../../main/keychain/memoryKeychain';
import { startSandbox, type SandboxHandle } from '../../../sandbox/index';
import { MemoryLogger } from '../../fakes/memoryLogger';
import { waitFor } from '../sandbox/helpers';

let dir: string;
let sandbox: SandboxHandle;
let core: Core;

const call = async (channel: string, payload?: unknown): Promise<never> => {
  const result = await core.router.handle(channel, payload);
  if (!result.ok) throw Object.assign(new Error(result.error.message), result.error);
  return result.value as never;
};

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pam-term-'));
  sandbox = await startSandbox({ dataDir: null, log: () => undefined });
  core = buildCore({
    dataDir: dir,
    log: new MemoryLogger(),
    transport: 'bridge',
    version: '0.0.0',
    platform: 'linux',
    sandbox: { start: async () => sandbox },
    keychain: new MemoryKeychain(),
    http: { timeoutMs: 3000, retries: 0 },
  });
});
afterEach(async () => {
  await core.dispose();
  await sandbox.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('terminals through the core', () => {
  it('uses the remembered password, asks only for the code, and holds a flood back until acknowledged', async () => {
    const { url } = (await call('sandbox.start')) as { url: string };
    const password = sandbox.users.find((u) => u.login === 'alice')!.password;
    await call('auth.signIn', { url, login: 'alice', password, rememberMe: true, rememberPassword: true });
    await call('auth.verifyMfa', { code: sandbox.totp('alice') });
    const snapshot = (await call('sessions.watch', { scope: 'mine' })) as SessionSnapshot;
    const row = snapshot.rows.find((r: SessionRow) => r.host === 'Web front end' && r.status === 'loggedIn')!;

    let received = 0;
    let text = '';
    const prompts: TerminalPrompt[] = [];
    const statuses: TerminalStatus[] = [];
    core.events.subscribe((channel, payload) => {
      if (channel === 'terminal.output') {
        const bytes = Buffer.from((payload as { data: Uint8Array }).data);
        received += bytes.length;
        text = (text + bytes.toString('latin1')).slice(-4096);
      }
      if (channel === 'terminal.prompt') prompts.push(payload as TerminalPrompt);
      if (channel === 'terminal.status') statuses.push(payload as TerminalStatus);
    });

    const info = (await call('terminal.open', { sessionId: row.id, cols: 80, rows: 24 })) as TerminalInfo;
    expect(info).toMatchObject({ host: '127.0.0.1', port: sandbox.sshProxy.port });
    const codePrompt = await waitFor(async () => prompts[0], 'the code prompt', 10_000);
    expect(codePrompt.kind).toBe('code');
    await call('terminal.answer', {
      terminalId: info.terminalId,
      promptId: codePrompt.promptId,
      value: sandbox.totp('alice'),
    });
    await waitFor(async () => statuses.some((s) => s.state === 'open') || undefined, 'the shell', 10_000);
    expect(prompts.map((p) => p.kind)).toEqual(['code']);
    expect(statuses.find((s) => s.state === 'open')?.hostKeyFingerprint).toBe(sandbox.sshProxy.hostKeyFingerprint);
    await call('terminal.ack', { terminalId: info.terminalId, bytes: received });
    // The launch is in the local audit trail, with who launched it (core's one launch-audit helper).
    const trail = path.join(dir, 'audit', 'credentials.jsonl');
    const entry = await waitFor(
      async () =>
        fs.existsSync(trail)
          ? fs
              .readFileSync(trail, 'utf8')
              .split('\n')
              .filter(Boolean)
              .map((line) => JSON.parse(line) as Record<string, string>)
              .find((e) => e.action === 'launchSsh')
          : undefined,
      'the audit entry',
      10_000,
    );
    expect(entry).toMatchObject({
      server: url,
      user: 'alice',
      sessionId: row.id,
      host: `127.0.0.1:${sandbox.sshProxy.port}`,
      loginAccount: '',
      outcome: 'ok',
    });
    expect(entry.detail).toMatch(/^Terminal opened through the SSH proxy/);

    // 12 MB: several windows' worth, small enough for a loaded machine.
    await call('terminal.input', { terminalId: info.terminalId, data: 'yes | head -c 12000000; echo FLOOD-DONE\r' });
    await waitFor(async () => received > 2 * 1024 * 1024 || undefined, 'the flood', 30_000);
    // Nothing acknowledged: the bytes stop (no change over half a second), at main's window (2 MiB) plus what
    // was already on its way.
    let last = -1;
    await waitFor(
      async () => {
        const stopped = received === last;
        last = received;
        if (!stopped) await new Promise((r) => setTimeout(r, 500));
        return stopped || undefined;
      },
      'the flood to be held back',
      60_000,
    );
    const held = received;
    expect(held).toBeLessThan(4 * 1024 * 1024);

    // Acknowledging as a terminal would lets the rest through.
    let acked = 0;
    await waitFor(
      async () => {
        if (received > acked) {
          const bytes = received - acked;
          acked = received;
          await call('terminal.ack', { terminalId: info.terminalId, bytes });
        }
        return text.includes('FLOOD-DONE\r\n') || undefined;
      },
      'the end of the flood',
      120_000,
    );
    expect(received).toBeGreaterThan(12_000_000);

    await call('terminal.close', { terminalId: info.terminalId });
    await waitFor(async () => statuses.find((s) => s.state === 'closed'), 'the close', 5000);
    expect(statuses.at(-1)).toMatchObject({ state: 'closed', reason: 'You closed the connection.' });
  }, 240_000);
});
