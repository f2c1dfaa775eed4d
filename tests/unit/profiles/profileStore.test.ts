import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serverAddress } from '../../../main/nps/serverAddress';
import { createProfileStore } from '../../../main/profiles/profileStore';
import { MemoryLogger } from '../../fakes/memoryLogger';

const prefs = { rememberMe: true, rememberPassword: false };
let dir: string;
let log: MemoryLogger;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pam-profiles-'));
  log = new MemoryLogger();
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('profile store', () => {
  it('keeps one profile per server address, several servers, and the last used one across restarts', () => {
    const store = createProfileStore(dir, log);
    const a = store.recordSignIn({
      url: 'https://PAM.corp.example:6500/',
      kind: 'server',
      login: 'alice',
      fingerprint: null,
      preferences: prefs,
    });
    const again = store.recordSignIn({
      url: 'https://pam.corp.example:6500',
      kind: 'server',
      login: 'bob',
      fingerprint: null,
      preferences: prefs,
    });
    expect(again.id).toBe(a.id);
    const b = store.recordSignIn({
      url: 'https://other.example',
      kind: 'server',
      login: 'alice',
      fingerprint: 'AB:'.repeat(31) + 'CD',
      preferences: prefs,
    });
    const reopened = createProfileStore(dir, log);
    expect(reopened.list().map((p) => [p.name, p.lastLogin])).toEqual([
      ['pam.corp.example:6500', 'bob'],
      ['other.example', 'alice'],
    ]);
    expect(reopened.lastUsedId()).toBe(b.id);
    expect(reopened.forUrl('https://pam.corp.example:6500/', 'server')?.id).toBe(a.id);
    expect(fs.statSync(store.file).mode & 0o777).toBe(0o600);
    expect(serverAddress('https://X.example/base/')).toBe('https://x.example/base');
  });

  it('has a single sandbox profile whose address follows the sandbox', () => {
    const store = createProfileStore(dir, log);
    const first = store.recordSignIn({
      url: 'https://127.0.0.1:40001',
      kind: 'sandbox',
      login: 'alice',
      fingerprint: null,
      preferences: prefs,
    });
    const second = store.recordSignIn({
      url: 'https://127.0.0.1:40002',
      kind: 'sandbox',
      login: 'alice',
      fingerprint: null,
      preferences: prefs,
    });
    expect(second.id).toBe(first.id);
    expect(store.list()).toHaveLength(1);
    expect(store.get(first.id)).toMatchObject({ name: 'Sandbox', url: 'https://127.0.0.1:40002' });
  });

  it('removes a profile and forgets it as the last used one', () => {
    const store = createProfileStore(dir, log);
    const a = store.recordSignIn({
      url: 'https://a.example',
      kind: 'server',
      login: 'alice',
      fingerprint: null,
      preferences: prefs,
    });
    expect(store.remove(a.id)?.id).toBe(a.id);
    expect(store.remove(a.id)).toBeNull();
    expect(createProfileStore(dir, log).list()).toEqual([]);
    expect(store.lastUsedId()).toBeNull();
  });

  it('moves a damaged file aside, says so, and starts without profiles', () => {
    fs.writeFileSync(path.join(dir, 'profiles.json'), '{"version":1,"profiles":[{"id":"x"}]}');
    const store = createProfileStore(dir, log);
    expect(store.list()).toEqual([]);
    expect(fs.readdirSync(dir).some((f) => f.startsWith('profiles.json.corrupt-'))).toBe(true);
    expect(log.text()).toMatch(/\[profiles\] .*invalid/);
  });
});
