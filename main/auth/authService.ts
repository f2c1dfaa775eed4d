/**
 * Sign-in state: signedOut → mfaRequired → signedIn, and back to signedOut on sign-out or when the server
 * says the token is no longer valid. The tokens live in this closure only: never on disk, never in a log,
 * never in an event (the keychain comes later).
 */
import type { AuthState, ServerProbe } from '../../contract';
import type { NpsClient, NpsClientFactory, NpsSessionApi } from '../nps/npsClient';
import type { ServerProber } from '../nps/serverProbe';
import { PamError, isPamError } from '../router/pamError';
import type { Logger } from '../router/router';
import { normalizeFingerprint } from '../nps/tlsTrust';
import { userFromToken } from './jwtClaims';
import type { TrustStore } from './trustStore';

export interface AuthService {
  state(): AuthState;
  probe(url: string): Promise<ServerProbe>;
  /** Pins `fingerprint` for `url` after checking the server presents exactly that certificate now. */
  trust(url: string, fingerprint: string): Promise<ServerProbe>;
  /** Step 1. Resolves when the password was accepted and an MFA code is due. */
  signIn(url: string, login: string, password: string): Promise<{ next: 'mfa' }>;
  /** Step 2. A wrong code keeps `mfaRequired` so the user can try again. */
  verifyMfa(code: string): Promise<AuthState>;
  signOut(): AuthState;
  /**
   * Runs `fn` with the signed-in API. Rejects with `unauthorized` when not signed in; any `unauthorized`
   * from the server signs out with reason `expired` before the error is rethrown.
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
}

type Internal =
  | { status: 'signedOut'; reason: 'none' | 'signedOut' | 'expired' }
  | { status: 'mfaRequired'; serverUrl: string; login: string; client: NpsClient; preMfaToken: string }
  | { status: 'signedIn'; serverUrl: string; client: NpsClient; api: NpsSessionApi; public: AuthState };

export function createAuthService(deps: AuthServiceDeps): AuthService {
  const { log } = deps;
  let current: Internal = { status: 'signedOut', reason: 'none' };
  // Bumped on every transition so a late answer from an abandoned sign-in cannot overwrite a newer state.
  let generation = 0;
  const listeners = new Set<(state: AuthState) => void>();

  function publicState(): AuthState {
    if (current.status === 'signedOut') return { status: 'signedOut', reason: current.reason };
    if (current.status === 'mfaRequired')
      return { status: 'mfaRequired', serverUrl: current.serverUrl, login: current.login };
    return current.public;
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

    async signIn(url, login, password) {
      transition({ status: 'signedOut', reason: 'none' });
      const started = generation;
      const client = clientFor(url);
      let preMfaToken: string;
      try {
        preMfaToken = await client.signInWithPassword(login, password);
      } catch (error) {
        client.close();
        log.warn(
          `[auth] sign-in to ${new URL(url).origin} as ${login} failed: ${isPamError(error) ? error.code : 'error'}`,
        );
        throw error;
      }
      if (generation !== started) {
        client.close();
        throw new PamError('conflict', 'Another sign-in started meanwhile.');
      }
      transition({ status: 'mfaRequired', serverUrl: url, login, client, preMfaToken });
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
          transition({ status: 'signedOut', reason: 'expired' });
        }
        log.warn(`[auth] MFA for ${pending.login} failed: ${isPamError(error) ? error.code : 'error'}`);
        throw error;
      }
      if (generation !== started) throw new PamError('conflict', 'The sign-in was cancelled meanwhile.');
      const user = userFromToken(token, pending.login);
      const state: AuthState = { status: 'signedIn', serverUrl: pending.serverUrl, user };
      transition({
        status: 'signedIn',
        serverUrl: pending.serverUrl,
        client: pending.client,
        api: pending.client.withToken(token),
        public: state,
      });
      deps.rememberServer?.(pending.serverUrl, pending.login);
      log.info(`[auth] ${user.login} signed in (roles: ${user.roles.join(', ') || 'none'})`);
      return state;
    },

    signOut() {
      if (current.status !== 'signedOut') log.info('[auth] signed out');
      transition({ status: 'signedOut', reason: 'signedOut' });
      return publicState();
    },

    async call(fn) {
      const session = current;
      if (session.status !== 'signedIn') throw new PamError('unauthorized', 'You are signed out. Sign in again.');
      const started = generation;
      try {
        return await fn(session.api);
      } catch (error) {
        if (isPamError(error) && error.code === 'unauthorized' && generation === started) {
          log.warn('[auth] the server no longer accepts the session token; signed out');
          transition({ status: 'signedOut', reason: 'expired' });
        }
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
      listeners.clear();
    },
  };
}
