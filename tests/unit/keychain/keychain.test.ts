import { describe, expect, it } from 'vitest';
import { accountName, KeychainError, parseAccountName } from '../../../main/keychain/keychain';
import { FallbackKeychain } from '../../../main/keychain/fallbackKeychain';
import {
  classifyKeychainFailure,
  describeKeychainFailure,
  KeytarKeychain,
  UNLOCK_CHECK_ACCOUNT,
  type KeytarModule,
} from '../../../main/keychain/keytarKeychain';

const profileId = '5b0c1d52-8c5e-4a4e-9f1e-0d6d3c2b1a00';

describe('keychain entry names', () => {
  it('follow <profile id>:<login>:<kind> and parse back, even with colons in the login', () => {
    const entry = { profileId, login: 'CORP\\alice:ops', kind: 'password' as const };
    expect(accountName(entry)).toBe(`${profileId}:CORP\\alice:ops:password`);
    expect(parseAccountName(accountName(entry))).toEqual(entry);
  });

  it.each([['not-a-uuid:alice:token'], [`${profileId}:alice:apikey`], [`${profileId}::token`], ['alice']])(
    'ignores foreign account %s',
    (account) => {
      expect(parseAccountName(account)).toBeNull();
    },
  );

  it('refuses profile ids that are not UUIDs and logins with control characters', () => {
    expect(() => accountName({ profileId: '../x', login: 'a', kind: 'token' })).toThrow(/UUID/);
    expect(() => accountName({ profileId, login: 'a\nb', kind: 'token' })).toThrow(/printable/);
  });
});

describe('keytar failures', () => {
  // What libsecret 0.20 / gnome-keyring 42 really say (tests/integration/keychain), then macOS and Windows.
  it.each([
    ['Cannot autolaunch D-Bus without X11 $DISPLAY', 'no_bus'],
    ['Could not connect: No such file or directory', 'no_bus'],
    ['Could not connect: Connection refused', 'no_bus'],
    ['Failed to execute child process “dbus-launch” (No such file or directory)', 'no_bus'],
    ['The name org.freedesktop.secrets was not provided by any .service files', 'no_service'],
    [
      'GDBus.Error:org.freedesktop.DBus.Error.ServiceUnknown: The name org.freedesktop.secrets was not provided by any .service files',
      'no_service',
    ],
    [
      'Error calling StartServiceByName for org.freedesktop.secrets: Process org.freedesktop.secrets exited with status 1',
      'no_service',
    ],
    ['Object does not exist at path “/org/freedesktop/secrets/collection/login”', 'no_keyring'],
    ['Cannot create an item in a locked collection', 'locked'],
    ['User interaction is not allowed.', 'locked'],
    ['User canceled the operation.', 'dismissed'],
    ['Prompt dismissed', 'dismissed'],
    ['The stub received bad data.', 'too_large'],
    ['Something odd', 'failed'],
  ])('"%s" is %s', (message, reason) => {
    expect(classifyKeychainFailure(new Error(message))).toBe(reason);
  });

  it('tells the user what happened and what to do', () => {
    const say = (message: string) => describeKeychainFailure(new Error(message)).message;
    expect(say('Cannot autolaunch D-Bus without X11 $DISPLAY')).toMatch(/no D-Bus session.*desktop session/);
    expect(say('The name org.freedesktop.secrets was not provided by any .service files')).toMatch(
      /No keyring service.*Install GNOME Keyring/,
    );
    expect(say('Error calling StartServiceByName for org.freedesktop.secrets: Process x exited')).toMatch(
      /failed to start/,
    );
    expect(say('Object does not exist at path “/org/freedesktop/secrets/collection/login”')).toMatch(
      /no default keyring.*dismissed, or could not be shown.*Create one in Passwords and Keys.*restart PAM Desk/,
    );
    expect(say('Cannot create an item in a locked collection')).toMatch(
      /keyring is locked.*dismissed, or could not be shown.*Unlock it in Passwords and Keys.*restart PAM Desk/,
    );
    expect(say("Cannot find module 'keytar'")).toMatch(/could not be loaded/);
  });

  function fakeKeytar(): KeytarModule & { calls: number } {
    const store = new Map<string, string>();
    return {
      calls: 0,
      async getPassword(_s, a) {
        this.calls += 1;
        return store.get(a) ?? null;
      },
      async setPassword(_s, a, p) {
        this.calls += 1;
        store.set(a, p);
      },
      async deletePassword(_s, a) {
        this.calls += 1;
        return store.delete(a);
      },
      async findCredentials() {
        this.calls += 1;
        return [...store].map(([account, password]) => ({ account, password }));
      },
    };
  }

  it("refuses secrets over Windows' 2,560-byte credential limit before calling the OS", async () => {
    const keytar = fakeKeytar();
    const keychain = new KeytarKeychain({ platform: 'win32', load: async () => keytar });
    const entry = { profileId, login: 'alice', kind: 'token' as const };
    await expect(keychain.set(entry, 'x'.repeat(2561))).rejects.toMatchObject({ reason: 'too_large' });
    expect(keytar.calls).toBe(0);
    await keychain.set(entry, 'x'.repeat(2560));
    expect(await keychain.get(entry)).toHaveLength(2560);
  });

  it('keeps a too-large secret in memory while the keychain keeps working for the others', async () => {
    const keytar = fakeKeytar();
    const warnings: string[] = [];
    const keychain = new FallbackKeychain(new KeytarKeychain({ platform: 'win32', load: async () => keytar }), {
      warn: (m) => warnings.push(m),
    });
    const big = { profileId, login: 'alice', kind: 'token' as const };
    const small = { profileId, login: 'alice', kind: 'password' as const };
    await keychain.set(big, 'y'.repeat(4000));
    await keychain.set(small, 'pw');
    expect(await keychain.get(big)).toHaveLength(4000);
    // The user is told, and the keychain stays in use for everything that fits.
    expect(keychain.status()).toMatchObject({ backend: 'keytar', degraded: true, reason: 'too_large' });
    expect(keychain.status().message).toMatch(/too large for the OS keychain.*2,560 bytes.*memory for this run only/);
    expect(keytar.calls).toBeGreaterThan(0);
    expect((await keychain.list(profileId)).map((e) => e.kind).sort()).toEqual(['password', 'token']);
    expect(warnings.join('\n')).not.toContain('yyyy');
  });

  it('never enters the native module twice at once, even from two Keychain objects', async () => {
    let running = 0;
    let most = 0;
    const slow = async <T>(value: T): Promise<T> => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 2));
      running -= 1;
      return value;
    };
    const keytar: KeytarModule = {
      getPassword: () => slow(null),
      setPassword: () => slow(undefined),
      deletePassword: () => slow(true),
      findCredentials: () => slow([]),
    };
    const a = new KeytarKeychain({ load: async () => keytar });
    const b = new KeytarKeychain({ load: async () => keytar });
    const entry = { profileId, login: 'alice', kind: 'token' as const };
    await Promise.all([a.set(entry, 'x'), b.get(entry), a.list(profileId), b.delete(entry), a.get(entry)]);
    expect(most).toBe(1);
  });

  it('on Linux, writes and removes a check entry before searching, so a locked keyring refuses instead of crashing', async () => {
    const calls: string[] = [];
    const keytar: KeytarModule = {
      getPassword: async () => null,
      setPassword: async (_s, account) => {
        calls.push(`set ${account}`);
        throw new Error('Cannot create an item in a locked collection');
      },
      deletePassword: async (_s, account) => (calls.push(`delete ${account}`), true),
      findCredentials: async () => (calls.push('find'), []),
    };
    const failure = await new KeytarKeychain({ platform: 'linux', load: async () => keytar })
      .list(profileId)
      .catch((e: unknown) => e);
    expect(failure).toMatchObject({ reason: 'locked' });
    expect(calls).toEqual([`set ${UNLOCK_CHECK_ACCOUNT}`]);
    calls.length = 0;
    keytar.setPassword = async (_s, account) => void calls.push(`set ${account}`);
    await new KeytarKeychain({ platform: 'linux', load: async () => keytar }).list(profileId);
    expect(calls).toEqual([`set ${UNLOCK_CHECK_ACCOUNT}`, `delete ${UNLOCK_CHECK_ACCOUNT}`, 'find']);
    calls.length = 0;
    await new KeytarKeychain({ platform: 'darwin', load: async () => keytar }).list(profileId);
    expect(calls).toEqual(['find']);
  });

  it('turns an unloadable native module into "no_service"', async () => {
    const keychain = new KeytarKeychain({
      load: async () => {
        throw new Error("Cannot find module 'keytar'");
      },
    });
    const failure = await keychain.get({ profileId, login: 'a', kind: 'token' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(KeychainError);
    expect(failure).toMatchObject({ reason: 'no_service' });
  });
});
