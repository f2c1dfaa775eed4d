import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { actionChannels, type EventChannel } from '../../../contract';
import { buildCore, type Core } from '../../../main/core';
import { FakeNps, fakeSummary } from '../../fakes/fakeNpsClient';
import { fakeSandbox, type FakeSandbox } from '../../fakes/fakeSandbox';
import { MemoryLogger } from '../../fakes/memoryLogger';

const ID = '00000000-0000-4000-8000-000000000001';
let dir: string;
let core: Core;
let nps: FakeNps;
let sandbox: FakeSandbox;
let starts: number;
let events: Array<[EventChannel, unknown]>;
let log: MemoryLogger;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pam-core-'));
  nps = new FakeNps();
  sandbox = fakeSandbox();
  starts = 0;
  log = new MemoryLogger();
  core = buildCore({
    dataDir: dir,
    log,
    transport: 'bridge',
    version: '1.2.3',
    platform: 'linux',
    npsClientFactory: nps.factory,
    probeServer: async (url, { pin }) => ({
      url,
      tls: pin ? 'pinned' : 'untrusted',
      fingerprint: sandbox.fingerprint,
      subject: 'sandbox',
      issuer: 'sandbox',
      validTo: null,
    }),
    sandbox: {
      start: async () => {
        starts += 1;
        return sandbox;
      },
    },
  });
  events = [];
  core.events.subscribe((channel, payload) => events.push([channel, payload]));
});
afterEach(async () => {
  await core.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

const call = async (channel: string, payload?: unknown) => {
  const result = await core.router.handle(channel, payload);
  if (!result.ok) throw Object.assign(new Error(result.error.message), result.error);
  return result.value as never;
};

describe('buildCore', () => {
  it('answers every channel of the contract (none falls through as unknown)', async () => {
    for (const channel of actionChannels) {
      const result = await core.router.handle(channel, { __bogus: true });
      if (!result.ok) expect(result.error.message).not.toBe('Unknown action.');
    }
    await expect(call('app.info')).resolves.toEqual({
      name: 'PAM Desk',
      version: '1.2.3',
      transport: 'bridge',
      platform: 'linux',
    });
  });

  it('sandbox.start is idempotent, pins the sandbox for this run only, and never hands out TOTP secrets', async () => {
    const first = await call('sandbox.start');
    const second = await call('sandbox.start');
    expect(starts).toBe(1);
    expect(second).toEqual(first);
    expect(JSON.stringify(first)).not.toContain(sandbox.totpSecret);
    expect(first).toMatchObject({
      url: sandbox.url,
      fingerprint: sandbox.fingerprint,
      users: [{ login: 'alice', password: 'alice-demo', role: 'user' }, { login: 'adam' }],
    });
    await expect(call('auth.probe', { url: sandbox.url })).resolves.toMatchObject({ tls: 'pinned' });
    expect(fs.existsSync(path.join(dir, 'settings.json'))).toBe(false); // the run pin is not written

    const code = await call('sandbox.mfaCode', { login: 'alice' });
    expect(code).toMatchObject({ code: '111111' });
    expect((code as { secondsLeft: number }).secondsLeft).toBeGreaterThan(0);
    await expect(call('sandbox.mfaCode', { login: 'mallory' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('sandbox.mfaCode before start is not_available; dispose stops the sandbox', async () => {
    await expect(call('sandbox.mfaCode', { login: 'alice' })).rejects.toMatchObject({ code: 'not_available' });
    await call('sandbox.start');
    await core.dispose();
    expect(sandbox.stopped).toBe(1);
  });

  it('signs in, watches, ends a session, and emits auth, feed and delta events', async () => {
    nps.put(fakeSummary(ID));
    await expect(call('sessions.watch', { scope: 'mine' })).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(
      call('auth.signIn', { url: 'https://nps.example', login: 'alice', password: 'alice-pw' }),
    ).resolves.toEqual({ next: 'mfa' });
    await expect(call('auth.verifyMfa', { code: '123456' })).resolves.toMatchObject({
      status: 'signedIn',
      user: { login: 'alice', isAdmin: false },
    });
    const snapshot = await call('sessions.watch', { scope: 'mine' });
    expect(snapshot).toMatchObject({ scope: 'mine', rows: [{ id: ID, status: 'available' }] });

    await expect(call('sessions.end', { ids: [ID] })).resolves.toEqual({
      results: [{ id: ID, ok: true, message: '' }],
    });
    await call('sessions.refresh');
    const delta = events.find(([channel]) => channel === 'sessions.delta')?.[1];
    expect(delta).toMatchObject({ scope: 'mine', upserted: [{ id: ID, status: 'canceling' }], removed: [] });
    expect(events.filter(([c]) => c === 'auth.changed').map(([, s]) => (s as { status: string }).status)).toEqual([
      'signedOut',
      'mfaRequired',
      'signedIn',
    ]);
    expect(events.some(([c, s]) => c === 'sessions.feed' && (s as { state: string }).state === 'live')).toBe(true);

    await expect(call('auth.signOut')).resolves.toEqual({ status: 'signedOut', reason: 'signedOut' });
    expect(events.at(-1)).toEqual(['auth.changed', { status: 'signedOut', reason: 'signedOut' }]);
    expect(log.text()).not.toMatch(/alice-pw|123456|eyJ/);
  });

  it('prefs.update turns kinds of notifications off one by one and keeps the others', async () => {
    await call('prefs.update', { notifications: { ending: false } });
    await expect(call('prefs.update', { notifications: { locked: false, ending: true } })).resolves.toMatchObject({
      notifications: { ending: true, locked: false },
    });
    await expect(call('prefs.update', { notifications: { ending: 'no' } })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    const saved = JSON.parse(fs.readFileSync(path.join(dir, 'settings.json'), 'utf8'));
    expect(saved.preferences.notifications).toEqual({ ending: true, locked: false });
  });

  it('prefs.update validates, persists, and keeps views per key', async () => {
    await expect(call('prefs.get')).resolves.toEqual({ pollIntervalSeconds: 10, views: {} });
    await call('prefs.update', { pollIntervalSeconds: 20 });
    const view = { columns: [{ field: 'host', visible: true, width: 180 }] };
    await expect(call('prefs.update', { view: { key: 'srv|alice|active', pref: view } })).resolves.toEqual({
      pollIntervalSeconds: 20,
      views: { 'srv|alice|active': view },
    });
    await expect(call('prefs.update', { pollIntervalSeconds: 1 })).rejects.toMatchObject({ code: 'invalid_input' });
    const saved = JSON.parse(fs.readFileSync(path.join(dir, 'settings.json'), 'utf8'));
    expect(saved.preferences).toEqual({ pollIntervalSeconds: 20, views: { 'srv|alice|active': view } });
  });

  it('auth.trust persists the pin in the settings file', async () => {
    await expect(
      call('auth.trust', { url: 'https://nps.example:6500', fingerprint: sandbox.fingerprint }),
    ).resolves.toMatchObject({ tls: 'pinned' });
    const saved = JSON.parse(fs.readFileSync(path.join(dir, 'settings.json'), 'utf8'));
    expect(saved.pins).toEqual({ 'https://nps.example:6500': sandbox.fingerprint });
  });
});
