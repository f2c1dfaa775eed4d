/**
 * Remember-me, re-sign-in in place, sign-out hygiene and copy/view through the core's handler table, with
 * the in-memory NPS fake, an in-memory keychain and a fake clipboard. The same paths against the real
 * sandbox over HTTP are in tests/integration/credentials.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClipboardStatus, EventChannel, ProfileList } from '../../../contract';
import { buildCore, type Core } from '../../../main/core';
import { MemoryKeychain } from '../../../main/keychain/memoryKeychain';
import { KeychainError, type Keychain } from '../../../main/keychain/keychain';
import { FakeClipboard } from '../../fakes/fakeClipboard';
import { FakeNps, fakeSummary } from '../../fakes/fakeNpsClient';
import { fakeSandbox } from '../../fakes/fakeSandbox';
import { MemoryLogger } from '../../fakes/memoryLogger';

const URL = 'https://nps.example:6500';
const ID = '00000000-0000-4000-8000-0000000000a1';
const ENDED = '00000000-0000-4000-8000-0000000000a2';
const NO_POLICY = '00000000-0000-4000-8000-0000000000a3';

let dir: string;
let nps: FakeNps;
let keychain: MemoryKeychain;
let clipboard: FakeClipboard;
let log: MemoryLogger;
let cores: Core[];
let events: Array<[EventChannel, unknown]>;

function start(options: { keychain?: Keychain; restore?: boolean } = {}): Core {
  const core = buildCore({
    dataDir: dir,
    log,
    transport: 'bridge',
    version: '0.0.0',
    platform: 'linux',
    npsClientFactory: nps.factory,
    probeServer: async (url) => ({
      url,
      tls: 'trusted',
      fingerprint: null,
      subject: null,
      issuer: null,
      validTo: null,
    }),
    sandbox: { start: async () => fakeSandbox() },
    keychain: options.keychain ?? keychain,
    clipboard,
    restoreOnStart: options.restore ?? true,
  });
  core.events.subscribe((channel, payload) => events.push([channel, payload]));
  cores.push(core);
  return core;
}

function caller(core: Core) {
  return async (channel: string, payload?: unknown): Promise<never> => {
    const result = await core.router.handle(channel, payload);
    if (!result.ok) throw Object.assign(new Error(result.error.message), result.error);
    return result.value as never;
  };
}

async function signIn(core: Core, remember: { rememberMe?: boolean; rememberPassword?: boolean } = {}) {
  const call = caller(core);
  await call('auth.signIn', { url: URL, login: 'alice', password: 'alice-pw', ...remember });
  return call('auth.verifyMfa', { code: '123456' });
}

const stored = async () => (await keychain.list((await profileId()) ?? '')).map((e) => e.kind).sort();
async function profileId(): Promise<string | null> {
  const file = path.join(dir, 'profiles.json');
  if (!fs.existsSync(file)) return null;
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { lastUsedId: string | null }).lastUsedId;
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pam-cred-'));
  nps = new FakeNps();
  nps.put(fakeSummary(ID, { managedResourceDisplayName: 'web01', loginAccountName: 'CORP\\svc-web' }));
  nps.put(fakeSummary(ENDED, { status: 'Completed', sessionStatus: 'Complete' }));
  nps.put(fakeSummary(NO_POLICY, { canViewPassword: false }));
  keychain = new MemoryKeychain();
  clipboard = new FakeClipboard();
  log = new MemoryLogger();
  cores = [];
  events = [];
});
afterEach(async () => {
  vi.useRealTimers();
  for (const core of cores) await core.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('remember me', () => {
  it('keeps nothing when not asked, the token when asked, and the password only when opted in', async () => {
    const core = start();
    await signIn(core);
    expect(await stored()).toEqual([]);
    await signIn(core, { rememberMe: true });
    expect(await stored()).toEqual(['token']);
    await signIn(core, { rememberPassword: true });
    expect(await stored()).toEqual(['password', 'token']);
    const list = (await caller(core)('profiles.list')) as ProfileList;
    expect(list.profiles).toMatchObject([
      {
        url: URL,
        kind: 'server',
        lastLogin: 'alice',
        preferences: { rememberMe: true, rememberPassword: true },
        remembered: { token: true, password: true },
      },
    ]);
    // The profiles file holds no secret.
    const text = fs.readFileSync(path.join(dir, 'profiles.json'), 'utf8');
    expect(text).not.toMatch(/alice-pw|eyJ/);
  });

  it('restores the remembered session at the next start without asking anything', async () => {
    await signIn(start(), { rememberMe: true });
    const calls = nps.calls.length;
    const next = start();
    await expect(caller(next)('auth.state')).resolves.toMatchObject({ status: 'signedIn', user: { login: 'alice' } });
    expect(nps.calls.slice(calls)).toEqual([]);
    await expect(caller(next)('credentials.copy', { sessionId: ID, what: 'username' })).resolves.toMatchObject({
      what: 'username',
    });
  });

  it('on a 401, asks only for the MFA code when the password is remembered, and keeps the user', async () => {
    const core = start();
    const call = caller(core);
    await signIn(core, { rememberPassword: true });
    nps.expireTokens();
    await expect(call('sessions.watch', { scope: 'mine' })).rejects.toMatchObject({ code: 'unauthorized' });
    // The remembered password was sent by itself: the state asks for the code of the same user.
    await expect(call('auth.state')).resolves.toMatchObject({
      status: 'reauthRequired',
      serverUrl: URL,
      login: 'alice',
      user: { login: 'alice' },
      step: 'mfa',
    });
    expect(nps.calls.filter((c) => c === 'signInWithPassword')).toHaveLength(2);
    // While the remembered password was being tried, the password was never asked for.
    const steps = events
      .filter(([c, s]) => c === 'auth.changed' && (s as { status: string }).status === 'reauthRequired')
      .map(([, s]) => (s as { step: string }).step);
    expect(steps).toEqual(['resuming', 'mfa']);
    await expect(call('auth.verifyMfa', { code: '123456' })).resolves.toMatchObject({ status: 'signedIn' });
    await expect(call('sessions.watch', { scope: 'mine' })).resolves.toMatchObject({ scope: 'mine' });
    expect(await stored()).toEqual(['password', 'token']);
  });

  it('on a 401 without a remembered password, asks to sign in again and forgets the stale token', async () => {
    const core = start();
    const call = caller(core);
    await signIn(core, { rememberMe: true });
    nps.expireTokens();
    await expect(call('sessions.refresh')).resolves.toBeNull();
    await expect(call('credentials.copy', { sessionId: ID, what: 'password' })).rejects.toMatchObject({
      code: 'unauthorized',
    });
    await expect(call('auth.state')).resolves.toMatchObject({ status: 'reauthRequired', step: 'password' });
    expect(await stored()).toEqual([]);
    // Signing in again as the same user, in place: password, then code.
    await call('auth.signIn', { url: URL, login: 'alice', password: 'alice-pw' });
    await expect(call('auth.state')).resolves.toMatchObject({ status: 'reauthRequired', step: 'mfa' });
    await expect(call('auth.verifyMfa', { code: '123456' })).resolves.toMatchObject({ status: 'signedIn' });
    // The token is remembered again (the profile still says remember me).
    expect(await stored()).toEqual(['token']);
  });

  it('profiles.use with an expired remembered token and a remembered password goes straight to the code', async () => {
    await signIn(start(), { rememberPassword: true });
    nps.expireTokens();
    const next = start({ restore: false });
    const call = caller(next);
    const id = (await profileId())!;
    // The fake's tokens carry no `exp`: the server's 401 is what tells.
    await expect(call('profiles.use', { id })).resolves.toMatchObject({ status: 'signedIn' });
    await expect(call('sessions.watch', { scope: 'mine' })).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(call('auth.state')).resolves.toMatchObject({ status: 'reauthRequired', step: 'mfa', login: 'alice' });
    await expect(call('auth.verifyMfa', { code: '123456' })).resolves.toMatchObject({ status: 'signedIn' });
  });

  it('several calls failing together send the remembered password once and settle on the code step', async () => {
    const core = start();
    const call = caller(core);
    await signIn(core, { rememberPassword: true });
    nps.expireTokens();
    const before = nps.calls.filter((c) => c === 'signInWithPassword').length;
    // A copy asks the summary and the permission at once: both get the 401.
    await expect(call('credentials.copy', { sessionId: ID, what: 'password' })).rejects.toMatchObject({
      code: 'unauthorized',
    });
    await expect(call('auth.state')).resolves.toMatchObject({ status: 'reauthRequired', step: 'mfa' });
    expect(nps.calls.filter((c) => c === 'signInWithPassword').length).toBe(before + 1);
  });

  it('keeps the session feed across a re-sign-in and resumes it afterwards', async () => {
    const core = start();
    const call = caller(core);
    await signIn(core, { rememberPassword: true });
    await call('sessions.watch', { scope: 'mine' });
    nps.expireTokens();
    await call('sessions.refresh');
    await expect(call('auth.state')).resolves.toMatchObject({ status: 'reauthRequired', step: 'mfa' });
    const polls = nps.calls.filter((c) => c === 'summaries:mine').length;
    nps.put(fakeSummary('00000000-0000-4000-8000-0000000000b9'));
    await call('auth.verifyMfa', { code: '123456' });
    // Without a new watch, the feed polls again and reports the session that appeared meanwhile.
    await vi.waitFor(() => expect(nps.calls.filter((c) => c === 'summaries:mine').length).toBeGreaterThan(polls));
    await vi.waitFor(() =>
      expect(
        events.some(
          ([c, d]) =>
            c === 'sessions.delta' &&
            (d as { upserted: Array<{ id: string }> }).upserted.some(
              (r) => r.id === '00000000-0000-4000-8000-0000000000b9',
            ),
        ),
      ).toBe(true),
    );
  });
});

describe('sign-out hygiene', () => {
  it("deletes the profile's keychain entries, clears our clipboard value and forgets secrets in memory", async () => {
    const core = start();
    const call = caller(core);
    await signIn(core, { rememberPassword: true });
    await call('credentials.copy', { sessionId: ID, what: 'password' });
    expect(clipboard.text).toBe(nps.passwordOf(ID));
    await expect(call('auth.signOut')).resolves.toEqual({ status: 'signedOut', reason: 'signedOut' });
    expect(clipboard.text).toBe('');
    expect(await stored()).toEqual([]);
    await expect(call('credentials.copy', { sessionId: ID, what: 'password' })).rejects.toMatchObject({
      code: 'unauthorized',
    });
    const cleared = events.filter(([c]) => c === 'credentials.clipboard').map(([, s]) => s as ClipboardStatus);
    expect(cleared.at(-1)).toMatchObject({ state: 'cleared', reason: 'signOut', what: 'password', sessionId: ID });
  });

  it('leaves the clipboard alone at sign-out when the user copied something else', async () => {
    const core = start();
    await signIn(core);
    await caller(core)('credentials.copy', { sessionId: ID, what: 'username' });
    clipboard.userCopies('my notes');
    await caller(core)('auth.signOut');
    expect(clipboard.text).toBe('my notes');
  });

  it('clears the clipboard on screen lock and on quit', async () => {
    const core = start();
    await signIn(core);
    await caller(core)('credentials.copy', { sessionId: ID, what: 'password' });
    await core.screenLocked();
    expect(clipboard.text).toBe('');
    await caller(core)('credentials.copy', { sessionId: ID, what: 'password' });
    await core.dispose();
    expect(clipboard.text).toBe('');
  });

  it('removing a profile signs out of it and deletes its keychain entries', async () => {
    const core = start();
    await signIn(core, { rememberPassword: true });
    const id = (await profileId())!;
    // The history key goes too (sign-out keeps it, so history stays readable offline; forgetting the server does not).
    await keychain.set({ profileId: id, login: 'alice', kind: 'history-key' }, 'a-history-key');
    const list = (await caller(core)('profiles.remove', { id })) as ProfileList;
    expect(list.profiles).toEqual([]);
    expect(await keychain.list(id)).toEqual([]);
    await expect(caller(core)('auth.state')).resolves.toMatchObject({ status: 'signedOut' });
  });

  it('turning remember-password off forgets the password at once', async () => {
    const core = start();
    await signIn(core, { rememberPassword: true });
    const id = (await profileId())!;
    const list = (await caller(core)('profiles.update', { id, rememberPassword: false })) as ProfileList;
    expect(list.profiles[0]).toMatchObject({
      preferences: { rememberMe: true, rememberPassword: false },
      remembered: { token: true, password: false },
    });
  });
});

describe('sign-out while a copy is under way', () => {
  it('the copy finishing afterwards leaves nothing on the clipboard and says why', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slowPassword: typeof nps.factory = (options) => {
      const client = nps.factory(options);
      return {
        ...client,
        withToken: (token) => {
          const api = client.withToken(token);
          return {
            ...api,
            password: async (id) => {
              const value = await api.password(id);
              await gate;
              return value;
            },
          };
        },
      };
    };
    const core = buildCore({
      dataDir: dir,
      log,
      transport: 'bridge',
      version: '0.0.0',
      platform: 'linux',
      npsClientFactory: slowPassword,
      probeServer: async (url) => ({
        url,
        tls: 'trusted',
        fingerprint: null,
        subject: null,
        issuer: null,
        validTo: null,
      }),
      keychain,
      clipboard,
    });
    cores.push(core);
    const call = caller(core);
    await signIn(core);
    const copying = call('credentials.copy', { sessionId: ID, what: 'password' });
    await vi.waitFor(() => expect(nps.calls).toContain('password'));
    await call('auth.signOut');
    release();
    await expect(copying).rejects.toMatchObject({ code: 'unauthorized', message: /signed out meanwhile/ });
    expect(clipboard.text).toBe('');
    expect(clipboard.writes).toBe(0);
  });
});

describe('keychain unavailable', () => {
  it('tells the UI plainly and keeps remembered secrets in memory for this run', async () => {
    const broken: Keychain = {
      backend: 'keytar',
      get: async () => {
        throw new KeychainError('no_service', 'No OS keychain is available (no Secret Service is running).');
      },
      set: async () => {
        throw new KeychainError('no_service', 'No OS keychain is available (no Secret Service is running).');
      },
      delete: async () => false,
      list: async () => {
        throw new KeychainError('no_service', 'No OS keychain is available (no Secret Service is running).');
      },
    };
    const core = start({ keychain: broken });
    await expect(caller(core)('keychain.status')).resolves.toMatchObject({
      backend: 'memory',
      degraded: true,
      reason: 'no_service',
      message: expect.stringMatching(/No OS keychain.*memory for this run only/),
    });
    expect(events.some(([c, s]) => c === 'keychain.changed' && (s as { degraded: boolean }).degraded)).toBe(true);
    await signIn(core, { rememberMe: true });
    const list = (await caller(core)('profiles.list')) as ProfileList;
    expect(list.profiles[0]?.remembered.token).toBe(true);
    expect(fs.readdirSync(dir).join(' ')).not.toMatch(/token|secret/);
  });
});

describe('copy and view', () => {
  it('copies the username and the password with their hints, clears after the preference, audits both', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const core = start();
    const call = caller(core);
    await signIn(core);
    await call('prefs.update', { clipboardClearSeconds: 30 });
    const receipt = await call('credentials.copy', { sessionId: ID, what: 'username' });
    expect(receipt).toMatchObject({ sessionId: ID, what: 'username', clearAfterSeconds: 30 });
    expect(JSON.stringify(receipt)).not.toContain('svc-web');
    expect(clipboard.text).toBe('CORP\\svc-web');
    expect(clipboard.formats.map((f) => f.format)).toEqual(['x-kde-passwordManagerHint']);

    const calls = nps.calls.length;
    await call('credentials.copy', { sessionId: ID, what: 'password' });
    expect(clipboard.text).toBe(nps.passwordOf(ID));
    // Asked at that moment: permission, then the password.
    expect(nps.calls.slice(calls).sort()).toEqual(['canViewPassword', 'password', 'summaryById']);
    await vi.advanceTimersByTimeAsync(29_999);
    expect(clipboard.text).toBe(nps.passwordOf(ID));
    await vi.advanceTimersByTimeAsync(1);
    expect(clipboard.text).toBe('');

    const audit = await call('credentials.audit', { sessionId: ID });
    expect(audit).toMatchObject({
      sessionId: ID,
      entries: [
        { user: 'alice', action: 'copyUsername', outcome: 'ok' },
        { user: 'alice', action: 'copyPassword', outcome: 'ok' },
      ],
    });
    expect(JSON.stringify(audit)).not.toContain(nps.passwordOf(ID));
  });

  it('view returns the password for the policy time and records it', async () => {
    const core = start();
    await signIn(core);
    await expect(caller(core)('credentials.view', { sessionId: ID })).resolves.toEqual({
      sessionId: ID,
      loginAccount: 'CORP\\svc-web',
      password: nps.passwordOf(ID),
      seconds: 20,
    });
    expect(clipboard.writes).toBe(0);
    const audit = (await caller(core)('credentials.audit', { sessionId: ID })) as { entries: unknown[] };
    expect(audit.entries).toMatchObject([{ action: 'viewPassword', outcome: 'ok', detail: 'shown for 20 s' }]);
  });

  it('refuses sessions that are not available and policies without password access, in plain words', async () => {
    const core = start();
    const call = caller(core);
    await signIn(core);
    await expect(call('credentials.copy', { sessionId: ENDED, what: 'password' })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/is over: credentials can be used only while it is Available or Logged In/),
    });
    await expect(call('credentials.view', { sessionId: NO_POLICY })).rejects.toMatchObject({
      code: 'forbidden',
      message: "This session's access policy does not allow password access.",
    });
    await expect(call('credentials.copy', { sessionId: 'not-a-uuid', what: 'password' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(call('credentials.copy', { sessionId: ID, what: 'secret' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    expect(clipboard.writes).toBe(0);
    const audit = (await call('credentials.audit', { sessionId: ENDED })) as { entries: unknown[] };
    expect(audit.entries).toMatchObject([{ action: 'copyPassword', outcome: 'refused' }]);
  });

  it('never logs or stores a password, token or code', async () => {
    const core = start();
    await signIn(core, { rememberPassword: true });
    await caller(core)('credentials.copy', { sessionId: ID, what: 'password' });
    await caller(core)('credentials.view', { sessionId: ID });
    const files = fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    const disk = files.map((f) => fs.readFileSync(path.join(f.parentPath, f.name), 'utf8')).join('\n');
    for (const text of [log.text(), disk]) {
      expect(text).not.toContain(nps.passwordOf(ID));
      expect(text).not.toContain('alice-pw');
      expect(text).not.toContain('123456');
      expect(text).not.toMatch(/eyJ/);
    }
  });
});
