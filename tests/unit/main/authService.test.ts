import { describe, expect, it } from 'vitest';
import type { AuthState } from '../../../contract';
import { createAuthService, type AuthService } from '../../../main/auth/authService';
import type { TrustStore } from '../../../main/auth/trustStore';
import { userFromToken } from '../../../main/auth/jwtClaims';
import { FakeNps, fakeSummary, fakeToken } from '../../fakes/fakeNpsClient';
import { MemoryLogger } from '../../fakes/memoryLogger';

const URL = 'https://nps.example:6500';
const FP = 'AA:'.repeat(31) + 'BB';

function setup() {
  const nps = new FakeNps();
  const log = new MemoryLogger();
  const pins = new Map<string, string>();
  const trustStore: Pick<TrustStore, 'pinFor'> = {
    pinFor: (url) => pins.get(new globalThis.URL(url).origin) ?? null,
  };
  const auth = createAuthService({
    createClient: nps.factory,
    trustStore,
    log,
  });
  const states: AuthState[] = [];
  auth.onChange((state) => states.push(state));
  return { nps, log, auth, states, pins };
}

async function signedIn(auth: AuthService, login = 'alice', password = 'alice-pw', code = '123456') {
  await auth.signIn(URL, login, password);
  return auth.verifyMfa(code);
}

describe('auth state machine', () => {
  it('walks signedOut → mfaRequired → signedIn with roles from the token', async () => {
    const { auth, states } = setup();
    expect(auth.state()).toEqual({ status: 'signedOut', reason: 'none' });
    await expect(auth.signIn(URL, 'adam', 'adam-pw')).resolves.toEqual({ next: 'mfa' });
    expect(auth.state()).toEqual({ status: 'mfaRequired', serverUrl: URL, login: 'adam', sandbox: false });
    const state = await auth.verifyMfa('654321');
    expect(state).toEqual({
      status: 'signedIn',
      serverUrl: URL,
      user: { login: 'adam', displayName: 'Adam Admin', roles: ['admin', 'user'], isAdmin: true },
      sandbox: false,
    });
    expect(states.map((s) => s.status)).toEqual(['signedOut', 'mfaRequired', 'signedIn']);
  });

  it('a wrong password stays signed out with credentials_invalid', async () => {
    const { auth } = setup();
    await expect(auth.signIn(URL, 'alice', 'nope')).rejects.toMatchObject({ code: 'credentials_invalid' });
    expect(auth.state().status).toBe('signedOut');
  });

  it('a wrong code keeps mfaRequired so the user can retry, then the right one signs in', async () => {
    const { auth } = setup();
    await auth.signIn(URL, 'alice', 'alice-pw');
    await expect(auth.verifyMfa('000000')).rejects.toMatchObject({ code: 'mfa_invalid' });
    expect(auth.state().status).toBe('mfaRequired');
    await expect(auth.verifyMfa('123456')).resolves.toMatchObject({
      status: 'signedIn',
      user: { isAdmin: false, roles: ['user'] },
    });
  });

  it('verifyMfa without a pending sign-in is refused', async () => {
    const { auth } = setup();
    await expect(auth.verifyMfa('123456')).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('an unauthorized answer from any call asks the same user to sign in again (in place), once', async () => {
    const { auth, nps, states } = setup();
    nps.put(fakeSummary('s1'));
    await signedIn(auth);
    await expect(auth.call((api) => api.allSummariesByStatus('mine', 'Active'))).resolves.toHaveLength(1);
    nps.expireTokens();
    await expect(auth.call((api) => api.allSummariesByStatus('mine', 'Active'))).rejects.toMatchObject({
      code: 'unauthorized',
    });
    const reauth = {
      status: 'reauthRequired',
      serverUrl: URL,
      login: 'alice',
      user: { login: 'alice' },
      step: 'password',
    };
    expect(auth.state()).toMatchObject(reauth);
    expect(states.at(-1)).toMatchObject(reauth);
    await expect(auth.call(async () => 1)).rejects.toMatchObject({ code: 'unauthorized', message: /Sign in again/ });
    expect(states.filter((s) => s.status === 'reauthRequired')).toHaveLength(1);
  });

  it('other errors do not sign out', async () => {
    const { auth, nps } = setup();
    await signedIn(auth);
    nps.failNext('server_error');
    await expect(auth.call((api) => api.allSummariesByStatus('mine', 'Active'))).rejects.toMatchObject({
      code: 'server_error',
    });
    expect(auth.state().status).toBe('signedIn');
  });

  it('signOut forgets the session', async () => {
    const { auth } = setup();
    await signedIn(auth);
    await expect(auth.signOut()).resolves.toEqual({ status: 'signedOut', reason: 'signedOut' });
    await expect(auth.call(async () => 1)).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('passes the pinned fingerprint to the client it builds', async () => {
    const { auth, nps, pins } = setup();
    pins.set(new globalThis.URL(URL).origin, FP);
    await auth.signIn(URL, 'alice', 'alice-pw');
    expect(nps.createdWith.at(-1)).toMatchObject({ baseUrl: URL, pin: FP });
  });

  it('never logs the password, the code or a token', async () => {
    const { auth, log } = setup();
    await auth.signIn(URL, 'alice', 'wrong-secret').catch(() => undefined);
    await signedIn(auth);
    expect(log.text()).not.toMatch(/alice-pw|wrong-secret|123456|eyJ/);
  });
});

describe('userFromToken', () => {
  it('reads a single role, the Microsoft role claim, and ignores roles we do not know', () => {
    expect(userFromToken(fakeToken({ unique_name: 'rita', name: 'Rita R', role: 'approver' }), 'x').roles).toEqual([
      'approver',
    ]);
    expect(
      userFromToken(
        fakeToken({ 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role': ['Admin', 'wizard'] }),
        'x',
      ),
    ).toMatchObject({ login: 'x', displayName: 'x', roles: ['admin'], isAdmin: true });
  });

  it('an opaque token gives a user with no roles', () => {
    expect(userFromToken('opaque-token-value', 'bob')).toEqual({
      login: 'bob',
      displayName: 'bob',
      roles: [],
      isAdmin: false,
    });
  });
});
