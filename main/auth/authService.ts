/**
 * Sign-in: the two steps (password, then MFA code), sign-out, and calls with the signed-in API. It puts
 * together the state machine (`signInState.ts`), signing in again with what is remembered or after the
 * token lapsed (`reSignIn.ts`) and the keychain entries of remember me (`rememberedSecrets.ts`).
 *
 * Sign-out deletes the profile's keychain entries, drops every secret held in memory and lets the core
 * clear the clipboard. Secrets live in the state machine's step or in the keychain: never on disk in plain
 * text, in a log or in an event.
 */
import type { AuthState } from '../../contract';
import type { NpsClient, NpsClientFactory, NpsSessionApi } from '../nps/npsClient';
import { PamError, isPamError } from '../errors/pamError';
import type { Logger } from '../log/logger';
import type { Keychain } from '../keychain/keychain';
import type { ProfileStore, StoredProfile } from '../profiles/profileStore';
import { createRememberedSecrets, rememberAtSignIn, type Remember } from './rememberedSecrets';
import { createReSignIn } from './reSignIn';
import { createSignInMachine } from './signInState';
import type { TrustStore } from './trustStore';

export interface AuthService {
  state(): AuthState;
  /**
   * Step 1. Resolves when the password was accepted and an MFA code is due. While re-signing in
   * (`reauth`) as the same user on the same server, the view's state is kept.
   */
  signIn(url: string, login: string, password: string, options?: Partial<Remember>): Promise<{ next: 'mfa' }>;
  /** Step 2. A wrong code keeps `mfaRequired` so the user can try again. */
  verifyMfa(code: string): Promise<AuthState>;
  /** Signs in with what a profile remembers: a valid token → signedIn; a password → mfaRequired; else signedOut. */
  useProfile(profileId: string): Promise<AuthState>;
  /** At start: `useProfile` for the last used profile when it remembers anything; never rejects. */
  restore(): Promise<AuthState>;
  /** Deletes the profile's keychain entries, forgets every secret in memory, then runs `onSignedOut`. */
  signOut(): Promise<AuthState>;
  /** The profile of the current (or pending) sign-in, if any. */
  currentProfileId(): string | null;
  /**
   * A number that stays the same for as long as this sign-in lasts, null when not signed in: work that
   * started signed in checks it before it leaves a secret anywhere (a copy finishing after sign-out).
   */
  session(): number | null;
  /** Who is signed in where, for the audit trail. */
  identity(): { server: string; login: string } | null;
  /**
   * The signed-in user's NPS password if they chose to remember it (for SSH proxy logins); null otherwise.
   * Read from the keychain at the moment it is needed, never kept.
   */
  rememberedPassword(): Promise<string | null>;
  /**
   * Runs `fn` with the signed-in API. Rejects with `unauthorized` when not signed in; an `unauthorized` from
   * the server moves to `reauth` (same user, same server) before the error is rethrown.
   */
  call<T>(fn: (api: NpsSessionApi) => Promise<T>): Promise<T>;
  onChange(listener: (state: AuthState) => void): () => void;
  dispose(): void;
}

export interface AuthServiceDeps {
  createClient: NpsClientFactory;
  trustStore: Pick<TrustStore, 'pinFor'>;
  log: Logger;
  http?: { timeoutMs?: number; retries?: number; ca?: string[] };
  /** Where remembered secrets go; without it (and `profiles`) nothing is remembered. */
  keychain?: Keychain & { forgetMemory?(): void };
  profiles?: ProfileStore;
  /** Whether `url` is the sandbox this app started (its profile is the one 'sandbox' profile). */
  isSandboxUrl?: (url: string) => boolean;
  /** The address to use for a profile now (the sandbox's changes every run; the core starts it). */
  profileAddress?: (profile: StoredProfile) => Promise<string>;
  /** After sign-out: clear the clipboard if it holds our value. */
  onSignedOut?: () => Promise<void>;
  now?: () => number;
}

export function createAuthService(deps: AuthServiceDeps): AuthService {
  const { log } = deps;
  const now = deps.now ?? Date.now;
  const isSandbox = (url: string): boolean => deps.isSandboxUrl?.(url) ?? false;
  const kindOf = (url: string): 'server' | 'sandbox' => (isSandbox(url) ? 'sandbox' : 'server');
  const machine = createSignInMachine(isSandbox);
  const secrets = createRememberedSecrets(deps.keychain, log);

  function clientFor(url: string): NpsClient {
    return deps.createClient({
      baseUrl: url,
      pin: deps.trustStore.pinFor(url),
      ...(deps.http?.timeoutMs !== undefined ? { timeoutMs: deps.http.timeoutMs } : {}),
      ...(deps.http?.retries !== undefined ? { retries: deps.http.retries } : {}),
      ...(deps.http?.ca ? { ca: deps.http.ca } : {}),
    });
  }

  const again = createReSignIn({
    machine,
    secrets,
    clientFor,
    profiles: deps.profiles,
    profileAddress: deps.profileAddress,
    now,
    log,
  });

  function sameAccount(url: string, login: string, other: { serverUrl: string; login: string }): boolean {
    return url === other.serverUrl && login.toLowerCase() === other.login.toLowerCase();
  }

  return {
    state: () => machine.publicState(),

    async signIn(url, login, password, options = {}) {
      const current = machine.current;
      // Re-signing in as the user whose token lapsed keeps their view; anything else starts afresh.
      const reauthOf =
        current.status === 'reauth' && sameAccount(url, login, current)
          ? current.user
          : current.status === 'mfaRequired' && current.reauthOf && sameAccount(url, login, current)
            ? current.reauthOf
            : null;
      const profile = deps.profiles?.forUrl(url, kindOf(url)) ?? null;
      const remember = rememberAtSignIn(options, profile?.preferences ?? null);
      const previous = current;
      if (reauthOf) machine.bump();
      else machine.transition({ status: 'signedOut', reason: 'none' });
      const started = machine.generation;
      const client = reauthOf && previous.status !== 'signedOut' ? previous.client : clientFor(url);
      let preMfaToken: string;
      try {
        preMfaToken = await client.signInWithPassword(login, password);
      } catch (error) {
        if (!reauthOf) client.close();
        log.warn(
          `[auth] sign-in to ${new URL(url).origin} as ${login} failed: ${isPamError(error) ? error.code : 'error'}`,
        );
        throw error;
      }
      if (machine.generation !== started) {
        if (!reauthOf) client.close();
        throw new PamError('conflict', 'Another sign-in started meanwhile.');
      }
      machine.transition({
        status: 'mfaRequired',
        serverUrl: url,
        login,
        client,
        preMfaToken,
        remember,
        password: remember.rememberPassword ? password : null,
        reauthOf,
        profileId: reauthOf && previous.status !== 'signedOut' && 'profileId' in previous ? previous.profileId : null,
      });
      log.info(`[auth] password accepted for ${login} at ${new URL(url).origin}; MFA code due`);
      return { next: 'mfa' };
    },

    async verifyMfa(code) {
      const pending = machine.current;
      if (pending.status !== 'mfaRequired') throw new PamError('unauthorized', 'Sign in with your password first.');
      const started = machine.generation;
      let token: string;
      try {
        token = await pending.client.signInWithMfa(pending.preMfaToken, code);
      } catch (error) {
        if (isPamError(error) && error.code === 'unauthorized' && machine.generation === started) {
          if (pending.reauthOf) {
            machine.transition({
              status: 'reauth',
              serverUrl: pending.serverUrl,
              login: pending.login,
              client: pending.client,
              user: pending.reauthOf,
              profileId: pending.profileId,
              remember: pending.remember,
            });
          } else machine.transition({ status: 'signedOut', reason: 'expired' });
        }
        log.warn(`[auth] MFA for ${pending.login} failed: ${isPamError(error) ? error.code : 'error'}`);
        throw error;
      }
      if (machine.generation !== started) throw new PamError('conflict', 'The sign-in was cancelled meanwhile.');

      let profileId = pending.profileId;
      if (deps.profiles) {
        try {
          const kind = kindOf(pending.serverUrl);
          const profile = deps.profiles.recordSignIn({
            url: pending.serverUrl,
            kind,
            login: pending.login,
            // The sandbox's pin is for this run only; a server's pin is the one the user chose.
            fingerprint: kind === 'sandbox' ? null : deps.trustStore.pinFor(pending.serverUrl),
            preferences: { ...pending.remember },
          });
          profileId = profile.id;
        } catch (error) {
          log.warn(`[profiles] could not record the sign-in: ${(error as Error).message}`);
        }
      }
      // Re-sign-in with a remembered password keeps it (it was just used); otherwise store or forget.
      if (profileId) await secrets.keepAfterSignIn(profileId, pending.login, pending.remember, token, pending.password);
      pending.password = null;
      if (machine.generation !== started) throw new PamError('conflict', 'The sign-in was cancelled meanwhile.');
      const state = machine.signedInWith({ ...pending, profileId }, token);
      const user = state.status === 'signedIn' ? state.user : null;
      log.info(
        `[auth] ${user?.login ?? pending.login} ${pending.reauthOf ? 'signed in again' : 'signed in'} (roles: ${user?.roles.join(', ') || 'none'})`,
      );
      return state;
    },

    useProfile: (profileId) => again.useProfile(profileId),
    restore: () => again.restore(),

    async signOut() {
      const leaving = machine.current;
      const profileId = leaving.status === 'signedOut' ? null : leaving.profileId;
      if (leaving.status !== 'signedOut') log.info('[auth] signed out');
      machine.transition({ status: 'signedOut', reason: 'signedOut' });
      await secrets.forgetAll(profileId);
      try {
        await deps.onSignedOut?.();
      } catch (error) {
        log.warn(`[auth] clean-up after sign-out failed: ${(error as Error).message}`);
      }
      return machine.publicState();
    },

    currentProfileId() {
      const current = machine.current;
      return current.status === 'signedOut' ? null : current.profileId;
    },

    session() {
      return machine.current.status === 'signedIn' ? machine.generation : null;
    },

    async rememberedPassword() {
      const current = machine.current;
      if (current.status !== 'signedIn' || !current.profileId || !current.remember.rememberPassword) return null;
      return secrets.read(current.profileId, current.login, 'password');
    },

    identity() {
      const current = machine.current;
      if (current.status === 'signedOut') return null;
      const login =
        current.status === 'signedIn' && current.public.status === 'signedIn'
          ? current.public.user.login
          : current.login;
      return { server: new URL(current.serverUrl).origin, login };
    },

    async call(fn) {
      const session = machine.current;
      if (session.status !== 'signedIn') {
        throw new PamError(
          'unauthorized',
          session.status === 'signedOut' ? 'You are signed out. Sign in again.' : 'Sign in again to continue.',
        );
      }
      // A token past its `exp` would only earn a 401: ask to sign in again without the round trip.
      if (session.expiresAt !== null && now() >= session.expiresAt) {
        await again.expireOnce(session);
        throw new PamError('unauthorized', 'Your session has expired. Sign in again.');
      }
      try {
        return await fn(session.api);
      } catch (error) {
        if (isPamError(error) && error.code === 'unauthorized') await again.expireOnce(session);
        throw error;
      }
    },

    onChange: (listener) => machine.onChange(listener),

    dispose() {
      machine.dispose();
      secrets.forgetMemory();
    },
  };
}
