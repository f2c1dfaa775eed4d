/**
 * Sign-in state: signedOut → mfaRequired → signedIn, and the way back.
 *
 * - Remember me: after a sign-in the session token (and, only if the user opted in, the NPS password) is
 *   stored in the keychain under the server's profile; `restore`/`useProfile` sign in again with it.
 * - When the server stops accepting the token (401), the state becomes `reauth` for the same user and
 *   server — the view survives — and with a remembered password the password step runs by itself, so only
 *   the MFA code is asked for.
 * - Sign-out deletes the profile's keychain entries, drops every secret held in memory and lets the core
 *   clear the clipboard.
 *
 * Secrets live in this closure (the client's token, a password between the two sign-in steps when it is
 * to be remembered) or in the keychain: never on disk in plain text, in a log or in an event.
 */
import type { AuthState, ServerProbe, SignedInUser } from '../../contract';
import type { NpsClient, NpsClientFactory, NpsSessionApi } from '../nps/npsClient';
import type { ServerProber } from '../nps/serverProbe';
import { PamError, isPamError } from '../router/pamError';
import type { Logger } from '../router/router';
import { normalizeFingerprint } from '../nps/tlsTrust';
import { deleteProfileEntries, type Keychain, type KeychainEntry, type SecretKind } from '../keychain/keychain';
import type { ProfileStore, StoredProfile } from '../profiles/profileStore';
import { decodeJwtPayload, userFromToken } from './jwtClaims';
import type { TrustStore } from './trustStore';

export interface Remember {
  me: boolean;
  password: boolean;
}

export interface SignInOptions {
  rememberMe?: boolean | undefined;
  rememberPassword?: boolean | undefined;
}

export interface AuthService {
  state(): AuthState;
  probe(url: string): Promise<ServerProbe>;
  /** Pins `fingerprint` for `url` after checking the server presents exactly that certificate now. */
  trust(url: string, fingerprint: string): Promise<ServerProbe>;
  /**
   * Step 1. Resolves when the password was accepted and an MFA code is due. While re-signing in
   * (`reauth`) as the same user on the same server, the view's state is kept.
   */
  signIn(url: string, login: string, password: string, options?: SignInOptions): Promise<{ next: 'mfa' }>;
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
  probeServer: ServerProber;
  trustStore: TrustStore;
  log: Logger;
  http?: { timeoutMs?: number; retries?: number; ca?: string[] };
  /** Remembers the last server and login (not secret) for the next start. */
  rememberServer?: (url: string, login: string) => void;
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

type Internal =
  | { status: 'signedOut'; reason: 'none' | 'signedOut' | 'expired' }
  | {
      status: 'mfaRequired';
      serverUrl: string;
      login: string;
      client: NpsClient;
      preMfaToken: string;
      remember: Remember;
      /** Kept only when it is to be remembered, until the code is verified. */
      password: string | null;
      /** Set when re-signing in as this user: the view survives. */
      reauthOf: SignedInUser | null;
      profileId: string | null;
    }
  | {
      status: 'reauth';
      serverUrl: string;
      login: string;
      client: NpsClient;
      user: SignedInUser;
      profileId: string | null;
      remember: Remember;
      /** Trying the remembered password: the user is not asked for it meanwhile. */
      resuming?: boolean;
    }
  | {
      status: 'signedIn';
      serverUrl: string;
      login: string;
      client: NpsClient;
      api: NpsSessionApi;
      public: AuthState;
      profileId: string | null;
      remember: Remember;
      /** From the token's `exp`; null when the token does not say. */
      expiresAt: number | null;
    };

/** A token this close to its `exp` is treated as expired: the first call would fail anyway. */
const EXPIRY_MARGIN_MS = 10_000;

export function tokenExpiresAt(token: string): number | null {
  const exp = decodeJwtPayload(token)?.['exp'];
  return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : null;
}

export function createAuthService(deps: AuthServiceDeps): AuthService {
  const { log } = deps;
  const now = deps.now ?? Date.now;
  let current: Internal = { status: 'signedOut', reason: 'none' };
  // Bumped on every transition so a late answer from an abandoned sign-in cannot overwrite a newer state.
  let generation = 0;
  const listeners = new Set<(state: AuthState) => void>();

  function publicState(): AuthState {
    switch (current.status) {
      case 'signedOut':
        return { status: 'signedOut', reason: current.reason };
      case 'mfaRequired':
        if (current.reauthOf) {
          return {
            status: 'reauthRequired',
            serverUrl: current.serverUrl,
            login: current.login,
            user: current.reauthOf,
            step: 'mfa',
            sandbox: isSandbox(current.serverUrl),
          };
        }
        return {
          status: 'mfaRequired',
          serverUrl: current.serverUrl,
          login: current.login,
          sandbox: isSandbox(current.serverUrl),
        };
      case 'reauth':
        return {
          status: 'reauthRequired',
          serverUrl: current.serverUrl,
          login: current.login,
          user: current.user,
          step: current.resuming ? 'resuming' : 'password',
          sandbox: isSandbox(current.serverUrl),
        };
      case 'signedIn':
        return current.public;
    }
  }

  function transition(next: Internal): void {
    const previousClient = current.status === 'signedOut' ? null : current.client;
    const nextClient = next.status === 'signedOut' ? null : next.client;
    if (previousClient && previousClient !== nextClient) previousClient.close();
    current = next;
    generation += 1;
    const state = publicState();
    for (const listener of listeners) listener(state);
  }

  function clientFor(url: string): NpsClient {
    return deps.createClient({
      baseUrl: url,
      pin: deps.trustStore.pinFor(url),
      ...(deps.http?.timeoutMs !== undefined ? { timeoutMs: deps.http.timeoutMs } : {}),
      ...(deps.http?.retries !== undefined ? { retries: deps.http.retries } : {}),
      ...(deps.http?.ca ? { ca: deps.http.ca } : {}),
    });
  }

  const probeOptions = (url: string) => ({
    pin: deps.trustStore.pinFor(url),
    ...(deps.http?.timeoutMs !== undefined ? { timeoutMs: deps.http.timeoutMs } : {}),
    ...(deps.http?.ca ? { ca: deps.http.ca } : {}),
  });

  const isSandbox = (url: string): boolean => deps.isSandboxUrl?.(url) ?? false;
  const kindOf = (url: string): 'server' | 'sandbox' => (isSandbox(url) ? 'sandbox' : 'server');

  // ── keychain helpers: a failing keychain never fails a sign-in (FallbackKeychain keeps it in memory) ──
  const entry = (profileId: string, login: string, kind: SecretKind): KeychainEntry => ({ profileId, login, kind });

  async function readSecret(profileId: string, login: string, kind: SecretKind): Promise<string | null> {
    if (!deps.keychain) return null;
    try {
      return await deps.keychain.get(entry(profileId, login, kind));
    } catch (error) {
      log.warn(`[auth] could not read the remembered ${kind}: ${(error as Error).message}`);
      return null;
    }
  }

  async function writeSecret(profileId: string, login: string, kind: SecretKind, secret: string | null): Promise<void> {
    if (!deps.keychain) return;
    try {
      if (secret === null) await deps.keychain.delete(entry(profileId, login, kind));
      else await deps.keychain.set(entry(profileId, login, kind), secret);
    } catch (error) {
      log.warn(`[auth] could not ${secret === null ? 'forget' : 'remember'} the ${kind}: ${(error as Error).message}`);
    }
  }

  function sameAccount(url: string, login: string, other: { serverUrl: string; login: string }): boolean {
    return url === other.serverUrl && login.toLowerCase() === other.login.toLowerCase();
  }

  /** Starts the password step with a remembered password; the state becomes mfaRequired. */
  async function passwordStep(
    url: string,
    login: string,
    password: string,
    client: NpsClient,
    context: { remember: Remember; reauthOf: SignedInUser | null; profileId: string | null },
  ): Promise<boolean> {
    const started = generation;
    try {
      const preMfaToken = await client.signInWithPassword(login, password);
      if (generation !== started) return false;
      transition({ status: 'mfaRequired', serverUrl: url, login, client, preMfaToken, password: null, ...context });
      log.info(`[auth] remembered password accepted for ${login} at ${new URL(url).origin}; MFA code due`);
      return true;
    } catch (error) {
      const code = isPamError(error) ? error.code : 'error';
      log.warn(`[auth] signing in with the remembered password failed: ${code}`);
      // The password changed on the server: remembering it any longer only fails again.
      if (code === 'credentials_invalid' && context.profileId) {
        await writeSecret(context.profileId, login, 'password', null);
      }
      return false;
    }
  }

  let expiring: Promise<void> | null = null;

  /**
   * Moves to re-sign-in once, however many calls fail together (copy asks two things at once): a later
   * caller waits for the first one's automatic password step, so everyone sees the same settled state.
   */
  async function expireOnce(session: Extract<Internal, { status: 'signedIn' }>): Promise<void> {
    if (current === session) {
      const running = expire(session).finally(() => {
        if (expiring === running) expiring = null;
      });
      expiring = running;
    }
    if (expiring) await expiring;
  }

  async function expire(session: Extract<Internal, { status: 'signedIn' }>): Promise<void> {
    const user = session.public.status === 'signedIn' ? session.public.user : null;
    if (!user) return;
    log.warn('[auth] the server no longer accepts the session token; asking to sign in again');
    const asking = {
      status: 'reauth' as const,
      serverUrl: session.serverUrl,
      login: session.login,
      client: session.client,
      user,
      profileId: session.profileId,
      remember: session.remember,
    };
    const resuming = Boolean(session.profileId && session.remember.password);
    transition({ ...asking, resuming });
    const started = generation;
    if (!session.profileId) return;
    await writeSecret(session.profileId, session.login, 'token', null);
    if (!resuming) return;
    const password = await readSecret(session.profileId, session.login, 'password');
    if (generation !== started) return;
    const accepted =
      password !== null &&
      (await passwordStep(session.serverUrl, session.login, password, session.client, {
        remember: session.remember,
        reauthOf: user,
        profileId: session.profileId,
      }));
    // The remembered password did not get us to the code step: ask for it after all.
    if (!accepted && generation === started) transition(asking);
  }

  function signedInWith(
    url: string,
    login: string,
    client: NpsClient,
    token: string,
    profileId: string | null,
    remember: Remember,
  ): AuthState {
    const user = userFromToken(token, login);
    const state: AuthState = { status: 'signedIn', serverUrl: url, user, sandbox: isSandbox(url) };
    transition({
      status: 'signedIn',
      serverUrl: url,
      login,
      client,
      api: client.withToken(token),
      public: state,
      profileId,
      remember,
      expiresAt: tokenExpiresAt(token),
    });
    return state;
  }

  async function useProfile(profileId: string): Promise<AuthState> {
    const profile = deps.profiles?.get(profileId);
    if (!profile) throw new PamError('not_found', 'This server is no longer in the list.');
    const login = profile.lastLogin;
    const remember = { me: profile.preferences.rememberMe, password: profile.preferences.rememberPassword };
    transition({ status: 'signedOut', reason: 'none' });
    const started = generation;
    if (!login || !remember.me) return publicState();
    const url = deps.profileAddress ? await deps.profileAddress(profile) : profile.url;
    if (generation !== started) throw new PamError('conflict', 'Another sign-in started meanwhile.');

    const token = await readSecret(profile.id, login, 'token');
    const expiresAt = token ? tokenExpiresAt(token) : null;
    if (token && (expiresAt === null || expiresAt > now() + EXPIRY_MARGIN_MS)) {
      if (generation !== started) throw new PamError('conflict', 'Another sign-in started meanwhile.');
      const state = signedInWith(url, login, clientFor(url), token, profile.id, remember);
      log.info(`[auth] ${login} signed in at ${new URL(url).origin} with the remembered session`);
      return state;
    }
    if (token) await writeSecret(profile.id, login, 'token', null);
    const password = remember.password ? await readSecret(profile.id, login, 'password') : null;
    if (password && generation === started) {
      const client = clientFor(url);
      const ok = await passwordStep(url, login, password, client, { remember, reauthOf: null, profileId: profile.id });
      if (!ok) client.close();
    }
    return publicState();
  }

  return {
    state: publicState,

    probe: (url) => deps.probeServer(url, probeOptions(url)),

    async trust(url, fingerprint) {
      const wanted = normalizeFingerprint(fingerprint);
      // Probe as if nothing were pinned: the user is replacing or setting the pin on purpose.
      const seen = await deps.probeServer(url, { ...probeOptions(url), pin: null });
      if (seen.tls === 'none')
        throw new PamError('invalid_input', 'This server does not use HTTPS; there is no certificate to trust.');
      if (seen.fingerprint !== wanted) {
        throw new PamError(
          'certificate_mismatch',
          `The server now presents ${seen.fingerprint}, not ${wanted}. Nothing was trusted.`,
        );
      }
      deps.trustStore.trust(url, wanted);
      log.info(`[auth] trusted ${new URL(url).origin} by fingerprint ${wanted}`);
      return { ...seen, tls: 'pinned' };
    },

    async signIn(url, login, password, options = {}) {
      // Re-signing in as the user whose token lapsed keeps their view; anything else starts afresh.
      const reauthOf =
        current.status === 'reauth' && sameAccount(url, login, current)
          ? current.user
          : current.status === 'mfaRequired' && current.reauthOf && sameAccount(url, login, current)
            ? current.reauthOf
            : null;
      const profile = deps.profiles?.forUrl(url, kindOf(url)) ?? null;
      const remember: Remember = {
        me: options.rememberMe ?? options.rememberPassword ?? profile?.preferences.rememberMe ?? false,
        password: options.rememberPassword ?? profile?.preferences.rememberPassword ?? false,
      };
      remember.me ||= remember.password;
      const previous = current;
      if (reauthOf) generation += 1;
      else transition({ status: 'signedOut', reason: 'none' });
      const started = generation;
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
      if (generation !== started) {
        if (!reauthOf) client.close();
        throw new PamError('conflict', 'Another sign-in started meanwhile.');
      }
      transition({
        status: 'mfaRequired',
        serverUrl: url,
        login,
        client,
        preMfaToken,
        remember,
        password: remember.password ? password : null,
        reauthOf,
        profileId: reauthOf && previous.status !== 'signedOut' && 'profileId' in previous ? previous.profileId : null,
      });
      log.info(`[auth] password accepted for ${login} at ${new URL(url).origin}; MFA code due`);
      return { next: 'mfa' };
    },

    async verifyMfa(code) {
      const pending = current;
      if (pending.status !== 'mfaRequired') throw new PamError('unauthorized', 'Sign in with your password first.');
      const started = generation;
      let token: string;
      try {
        token = await pending.client.signInWithMfa(pending.preMfaToken, code);
      } catch (error) {
        if (isPamError(error) && error.code === 'unauthorized' && generation === started) {
          if (pending.reauthOf) {
            transition({
              status: 'reauth',
              serverUrl: pending.serverUrl,
              login: pending.login,
              client: pending.client,
              user: pending.reauthOf,
              profileId: pending.profileId,
              remember: pending.remember,
            });
          } else transition({ status: 'signedOut', reason: 'expired' });
        }
        log.warn(`[auth] MFA for ${pending.login} failed: ${isPamError(error) ? error.code : 'error'}`);
        throw error;
      }
      if (generation !== started) throw new PamError('conflict', 'The sign-in was cancelled meanwhile.');

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
            preferences: { rememberMe: pending.remember.me, rememberPassword: pending.remember.password },
          });
          profileId = profile.id;
        } catch (error) {
          log.warn(`[profiles] could not record the sign-in: ${(error as Error).message}`);
        }
      }
      if (profileId) {
        await writeSecret(profileId, pending.login, 'token', pending.remember.me ? token : null);
        const password = pending.remember.password ? pending.password : null;
        // Re-sign-in with a remembered password keeps it (it was just used); otherwise store or forget.
        if (password !== null || !pending.remember.password)
          await writeSecret(profileId, pending.login, 'password', password);
      }
      pending.password = null;
      if (generation !== started) throw new PamError('conflict', 'The sign-in was cancelled meanwhile.');
      const state = signedInWith(pending.serverUrl, pending.login, pending.client, token, profileId, pending.remember);
      deps.rememberServer?.(pending.serverUrl, pending.login);
      const user = state.status === 'signedIn' ? state.user : null;
      log.info(
        `[auth] ${user?.login ?? pending.login} ${pending.reauthOf ? 'signed in again' : 'signed in'} (roles: ${user?.roles.join(', ') || 'none'})`,
      );
      return state;
    },

    useProfile,

    async restore() {
      const id = deps.profiles?.lastUsedId() ?? null;
      const profile = id ? deps.profiles?.get(id) : null;
      // The sandbox's address and signing key change every run: nothing it issued before can be used.
      if (!profile || profile.kind === 'sandbox' || !profile.preferences.rememberMe || current.status !== 'signedOut') {
        return publicState();
      }
      try {
        return await useProfile(profile.id);
      } catch (error) {
        log.warn(
          `[auth] could not restore the remembered sign-in: ${isPamError(error) ? error.code : (error as Error).message}`,
        );
        return publicState();
      }
    },

    async signOut() {
      const leaving = current;
      const profileId = leaving.status === 'signedOut' ? null : leaving.profileId;
      if (leaving.status !== 'signedOut') log.info('[auth] signed out');
      transition({ status: 'signedOut', reason: 'signedOut' });
      if (profileId && deps.keychain) {
        try {
          const removed = await deleteProfileEntries(deps.keychain, profileId);
          if (removed) log.info(`[auth] deleted ${removed} remembered secret(s) of this server`);
        } catch (error) {
          log.warn(`[auth] could not delete the remembered secrets: ${(error as Error).message}`);
        }
      }
      deps.keychain?.forgetMemory?.();
      try {
        await deps.onSignedOut?.();
      } catch (error) {
        log.warn(`[auth] clean-up after sign-out failed: ${(error as Error).message}`);
      }
      return publicState();
    },

    currentProfileId() {
      if (current.status === 'signedOut') return null;
      return current.profileId;
    },

    session() {
      return current.status === 'signedIn' ? generation : null;
    },

    async rememberedPassword() {
      if (current.status !== 'signedIn' || !current.profileId || !current.remember.password) return null;
      return readSecret(current.profileId, current.login, 'password');
    },

    identity() {
      if (current.status === 'signedOut') return null;
      const login =
        current.status === 'signedIn' && current.public.status === 'signedIn'
          ? current.public.user.login
          : current.login;
      return { server: new URL(current.serverUrl).origin, login };
    },

    async call(fn) {
      const session = current;
      if (session.status !== 'signedIn') {
        throw new PamError(
          'unauthorized',
          session.status === 'signedOut' ? 'You are signed out. Sign in again.' : 'Sign in again to continue.',
        );
      }
      // A token past its `exp` would only earn a 401: ask to sign in again without the round trip.
      if (session.expiresAt !== null && now() >= session.expiresAt) {
        await expireOnce(session);
        throw new PamError('unauthorized', 'Your session has expired. Sign in again.');
      }
      try {
        return await fn(session.api);
      } catch (error) {
        if (isPamError(error) && error.code === 'unauthorized') await expireOnce(session);
        throw error;
      }
    },

    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    dispose() {
      if (current.status !== 'signedOut') current.client.close();
      current = { status: 'signedOut', reason: 'none' };
      generation += 1;
      deps.keychain?.forgetMemory?.();
      listeners.clear();
    },
  };
}
