import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { AuthState, Profile } from '../../../../contract';
import { SignInScreen } from '../../../../renderer/signin/SignInScreen';
import { renderWithPam } from '../../support/renderWithPam';

const signedOut: Extract<AuthState, { status: 'signedOut' }> = { status: 'signedOut', reason: 'signedOut' };

function profile(id: string, kind: Profile['kind'], url: string, lastLogin: string): Profile {
  return {
    id,
    name: new URL(url).host,
    url,
    kind,
    fingerprint: null,
    lastLogin,
    lastUsedAt: '2026-11-30T10:00:00.000Z',
    preferences: { rememberMe: false, rememberPassword: false },
    remembered: { token: false, password: false },
  };
}

const server = profile('6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b', 'server', 'https://pam.example.com:6500', 'rita');
const other = profile('0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', 'server', 'https://other.example.com', 'adam');
const sandboxProfile = profile('1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e', 'sandbox', 'https://127.0.0.1:41234', 'helen');

function renderSignIn(profiles: Profile[], lastUsedId: string | null, onAuthState = (_: AuthState) => undefined) {
  return renderWithPam(
    <SignInScreen auth={signedOut} onAuthState={onAuthState} sandbox={null} onSandbox={() => undefined} />,
    { signedInAs: null, profiles: { profiles, lastUsedId } },
  );
}

describe('SignInScreen: the last server comes from main', () => {
  it('fills the form with the server and login main used last, and writes nothing to the page storage', async () => {
    localStorage.clear();
    const states: AuthState[] = [];
    renderSignIn([other, server], server.id, (state) => void states.push(state));
    expect(await screen.findByLabelText('Server URL')).toHaveProperty('value', 'https://pam.example.com:6500');
    expect(screen.getByLabelText('Login')).toHaveProperty('value', 'rita');
    expect(screen.getByLabelText('Password', { exact: true })).toHaveProperty('value', '');

    // Signing in leaves the page's storage as it was: main keeps the last server.
    await userEvent.type(screen.getByLabelText('Password', { exact: true }), 'rita-demo-pw');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(states.map((state) => state.status)).toEqual(['mfaRequired']));
    expect(localStorage.length).toBe(0);
  });

  it('welcomes a first-time user: no server was used yet', async () => {
    renderSignIn([], null);
    expect(await screen.findByRole('heading', { name: 'Welcome' })).toBeTruthy();
    expect(screen.queryByLabelText('Server URL')).toBeNull();
  });

  it('welcomes back after the sandbox, whose address is gone, and offers it under Saved servers', async () => {
    renderSignIn([sandboxProfile], sandboxProfile.id);
    expect(await screen.findByRole('heading', { name: 'Welcome' })).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Saved servers' }).textContent).toContain('helen');
  });

  it('ignores a stale copy in the page storage (the old place of the last server)', async () => {
    localStorage.setItem('pamdesk.lastServer', JSON.stringify({ url: 'https://stale.example.com', login: 'mallory' }));
    renderSignIn([], null);
    expect(await screen.findByRole('heading', { name: 'Welcome' })).toBeTruthy();
    await waitFor(() => expect(screen.queryByDisplayValue('https://stale.example.com')).toBeNull());
    localStorage.clear();
  });
});
