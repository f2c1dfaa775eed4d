/**
 * Signing in again without the user typing everything:
 *
 * - With what a profile remembers (`useProfile`, and `restore` at start): a valid token → signedIn; a
 *   password → the password step runs by itself and only the MFA code is asked for; else signedOut.
 * - When the server stops accepting the token (401 or its `exp` passed), the state becomes `reauth` for
 *   the same user and server — the view survives — and with a remembered password the password step runs
 *   by itself here too.
 */
import type { AuthState } from '../../contract';
import type { NpsClient } from '../nps/npsClient';
import type { ProfileStore, StoredProfile } from '../profiles/profileStore';
import { PamError, isPamError } from '../errors/pamError';
import type { Logger } from '../log/logger';
import type { Remember, RememberedSecrets } from './rememberedSecrets';
import { tokenExpiresAt, type SignInMachine, type SignInStep, type SignedInStep } from './signInState';

type MfaStep = Extract<SignInStep, { status: 'mfaRequired' }>;

/** A token this close to its `exp` is treated as expired: the first call would fail anyway. */
const EXPIRY_MARGIN_MS = 10_000;

export interface ReSignInDeps {
  machine: SignInMachine;
  secrets: RememberedSecrets;
  clientFor(url: string): NpsClient;
  profiles?: ProfileStore | undefined;
  /** The address to use for a profile now (the sandbox's changes every run; the core starts it). */
  profileAddress?: ((profile: StoredProfile) => Promise<string>) | undefined;
  now: () => number;
  log: Logger;
}

export interface ReSignIn {
  /** Signs in with what a profile remembers: a valid token → signedIn; a password → mfaRequired; else signedOut. */
  useProfile(profileId: string): Promise<AuthState>;
  /** At start: `useProfile` for the last used profile when it remembers anything; never rejects. */
  restore(): Promise<AuthState>;
  /**
   * Moves to re-sign-in once, however many calls fail together (copy asks two things at once): a later
   * caller waits for the first one's automatic password step, so everyone sees the same settled state.
   */
  expireOnce(session: SignedInStep): Promise<void>;
}

export function createReSignIn(deps: ReSignInDeps): ReSignIn {
  const { machine, secrets, log } = deps;

  /** Starts the password step with a remembered password; the state becomes mfaRequired. */
  async function passwordStep(step: Omit<MfaStep, 'status' | 'preMfaToken' | 'password'>, password: string) {
    const started = machine.generation;
    try {
      const preMfaToken = await step.client.signInWithPassword(step.login, password);
      if (machine.generation !== started) return false;
      machine.transition({ ...step, status: 'mfaRequired', preMfaToken, password: null });
      log.info(
        `[auth] remembered password accepted for ${step.login} at ${new URL(step.serverUrl).origin}; MFA code due`,
      );
      return true;
    } catch (error) {
      const code = isPamError(error) ? error.code : 'error';
      log.warn(`[auth] signing in with the remembered password failed: ${code}`);
      // The password changed on the server: remembering it any longer only fails again.
      if (code === 'credentials_invalid' && step.profileId) {
        await secrets.write(step.profileId, step.login, 'password', null);
      }
      return false;
    }
  }

  let expiring: Promise<void> | null = null;

  async function expireOnce(session: SignedInStep): Promise<void> {
    if (machine.current === session) {
      const running = expire(session).finally(() => {
        if (expiring === running) expiring = null;
      });
      expiring = running;
    }
    if (expiring) await expiring;
  }

  async function expire(session: SignedInStep): Promise<void> {
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
    const resuming = Boolean(session.profileId && session.remember.rememberPassword);
    machine.transition({ ...asking, resuming });
    const started = machine.generation;
    if (!session.profileId) return;
    await secrets.write(session.profileId, session.login, 'token', null);
    if (!resuming) return;
    const password = await secrets.read(session.profileId, session.login, 'password');
    if (machine.generation !== started) return;
    const accepted =
      password !== null &&
      (await passwordStep(
        {
          serverUrl: session.serverUrl,
          login: session.login,
          client: session.client,
          remember: session.remember,
          reauthOf: user,
          profileId: session.profileId,
        },
        password,
      ));
    // The remembered password did not get us to the code step: ask for it after all.
    if (!accepted && machine.generation === started) machine.transition(asking);
  }

  async function useProfile(profileId: string): Promise<AuthState> {
    const profile = deps.profiles?.get(profileId);
    if (!profile) throw new PamError('not_found', 'This server is no longer in the list.');
    const login = profile.lastLogin;
    const remember: Remember = { ...profile.preferences };
    machine.transition({ status: 'signedOut', reason: 'none' });
    const started = machine.generation;
    if (!login || !remember.rememberMe) return machine.publicState();
    const url = deps.profileAddress ? await deps.profileAddress(profile) : profile.url;
    if (machine.generation !== started) throw new PamError('conflict', 'Another sign-in started meanwhile.');

    const token = await secrets.read(profile.id, login, 'token');
    const expiresAt = token ? tokenExpiresAt(token) : null;
    if (token && (expiresAt === null || expiresAt > deps.now() + EXPIRY_MARGIN_MS)) {
      if (machine.generation !== started) throw new PamError('conflict', 'Another sign-in started meanwhile.');
      const state = machine.signedInWith(
        { serverUrl: url, login, client: deps.clientFor(url), profileId: profile.id, remember },
        token,
      );
      log.info(`[auth] ${login} signed in at ${new URL(url).origin} with the remembered session`);
      return state;
    }
    if (token) await secrets.write(profile.id, login, 'token', null);
    const password = remember.rememberPassword ? await secrets.read(profile.id, login, 'password') : null;
    if (password && machine.generation === started) {
      const client = deps.clientFor(url);
      const step = { serverUrl: url, login, client, remember, reauthOf: null, profileId: profile.id };
      const ok = await passwordStep(step, password);
      if (!ok) client.close();
    }
    return machine.publicState();
  }

  return {
    useProfile,
    async restore() {
      const id = deps.profiles?.lastUsedId() ?? null;
      const profile = id ? deps.profiles?.get(id) : null;
      // The sandbox's address and signing key change every run: nothing it issued before can be used.
      if (
        !profile ||
        profile.kind === 'sandbox' ||
        !profile.preferences.rememberMe ||
        machine.current.status !== 'signedOut'
      ) {
        return machine.publicState();
      }
      try {
        return await useProfile(profile.id);
      } catch (error) {
        log.warn(
          `[auth] could not restore the remembered sign-in: ${isPamError(error) ? error.code : (error as Error).message}`,
        );
        return machine.publicState();
      }
    },
    expireOnce,
  };
}
