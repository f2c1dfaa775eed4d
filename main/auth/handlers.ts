/** The `auth.*` handlers: sign-in in two steps, sign-out, and checking and trusting a server's certificate. */
import type { Handlers } from '../router/router';
import type { AuthService } from './authService';
import type { TrustStore } from './trustStore';

type AuthChannels = 'auth.state' | 'auth.probe' | 'auth.trust' | 'auth.signIn' | 'auth.verifyMfa' | 'auth.signOut';

export function createAuthHandlers(deps: {
  auth: AuthService;
  trustStore: Pick<TrustStore, 'probe' | 'trust'>;
  /** Start-up (restoring a remembered sign-in) is done: the state asked for is the settled one. */
  ready: Promise<void>;
  /** A sign-in creates or updates its server's profile: the page's list is told. */
  profilesChanged(): Promise<void>;
}): Pick<Handlers, AuthChannels> {
  const { auth, trustStore } = deps;
  return {
    'auth.state': async () => {
      await deps.ready;
      return auth.state();
    },
    'auth.probe': ({ url }) => trustStore.probe(url),
    'auth.trust': ({ url, fingerprint }) => trustStore.trust(url, fingerprint),
    'auth.signIn': ({ url, login, password, rememberMe, rememberPassword }) =>
      auth.signIn(url, login, password, { rememberMe, rememberPassword }),
    'auth.verifyMfa': async ({ code }) => {
      const state = await auth.verifyMfa(code);
      await deps.profilesChanged();
      return state;
    },
    'auth.signOut': () => auth.signOut(),
  };
}
