/**
 * Copy and view against the real sandbox over HTTPS: the values are the managed account's live password,
 * a session that ends rotates it and a later copy is refused in plain words, and an expired token leads
 * to re-sign-in with only the MFA code when the password is remembered.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionRow, SessionSnapshot } from '../../../contract';
import { buildCore, type Core } from '../../../main/core';
import { MemoryKeychain } from '../../../main/keychain/memoryKeychain';
import { MemoryClipboard } from '../../../main/platform/memoryClipboard';
import { startSandbox, type SandboxHandle, type Timings } from '../../../sandbox/index';
import { MemoryLogger } from '../../fakes/memoryLogger';
import { waitFor } from '../sandbox/helpers';

let dir: string;
let sandbox: SandboxHandle;
let core: Core;
let clipboard: MemoryClipboard;
let log: MemoryLogger;

async function setup(timings: Partial<Timings> = {}) {
  sandbox = await startSandbox({ timings: { cancellingMs: 300, ...timings }, log: () => undefined });
  clipboard = new MemoryClipboard();
  core = buildCore({
    dataDir: dir,
    log,
    transport: 'bridge',
    version: '0.0.0',
    platform: 'linux',
    sandbox: { start: async () => sandbox },
    keychain: new MemoryKeychain(),
    clipboard,
    http: { timeoutMs: 3000, retries: 0 },
  });
}

const call = async (channel: string, payload?: unknown): Promise<never> => {
  const result = await core.router.handle(channel, payload);
  if (!result.ok) throw Object.assign(new Error(result.error.message), result.error);
  return result.value as never;
};

async function signInAsAlice(remember: { rememberPassword?: boolean } = {}): Promise<SessionRow> {
  const { url } = (await call('sandbox.start')) as { url: string };
  const password = sandbox.users.find((u) => u.login === 'alice')!.password;
  await call('auth.signIn', { url, login: 'alice', password, ...remember });
  await call('auth.verifyMfa', { code: sandbox.totp('alice') });
  const snapshot = (await call('sessions.watch', { scope: 'mine' })) as SessionSnapshot;
  const row = snapshot.rows.find((r) => r.host === 'Application server 1' && r.status === 'available');
  if (!row) throw new Error('no available win-app-01 session in the demo data');
  return row;
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pam-cred-sbx-'));
  log = new MemoryLogger();
});
afterEach(async () => {
  await core.dispose();
  await sandbox.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('credentials against the sandbox', () => {
  it('copies the live username and password, views it, and refuses after the session ended and rotated it', async () => {
    await setup();
    const row = await signInAsAlice();
    await call('credentials.copy', { sessionId: row.id, what: 'username' });
    expect(clipboard.peek()).toMatchObject({ text: row.loginAccount, formats: ['x-kde-passwordManagerHint'] });

    await call('credentials.copy', { sessionId: row.id, what: 'password' });
    const copied = clipboard.peek().text;
    expect(sandbox.checkCredential('win-app-01', row.loginAccount, copied)).toBe(true);
    const reveal = (await call('credentials.view', { sessionId: row.id })) as { password: string; seconds: number };
    expect(reveal).toMatchObject({ password: copied, seconds: 20 });

    await call('sessions.end', { ids: [row.id] });
    // Cancelling, then Completed with the password rotated.
    await expect
      .poll(() => sandbox.checkCredential('win-app-01', row.loginAccount, copied), { timeout: 5000 })
      .toBe(false);
    await expect(call('credentials.copy', { sessionId: row.id, what: 'password' })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/credentials can be used only while it is Available or Logged In/),
    });
    const audit = (await call('credentials.audit', { sessionId: row.id })) as {
      entries: Array<{ action: string; outcome: string }>;
    };
    expect(audit.entries.map((e) => `${e.action}:${e.outcome}`)).toEqual([
      'copyUsername:ok',
      'copyPassword:ok',
      'viewPassword:ok',
      'copyPassword:refused',
    ]);
    // The server's own log of the session shows the reveals (server-side audit).
    const logs = (await call('sessions.logs', { id: row.id })) as { lines: Array<{ message: string }> };
    expect(logs.lines.filter((l) => /copied by Alice/.test(l.message)).length).toBeGreaterThanOrEqual(2);
  });

  it('refuses a session the server does not know, in plain words', async () => {
    await setup();
    await signInAsAlice();
    await expect(
      call('credentials.copy', { sessionId: '00000000-0000-4000-8000-00000000dead', what: 'password' }),
    ).rejects.toMatchObject({ code: 'not_found', message: 'This session no longer exists on the server.' });
  });

  it('after the token expires, asks only for the MFA code when the password is remembered', async () => {
    await setup({ tokenTtlMs: 1500 });
    const row = await signInAsAlice({ rememberPassword: true });
    await new Promise((resolve) => setTimeout(resolve, 2600));
    await expect(call('credentials.copy', { sessionId: row.id, what: 'password' })).rejects.toMatchObject({
      code: 'unauthorized',
    });
    // With the password remembered, the core signs in again by itself ('resuming'), then asks for the code.
    await waitFor(
      async () => ((await call('auth.state')) as { step?: string }).step === 'mfa' || undefined,
      'the MFA step after the silent re-sign-in',
    );
    await expect(call('auth.state')).resolves.toMatchObject({ status: 'reauthRequired', step: 'mfa', login: 'alice' });
    await call('auth.verifyMfa', { code: sandbox.totp('alice') });
    await call('credentials.copy', { sessionId: row.id, what: 'password' });
    expect(sandbox.checkCredential('win-app-01', row.loginAccount, clipboard.peek().text)).toBe(true);
  });
});
