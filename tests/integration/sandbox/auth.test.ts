import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../../sandbox/index';
import { type Problem, call, signIn, startTestSandbox, waitFor } from './helpers';

const MY_ACTIVE = '/api/v1/ActivitySession/MySummaryByStatus/active';

function claims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('sandbox sign-in', () => {
  let sandbox: SandboxHandle;
  beforeAll(async () => {
    sandbox = await startTestSandbox({
      timings: { tokenTtlMs: 2500, preMfaTtlMs: 60_000 },
      throttle: { maxFailures: 3, windowMs: 60_000, lockoutMs: 1500 },
    });
  });
  afterAll(() => sandbox.stop());

  const password = (login: string) => sandbox.users.find((u) => u.login === login)!.password;

  it('signs in in two steps and issues a token whose claims name the user and role', async () => {
    const first = await call<string>(sandbox, 'POST', '/signinBody', {
      body: { Login: 'adam', Password: password('adam') },
    });
    expect(first.status).toBe(200);
    expect(typeof first.json).toBe('string');
    expect(claims(first.json)).toMatchObject({ unique_name: 'adam', mfa: false, role: ['admin'] });

    const second = await call<string>(sandbox, 'POST', '/signin2fa', { token: first.json, body: sandbox.totp('adam') });
    expect(second.status).toBe(200);
    const c = claims(second.json);
    expect(c).toMatchObject({
      sub: sandbox.users.find((u) => u.login === 'adam')!.id,
      unique_name: 'adam',
      name: 'Adam Admin',
      role: ['admin'],
      mfa: true,
    });
    expect(c.exp as number).toBeGreaterThan(c.iat as number);

    const list = await call(sandbox, 'GET', MY_ACTIVE, { token: second.json });
    expect(list.status).toBe(200);
  });

  it('accepts property names in any case and the code as {"code": "..."}', async () => {
    const first = await call<string>(sandbox, 'POST', '/signinBody', {
      body: { login: 'bob', password: password('bob') },
    });
    expect(first.status).toBe(200);
    const second = await call<string>(sandbox, 'POST', '/signin2fa', {
      token: first.json,
      body: { code: sandbox.totp('bob') },
    });
    expect(second.status).toBe(200);
  });

  it('answers a wrong password, an unknown login and a wrong code with 401 problem details', async () => {
    const wrong = await call<Problem>(sandbox, 'POST', '/signinBody', { body: { Login: 'helen', Password: 'not-it' } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(wrong.json).toMatchObject({ status: 401, title: 'Unauthorized' });
    expect(wrong.text).not.toContain(password('helen'));

    const unknown = await call<Problem>(sandbox, 'POST', '/signinBody', { body: { Login: 'mallory', Password: 'x' } });
    expect(unknown.status).toBe(401);

    const first = await call<string>(sandbox, 'POST', '/signinBody', {
      body: { Login: 'helen', Password: password('helen') },
    });
    const code = sandbox.totp('helen');
    const badCode = String((Number(code) + 500_000) % 1_000_000).padStart(6, '0');
    const second = await call<Problem>(sandbox, 'POST', '/signin2fa', { token: first.json, body: badCode });
    expect(second.status).toBe(401);
    expect(second.json.status).toBe(401);
  });

  it('refuses /api/v1 without a token, with the pre-MFA token, and with a forged token', async () => {
    const none = await call<Problem>(sandbox, 'GET', MY_ACTIVE);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');

    const pre = await call<string>(sandbox, 'POST', '/signinBody', {
      body: { Login: 'alice', Password: password('alice') },
    });
    const preMfa = await call<Problem>(sandbox, 'GET', MY_ACTIVE, { token: pre.json });
    expect(preMfa.status).toBe(401);
    expect(preMfa.json.detail).toMatch(/multi-factor/i);

    const full = await signIn(sandbox, 'alice');
    const [header, payload, signature] = full.split('.') as [string, string, string];
    const elevated = Buffer.from(JSON.stringify({ ...claims(full), role: ['admin'] })).toString('base64url');
    const forged = await call(sandbox, 'GET', MY_ACTIVE, { token: `${header}.${elevated}.${signature}` });
    expect(forged.status).toBe(401);
    expect(payload).not.toBe(elevated);

    const garbage = await call(sandbox, 'GET', MY_ACTIVE, { token: 'not-a-token' });
    expect(garbage.status).toBe(401);

    // A full token is not a pre-MFA token: it cannot be used to run the second step again.
    const again = await call(sandbox, 'POST', '/signin2fa', { token: full, body: sandbox.totp('alice') });
    expect(again.status).toBe(401);
  });

  it('expires tokens after the configured lifetime', async () => {
    const token = await signIn(sandbox, 'bob');
    expect((await call(sandbox, 'GET', MY_ACTIVE, { token })).status).toBe(200);
    const expired = await waitFor(
      async () => {
        const result = await call<Problem>(sandbox, 'GET', MY_ACTIVE, { token });
        return result.status === 401 ? result : undefined;
      },
      'the token to expire',
      8000,
    );
    expect(expired.json.detail).toMatch(/expired/i);
  });

  it('throttles repeated failures with 429 and Retry-After, then lets the user in again', async () => {
    for (let i = 0; i < 3; i++) {
      expect(
        (await call(sandbox, 'POST', '/signinBody', { body: { Login: 'rita', Password: `wrong-${i}` } })).status,
      ).toBe(401);
    }
    const blocked = await call<Problem>(sandbox, 'POST', '/signinBody', {
      body: { Login: 'rita', Password: password('rita') },
    });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(blocked.json.status).toBe(429);

    await waitFor(
      async () =>
        (await call(sandbox, 'POST', '/signinBody', { body: { Login: 'rita', Password: password('rita') } })).status ===
        200,
      'the lockout to pass',
      5000,
    );
  });

  it('throttles guessing of MFA codes', async () => {
    const first = await call<string>(sandbox, 'POST', '/signinBody', {
      body: { Login: 'alice', Password: password('alice') },
    });
    const code = sandbox.totp('alice');
    const wrong = String((Number(code) + 333_333) % 1_000_000).padStart(6, '0');
    for (let i = 0; i < 3; i++)
      expect((await call(sandbox, 'POST', '/signin2fa', { token: first.json, body: wrong })).status).toBe(401);
    const blocked = await call(sandbox, 'POST', '/signin2fa', { token: first.json, body: code });
    expect(blocked.status).toBe(429);
  });

  it('throttles guessing of login-account passwords through /sandbox/credentials/check', async () => {
    const token = await signIn(sandbox, 'rita');
    const check = (password: string) =>
      call<Problem & { valid: boolean }>(sandbox, 'POST', '/sandbox/credentials/check', {
        token,
        body: { resource: 'lnx-web-01', account: 'root', password },
      });
    for (let i = 0; i < 3; i++) {
      const guess = await check(`guess-${i}`);
      expect(guess.status).toBe(200);
      expect(guess.json.valid).toBe(false);
    }
    const blocked = await check('guess-3');
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(blocked.json.status).toBe(429);

    await waitFor(async () => (await check('guess-4')).status === 200, 'the lockout to pass', 5000);
  });

  it('accepts an MFA code once per user and a pre-MFA token once (no replay)', async () => {
    const preMfa = async () =>
      (await call<string>(sandbox, 'POST', '/signinBody', { body: { Login: 'helen', Password: password('helen') } }))
        .json;
    const mfa = (token: string, code: string) => call<Problem>(sandbox, 'POST', '/signin2fa', { token, body: code });
    const first = await preMfa();
    const code = sandbox.totp('helen');
    expect((await mfa(first, code)).status).toBe(200);

    // The same token and code again: refused.
    const replayed = await mfa(first, code);
    expect(replayed.status).toBe(401);
    // The same code with a fresh pre-MFA token: refused, the code was used.
    const second = await preMfa();
    const reused = await mfa(second, code);
    expect(reused.status).toBe(401);
    expect(reused.json.detail).toMatch(/already used/i);
    // That token still completes with a code not used yet (the sandbox offers the next step's code)...
    const next = sandbox.totp('helen');
    expect(next).not.toBe(code);
    expect((await mfa(second, next)).status).toBe(200);
    // ...and once completed, it is spent whatever the code.
    const spent = await mfa(second, next);
    expect(spent.status).toBe(401);
    expect(spent.json.detail).toMatch(/signinBody/);
  });
});
