import { describe, expect, it } from 'vitest';
import { createRememberedSecrets, rememberAtSignIn } from '../../../main/auth/rememberedSecrets';
import type { Keychain } from '../../../main/keychain/keychain';
import { MemoryKeychain } from '../../../main/keychain/memoryKeychain';
import { MemoryLogger } from '../../fakes/memoryLogger';

const PROFILE = '11111111-1111-4111-8111-111111111111';

describe('what a sign-in remembers', () => {
  it('takes the explicit choice, then the profile, and a remembered password implies remember me', () => {
    const saved = { rememberMe: true, rememberPassword: false };
    expect(rememberAtSignIn({}, null)).toEqual({ rememberMe: false, rememberPassword: false });
    expect(rememberAtSignIn({}, saved)).toEqual(saved);
    expect(rememberAtSignIn({ rememberPassword: true }, null)).toEqual({ rememberMe: true, rememberPassword: true });
    expect(rememberAtSignIn({ rememberMe: false, rememberPassword: true }, null)).toEqual({
      rememberMe: true,
      rememberPassword: true,
    });
    // An explicit "do not remember the password" also decides remember me when it is not given.
    expect(rememberAtSignIn({ rememberPassword: false }, saved)).toEqual({
      rememberMe: false,
      rememberPassword: false,
    });
  });
});

describe('remembered secrets', () => {
  it('keeps the token and the password after a sign-in, and forgets what is no longer remembered', async () => {
    const keychain = new MemoryKeychain();
    const secrets = createRememberedSecrets(keychain, new MemoryLogger());
    await secrets.keepAfterSignIn(PROFILE, 'alice', { rememberMe: true, rememberPassword: true }, 'tok', 'pw');
    expect(await secrets.read(PROFILE, 'alice', 'token')).toBe('tok');
    expect(await secrets.read(PROFILE, 'alice', 'password')).toBe('pw');
    // Signing in again with the remembered password (none typed) keeps it.
    await secrets.keepAfterSignIn(PROFILE, 'alice', { rememberMe: true, rememberPassword: true }, 'tok2', null);
    expect(await secrets.read(PROFILE, 'alice', 'password')).toBe('pw');
    await secrets.keepAfterSignIn(PROFILE, 'alice', { rememberMe: true, rememberPassword: false }, 'tok3', null);
    expect(await secrets.read(PROFILE, 'alice', 'token')).toBe('tok3');
    expect(await secrets.read(PROFILE, 'alice', 'password')).toBeNull();
    await secrets.forgetAll(PROFILE);
    expect(await keychain.list(PROFILE)).toEqual([]);
  });

  it('a failing keychain reads as nothing and never rejects, and its message is logged without the secret', async () => {
    const broken: Keychain = {
      backend: 'broken',
      get: () => Promise.reject(new Error('locked')),
      set: () => Promise.reject(new Error('locked')),
      delete: () => Promise.reject(new Error('locked')),
      list: () => Promise.reject(new Error('locked')),
    };
    const log = new MemoryLogger();
    const secrets = createRememberedSecrets(broken, log);
    await expect(secrets.read(PROFILE, 'alice', 'token')).resolves.toBeNull();
    await expect(
      secrets.keepAfterSignIn(
        PROFILE,
        'alice',
        { rememberMe: true, rememberPassword: true },
        'tok-SECRET',
        'pw-SECRET',
      ),
    ).resolves.toBeUndefined();
    await expect(secrets.forgetAll(PROFILE)).resolves.toBeUndefined();
    expect(log.text()).toMatch(/could not remember the token: locked/);
    expect(log.text()).toMatch(/could not delete the remembered secrets: locked/);
    expect(log.text()).not.toMatch(/SECRET/);
  });
});
