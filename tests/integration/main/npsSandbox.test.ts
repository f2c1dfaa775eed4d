/**
 * The NPS client and the core against the real sandbox over real HTTPS: pinning its self-signed
 * certificate, the two-step sign-in, token expiry, and the live feed following a session as it ends.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthState, EventChannel, FeedStatus, SessionDelta, SessionRow, SessionSnapshot } from '../../../contract';
import { buildCore, type Core } from '../../../main/core';
import { createNpsClient } from '../../../main/nps/npsClient';
import { startSandbox, type SandboxHandle } from '../../../sandbox/index';
import { coreCaller, signInToSandbox } from '../../fakes/coreCalls';
import { MemoryLogger } from '../../fakes/memoryLogger';

const quiet = () => undefined;
const FAST = { provisioningMs: 150, cancellingMs: 400, approvalTimeoutMs: 60_000, recentEndedMs: 60_000 };

let sandbox: SandboxHandle;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, dataDir: null, timings: FAST, log: quiet, throttle: { maxFailures: 50 } });
});
afterAll(() => sandbox.stop());

describe('NPS client ↔ sandbox over HTTPS', () => {
  it('signs in with a pinned certificate: wrong password, wrong code, then the right code', async () => {
    const client = createNpsClient({ baseUrl: sandbox.url, pin: sandbox.fingerprint, retries: 0 });
    try {
      await expect(client.signInWithPassword('alice', 'not-her-password')).rejects.toMatchObject({
        code: 'credentials_invalid',
      });
      const alice = sandbox.users.find((u) => u.login === 'alice')!;
      const preMfa = await client.signInWithPassword('alice', alice.password);
      const wrong = sandbox.totp('alice') === '000000' ? '111111' : '000000';
      await expect(client.signInWithMfa(preMfa, wrong)).rejects.toMatchObject({ code: 'mfa_invalid' });
      const token = await client.signInWithMfa(preMfa, sandbox.totp('alice'));
      // The pre-MFA token opens nothing but /signin2fa.
      await expect(client.withToken(preMfa).summariesByStatus('mine', 'Active')).rejects.toMatchObject({
        code: 'unauthorized',
      });

      const api = client.withToken(token);
      const page = await api.summariesByStatus('mine', 'Active', { take: 2 });
      expect(page.recordsTotal).toBeGreaterThan(0);
      expect(page.data.length).toBeLessThanOrEqual(2);
      const all = await api.allSummariesByStatus('mine', 'Active', {}, 2);
      expect(all).toHaveLength(page.recordsTotal!);
      expect(new Set(all.map((s) => s.id)).size).toBe(all.length);
      await expect(api.summaryById(all[0]!.id)).resolves.toMatchObject({ id: all[0]!.id });
      const logs = await api.sessionLogs(all[0]!.id);
      expect(logs.lines?.length ?? 0).toBeGreaterThan(0);
      // Admin-only list: a user gets forbidden, clearly.
      await expect(api.summariesByStatus('all', 'Active')).rejects.toMatchObject({ code: 'forbidden' });
    } finally {
      client.close();
    }
  });

  it('refuses the sandbox without its pin (untrusted, with its fingerprint) and with a wrong pin (mismatch)', async () => {
    const unpinned = createNpsClient({ baseUrl: sandbox.url, pin: null, retries: 0 });
    const wrongPin = createNpsClient({ baseUrl: sandbox.url, pin: 'AB:'.repeat(31) + 'CD', retries: 0 });
    try {
      await expect(unpinned.signInWithPassword('alice', 'x')).rejects.toMatchObject({
        code: 'untrusted_certificate',
        peer: { fingerprint: sandbox.fingerprint },
      });
      await expect(wrongPin.signInWithPassword('alice', 'x')).rejects.toMatchObject({
        code: 'certificate_mismatch',
        message: expect.stringContaining(sandbox.fingerprint!),
      });
    } finally {
      unpinned.close();
      wrongPin.close();
    }
  });
});

describe('core ↔ sandbox', () => {
  let dir: string;
  let core: Core;
  const events: Array<[EventChannel, unknown]> = [];

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pam-core-sbx-'));
    core = buildCore({
      dataDir: dir,
      log: new MemoryLogger(),
      transport: 'bridge',
      version: 'test',
      platform: process.platform,
      sandbox: { start: async () => sandbox },
      http: { timeoutMs: 5_000, retries: 0 },
      pollIntervalMs: 100,
    });
    core.events.subscribe((channel, payload) => events.push([channel, payload]));
  });
  afterAll(async () => {
    await core.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const call = coreCaller(() => core);

  function waitForEvent<T>(channel: EventChannel, match: (payload: T) => boolean, timeoutMs = 5_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`no matching ${channel} within ${timeoutMs} ms`));
      }, timeoutMs);
      const stop = core.events.subscribe((c, payload) => {
        if (c === channel && match(payload as T)) {
          clearTimeout(timer);
          stop();
          resolve(payload as T);
        }
      });
    });
  }

  const signIn = (login: string) => signInToSandbox(call, login);

  it('an admin watches all sessions, ends one and sees it go canceling → complete; hidden pauses the feed', async () => {
    await expect(signIn('adam')).resolves.toMatchObject({
      status: 'signedIn',
      user: { login: 'adam', isAdmin: true, roles: ['admin'] },
    });
    const snapshot = await call<SessionSnapshot>('sessions.watch', { scope: 'all' });
    const target = snapshot.rows.find((r) => r.status === 'available' || r.status === 'loggedIn');
    expect(target, 'the demo data has an active session').toBeDefined();

    const canceling = waitForEvent<SessionDelta>('sessions.delta', (d) =>
      d.upserted.some((r) => r.id === target!.id && r.status === 'canceling'),
    );
    await expect(call('sessions.end', { ids: [target!.id] })).resolves.toEqual({
      results: [{ id: target!.id, ok: true, message: '' }],
    });
    await canceling;

    // Hidden: the session completes on the server, but no poll reports it.
    await call('app.setVisible', { visible: false });
    const deltasBefore = events.filter(([c]) => c === 'sessions.delta').length;
    await new Promise((resolve) => setTimeout(resolve, FAST.cancellingMs + 400));
    expect(events.filter(([c]) => c === 'sessions.delta').length).toBe(deltasBefore);

    // Visible again: one immediate poll brings the change.
    const complete = waitForEvent<SessionDelta>(
      'sessions.delta',
      (d) => d.upserted.some((r) => r.id === target!.id && r.status === 'complete'),
      1_000,
    );
    await call('app.setVisible', { visible: true });
    const delta = await complete;
    const row = delta.upserted.find((r) => r.id === target!.id) as SessionRow;
    expect(row.actualEndAt).not.toBeNull();
    expect(events.some(([c, s]) => c === 'sessions.feed' && (s as FeedStatus).state === 'live')).toBe(true);
  });

  it('lock and unlock report per id, including an id that does not exist', async () => {
    const snapshot = await call<SessionSnapshot>('sessions.watch', { scope: 'all' });
    const target = snapshot.rows.find((r) => r.status === 'available' || r.status === 'loggedIn')!;
    const missing = '00000000-0000-4000-8000-00000000dead';
    const locked = await call<{ results: Array<{ id: string; ok: boolean; message: string }> }>('sessions.lock', {
      ids: [target.id, missing],
      locked: true,
      message: 'Review',
    });
    expect(locked.results[0]).toEqual({ id: target.id, ok: true, message: '' });
    expect(locked.results[1]).toMatchObject({ id: missing, ok: false });
    await waitForEvent<SessionDelta>('sessions.delta', (d) =>
      d.upserted.some((r) => r.id === target.id && r.locked && r.status === 'locked'),
    );
    await call('sessions.lock', { ids: [target.id], locked: false });
    await waitForEvent<SessionDelta>('sessions.delta', (d) => d.upserted.some((r) => r.id === target.id && !r.locked));
    const logs = await call<{ id: string; lines: Array<{ message: string }> }>('sessions.logs', { id: target.id });
    expect(logs.lines.length).toBeGreaterThan(0);
    await call('sessions.unwatch');
  });
});

describe('token expiry against the sandbox', () => {
  it('a 401 after the token lapses asks the same user to sign in again and pauses the feed', async () => {
    const shortLived = await startSandbox({
      port: 0,
      dataDir: null,
      timings: { ...FAST, tokenTtlMs: 1_000 },
      log: quiet,
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pam-core-exp-'));
    const core = buildCore({
      dataDir: dir,
      log: new MemoryLogger(),
      transport: 'bridge',
      version: 'test',
      platform: 'linux',
      sandbox: { start: async () => shortLived },
      pollIntervalMs: 200,
    });
    try {
      const states: AuthState[] = [];
      const feed: FeedStatus[] = [];
      core.events.subscribe((channel, payload) => {
        if (channel === 'auth.changed') states.push(payload as AuthState);
        if (channel === 'sessions.feed') feed.push(payload as FeedStatus);
      });
      const call = async (channel: string, payload?: unknown) => {
        const result = await core.router.handle(channel, payload);
        if (!result.ok) throw Object.assign(new Error(result.error.message), result.error);
        return result.value;
      };
      await call('sandbox.start');
      const bob = shortLived.users.find((u) => u.login === 'bob')!;
      await call('auth.signIn', { url: shortLived.url, login: 'bob', password: bob.password });
      await call('auth.verifyMfa', { code: shortLived.totp('bob') });
      await call('sessions.watch', { scope: 'mine' });
      const deadline = Date.now() + 4_000;
      while (!states.some((s) => s.status === 'reauthRequired') && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(states.at(-1)).toMatchObject({ status: 'reauthRequired', login: 'bob', step: 'password' });
      // The feed pauses with the reason (the view survives) rather than retrying into more 401s.
      expect(feed.at(-1)).toMatchObject({ state: 'error', code: 'unauthorized' });
      const result = await core.router.handle('sessions.refresh', undefined);
      expect(result.ok).toBe(true); // nothing to poll any more; no error storm
      await expect(call('sessions.watch', { scope: 'mine' })).rejects.toMatchObject({ code: 'unauthorized' });
    } finally {
      await core.dispose();
      await shortLived.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the bundled sandbox, as the app starts it', () => {
  it('sandbox.start launches it over HTTPS in the data folder, pins it, and alice can sign in and see her sessions', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pam-core-default-'));
    const core = buildCore({
      dataDir: dir,
      log: new MemoryLogger(),
      transport: 'electron',
      version: 'test',
      platform: 'linux',
    });
    try {
      const call = async <T>(channel: string, payload?: unknown): Promise<T> => {
        const result = await core.router.handle(channel, payload);
        if (!result.ok) throw Object.assign(new Error(result.error.message), result.error);
        return result.value as T;
      };
      const info = await call<{ url: string; fingerprint: string; users: Array<{ login: string; password: string }> }>(
        'sandbox.start',
      );
      expect(info.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(info.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
      expect(JSON.stringify(info)).not.toMatch(/totp/i);
      expect(fs.existsSync(path.join(dir, 'sandbox'))).toBe(true);
      await expect(call('auth.probe', { url: info.url })).resolves.toMatchObject({
        tls: 'pinned',
        fingerprint: info.fingerprint,
      });
      const alice = info.users.find((u) => u.login === 'alice')!;
      await call('auth.signIn', { url: info.url, login: 'alice', password: alice.password });
      const { code } = await call<{ code: string }>('sandbox.mfaCode', { login: 'alice' });
      await call('auth.verifyMfa', { code });
      const snapshot = await call<SessionSnapshot>('sessions.watch', { scope: 'mine' });
      expect(snapshot.rows.length).toBeGreaterThan(0);
      expect(new Set(snapshot.rows.map((r) => r.user))).toEqual(new Set(['Alice Adams']));
    } finally {
      await core.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a server the app did not start', () => {
  let dir: string;
  let core: Core;
  let external: SandboxHandle;
  const call = async <T>(channel: string, payload?: unknown): Promise<T> => {
    const result = await core.router.handle(channel, payload);
    if (!result.ok) throw Object.assign(new Error(result.error.message), result.error);
    return result.value as T;
  };

  beforeAll(async () => {
    external = await startSandbox({ port: 0, dataDir: null, timings: FAST, log: quiet });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pam-core-ext-'));
    core = buildCore({
      dataDir: dir,
      log: new MemoryLogger(),
      transport: 'bridge',
      version: 'test',
      platform: 'linux',
      http: { retries: 0, timeoutMs: 2_000 },
      pollIntervalMs: 100,
    });
  });
  afterAll(async () => {
    await core.dispose();
    await external.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is untrusted until the user trusts its fingerprint, which is then kept in the settings file', async () => {
    const alice = external.users.find((u) => u.login === 'alice')!;
    await expect(
      call('auth.signIn', { url: external.url, login: 'alice', password: alice.password }),
    ).rejects.toMatchObject({ code: 'untrusted_certificate' });
    const probe = await call<{ tls: string; fingerprint: string }>('auth.probe', { url: external.url });
    expect(probe).toMatchObject({ tls: 'untrusted', fingerprint: external.fingerprint });

    await expect(
      call('auth.trust', { url: external.url, fingerprint: probe.fingerprint.toLowerCase() }),
    ).resolves.toMatchObject({ tls: 'pinned' });
    const settings = JSON.parse(fs.readFileSync(path.join(dir, 'settings.json'), 'utf8'));
    expect(Object.values(settings.pins)).toEqual([external.fingerprint]);
    expect(JSON.stringify(settings)).not.toContain(alice.password);

    await call('auth.signIn', { url: external.url, login: 'alice', password: alice.password });
    await expect(call('auth.verifyMfa', { code: external.totp('alice') })).resolves.toMatchObject({
      status: 'signedIn',
    });
    // The last server and login are kept in one place: the profile store's last used profile.
    const profiles = JSON.parse(fs.readFileSync(path.join(dir, 'profiles.json'), 'utf8'));
    const last = profiles.profiles.find((p: { id: string }) => p.id === profiles.lastUsedId);
    expect(last).toMatchObject({ url: external.url, lastLogin: 'alice', kind: 'server' });
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'settings.json'), 'utf8'))).not.toHaveProperty('lastServer');
  });

  it('the feed reports offline when the server goes away', async () => {
    await call('sessions.watch', { scope: 'mine' });
    const offline = new Promise<FeedStatus>((resolve) => {
      const stop = core.events.subscribe((channel, payload) => {
        if (channel === 'sessions.feed' && (payload as FeedStatus).state === 'offline') {
          stop();
          resolve(payload as FeedStatus);
        }
      });
    });
    await external.stop();
    await expect(offline).resolves.toMatchObject({
      state: 'offline',
      message: "Can't reach the server — retrying",
      code: 'unreachable',
    });
    await expect(core.router.handle('auth.state', undefined)).resolves.toMatchObject({
      ok: true,
      value: { status: 'signedIn' },
    });
  });
});
