/**
 * Remember me: after a sign-in the session token (and, only if the user opted in, the NPS password) is kept
 * in the keychain under the server's profile; sign-out deletes the profile's entries and drops what the
 * keychain holds in memory.
 *
 * A failing keychain never fails a sign-in: a read gives null and a write is logged (FallbackKeychain
 * already keeps secrets in memory for the run when the OS keychain cannot be used). Never a secret in a log.
 */
import type { ProfilePreferences } from '../../contract';
import { deleteProfileEntries, type Keychain, type KeychainEntry, type SecretKind } from '../keychain/keychain';
import type { Logger } from '../log/logger';

/** What a sign-in remembers: the same shape the profile keeps and the sign-in and profile requests send. */
export type Remember = ProfilePreferences;

/**
 * What a sign-in remembers when the user chose some of it: an explicit choice wins, then the profile's; a
 * remembered password implies remembering the sign-in.
 */
export function rememberAtSignIn(choice: Partial<Remember>, saved: Remember | null): Remember {
  const rememberPassword = choice.rememberPassword ?? saved?.rememberPassword ?? false;
  const rememberMe = choice.rememberMe ?? choice.rememberPassword ?? saved?.rememberMe ?? false;
  return { rememberMe: rememberMe || rememberPassword, rememberPassword };
}

export interface RememberedSecrets {
  /** The remembered secret, or null when there is none or the keychain cannot be read. */
  read(profileId: string, login: string, kind: SecretKind): Promise<string | null>;
  /** Stores `secret`, or deletes the entry when it is null. */
  write(profileId: string, login: string, kind: SecretKind, secret: string | null): Promise<void>;
  /**
   * After a verified code: keeps the token if the sign-in is remembered and the password if it is to be,
   * and forgets what is not. A null `password` with `rememberPassword` (re-sign-in with the remembered
   * one) leaves the stored password as it is.
   */
  keepAfterSignIn(
    profileId: string,
    login: string,
    remember: Remember,
    token: string,
    password: string | null,
  ): Promise<void>;
  /** Sign-out: deletes the profile's entries (if any) and drops every secret held in memory. */
  forgetAll(profileId: string | null): Promise<void>;
  /** Drops every secret the keychain holds in memory. */
  forgetMemory(): void;
}

export function createRememberedSecrets(
  keychain: (Keychain & { forgetMemory?(): void }) | undefined,
  log: Logger,
): RememberedSecrets {
  const entry = (profileId: string, login: string, kind: SecretKind): KeychainEntry => ({ profileId, login, kind });

  async function read(profileId: string, login: string, kind: SecretKind): Promise<string | null> {
    if (!keychain) return null;
    try {
      return await keychain.get(entry(profileId, login, kind));
    } catch (error) {
      log.warn(`[auth] could not read the remembered ${kind}: ${(error as Error).message}`);
      return null;
    }
  }

  async function write(profileId: string, login: string, kind: SecretKind, secret: string | null): Promise<void> {
    if (!keychain) return;
    try {
      if (secret === null) await keychain.delete(entry(profileId, login, kind));
      else await keychain.set(entry(profileId, login, kind), secret);
    } catch (error) {
      log.warn(`[auth] could not ${secret === null ? 'forget' : 'remember'} the ${kind}: ${(error as Error).message}`);
    }
  }

  return {
    read,
    write,
    async keepAfterSignIn(profileId, login, remember, token, password) {
      await write(profileId, login, 'token', remember.rememberMe ? token : null);
      const kept = remember.rememberPassword ? password : null;
      if (kept !== null || !remember.rememberPassword) await write(profileId, login, 'password', kept);
    },
    async forgetAll(profileId) {
      if (profileId && keychain) {
        try {
          const removed = await deleteProfileEntries(keychain, profileId);
          if (removed) log.info(`[auth] deleted ${removed} remembered secret(s) of this server`);
        } catch (error) {
          log.warn(`[auth] could not delete the remembered secrets: ${(error as Error).message}`);
        }
      }
      keychain?.forgetMemory?.();
    },
    forgetMemory: () => keychain?.forgetMemory?.(),
  };
}
