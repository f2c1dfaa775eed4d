/**
 * The sign-in state machine: signedOut → mfaRequired → signedIn, and `reauth` when the server stops
 * accepting the token. It holds the one current step (with its NPS client) and a generation that every
 * transition bumps, so a late answer from an abandoned sign-in can tell it must not overwrite a newer state.
 *
 * Secrets live in a step only while they are needed (the client's token; a password between the two
 * sign-in steps when it is to be remembered): never in the public state, a log or an event.
 */
import type { AuthState, SignedInUser } from '../../contract';
import type { NpsClient, NpsSessionApi } from '../nps/npsClient';
import { decodeJwtPayload, userFromToken } from './jwtClaims';
import type { Remember } from './rememberedSecrets';

export type SignInStep =
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

export type SignedInStep = Extract<SignInStep, { status: 'signedIn' }>;

export interface SignInMachine {
  /** The step now; compare it by identity to tell whether anything happened meanwhile. */
  readonly current: SignInStep;
  /** Changes with every transition (and `bump`): work that started at another generation is stale. */
  readonly generation: number;
  /** Moves to `next`, closes the previous client unless `next` keeps it, and tells every listener. */
  transition(next: SignInStep): void;
  /** Makes answers still on their way stale without changing the state (re-signing in in place). */
  bump(): void;
  /** Moves to signedIn with `token`, read for the user and its expiry. */
  signedInWith(
    step: Pick<SignedInStep, 'serverUrl' | 'login' | 'client' | 'profileId' | 'remember'>,
    token: string,
  ): AuthState;
  publicState(): AuthState;
  onChange(listener: (state: AuthState) => void): () => void;
  /** Closes the client and returns to signedOut without telling anyone (the app is closing). */
  dispose(): void;
}

export function tokenExpiresAt(token: string): number | null {
  const exp = decodeJwtPayload(token)?.['exp'];
  return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : null;
}

export function createSignInMachine(isSandbox: (url: string) => boolean): SignInMachine {
  let current: SignInStep = { status: 'signedOut', reason: 'none' };
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

  function transition(next: SignInStep): void {
    const previousClient = current.status === 'signedOut' ? null : current.client;
    const nextClient = next.status === 'signedOut' ? null : next.client;
    if (previousClient && previousClient !== nextClient) previousClient.close();
    current = next;
    generation += 1;
    const state = publicState();
    for (const listener of listeners) listener(state);
  }

  return {
    get current() {
      return current;
    },
    get generation() {
      return generation;
    },
    transition,
    bump: () => void (generation += 1),
    signedInWith(step, token) {
      const user = userFromToken(token, step.login);
      const state: AuthState = {
        status: 'signedIn',
        serverUrl: step.serverUrl,
        user,
        sandbox: isSandbox(step.serverUrl),
      };
      transition({
        status: 'signedIn',
        serverUrl: step.serverUrl,
        login: step.login,
        client: step.client,
        api: step.client.withToken(token),
        public: state,
        profileId: step.profileId,
        remember: step.remember,
        expiresAt: tokenExpiresAt(token),
      });
      return state;
    },
    publicState,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      if (current.status !== 'signedOut') current.client.close();
      current = { status: 'signedOut', reason: 'none' };
      generation += 1;
      listeners.clear();
    },
  };
}
