/**
 * NPS's two-step sign-in. `POST /signinBody {Login, Password}` answers with a pre-MFA token (a JSON
 * string) that is good only for `POST /signin2fa`, which takes the TOTP code and answers with the
 * token for /api/v1. Failures are throttled per login and per caller address.
 */
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import type { DirectoryUser } from '../directory/types';
import { badRequest, unauthorized } from '../http/problem';
import type { AuthLevel, Route } from '../http/server';
import { type TokenClaims, signToken, verifyToken } from './jwt';
import { ADDRESS_FACTOR, type Throttle, refuseIfThrottled } from './throttle';
import type { MfaReplayGuard } from './mfaReplay';
import { matchTotpStep } from './totp';

export interface Caller {
  user: DirectoryUser;
  claims: TokenClaims;
}

export interface AuthDeps {
  key: Buffer;
  now: () => number;
  tokenTtlMs: () => number;
  preMfaTtlMs: () => number;
  userById(id: string): DirectoryUser | undefined;
  userByLogin(login: string): DirectoryUser | undefined;
  throttle: Throttle;
  /** Makes each MFA code good once per user and each pre-MFA token good for one completed sign-in. */
  replay: MfaReplayGuard;
}

function sameSecret(a: string, b: string): boolean {
  const hash = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(hash(a), hash(b));
}

/** ASP.NET binds JSON properties case-insensitively; so do we, for the two sign-in bodies. */
function property(body: Record<string, unknown>, name: string): unknown {
  const key = Object.keys(body).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : body[key];
}

const SignInBody = z.object({ Login: z.string().min(1).max(256), Password: z.string().min(1).max(1024) });
const Code = z
  .string()
  .trim()
  .regex(/^\d{6}$/, 'expected a 6-digit code');

export class Authenticator {
  constructor(private readonly deps: AuthDeps) {}

  #issue(user: DirectoryUser, mfa: boolean): Promise<string> {
    const now = this.deps.now();
    const ttl = mfa ? this.deps.tokenTtlMs() : this.deps.preMfaTtlMs();
    const claims: TokenClaims = {
      sub: user.id,
      unique_name: user.login,
      name: user.displayName,
      role: [user.role],
      mfa,
      iat: Math.floor(now / 1000),
      exp: Math.ceil((now + ttl) / 1000),
    };
    if (!mfa) claims.jti = randomUUID();
    return signToken(claims, this.deps.key);
  }

  #refuseIfThrottled(keys: string[]): void {
    refuseIfThrottled(this.deps.throttle, keys);
  }

  #fail(loginKey: string, addressKey: string, detail: string): never {
    this.deps.throttle.recordFailure(loginKey);
    this.deps.throttle.recordFailure(addressKey, ADDRESS_FACTOR);
    throw unauthorized(detail);
  }

  /** Resolves the caller of a route, or rejects with 401. */
  async authenticate(level: AuthLevel, req: IncomingMessage): Promise<Caller | null> {
    if (level === 'none') return null;
    const header = req.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw unauthorized('A bearer token is required.');
    const result = await verifyToken(match[1]!, this.deps.key, this.deps.now());
    if (!result.ok)
      throw unauthorized(
        result.reason === 'expired' ? 'The token has expired. Sign in again.' : 'The token is not valid.',
      );
    const user = this.deps.userById(result.claims.sub);
    if (!user) throw unauthorized('The token names an unknown user.');
    if (level === 'full' && !result.claims.mfa)
      throw unauthorized('Multi-factor authentication is required. Complete /signin2fa first.');
    if (level === 'preMfa' && result.claims.mfa)
      throw unauthorized('This token has already completed multi-factor authentication.');
    return { user, claims: result.claims };
  }

  routes(): Route<Caller | null>[] {
    return [
      {
        method: 'POST',
        path: '/signinBody',
        auth: 'none',
        handle: async (ctx) => {
          const raw = await ctx.readJson();
          if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
            throw badRequest('The body must be an object {Login, Password}.');
          const parsed = SignInBody.safeParse({
            Login: property(raw as Record<string, unknown>, 'Login'),
            Password: property(raw as Record<string, unknown>, 'Password'),
          });
          if (!parsed.success)
            throw badRequest('Login and Password are required strings.', {
              Login: ['required'],
              Password: ['required'],
            });
          const loginKey = `login:${parsed.data.Login.toLowerCase()}`;
          const addressKey = `address:${ctx.ip}`;
          this.#refuseIfThrottled([loginKey, addressKey]);
          const user = this.deps.userByLogin(parsed.data.Login);
          if (!user || !sameSecret(user.password, parsed.data.Password))
            this.#fail(loginKey, addressKey, 'The login or password is not correct.');
          return { status: 200, json: await this.#issue(user, false) };
        },
      },
      {
        method: 'POST',
        path: '/signin2fa',
        auth: 'preMfa',
        handle: async (ctx) => {
          const caller = ctx.user!;
          const raw = await ctx.readJson();
          const candidate =
            typeof raw === 'object' && raw !== null && !Array.isArray(raw)
              ? property(raw as Record<string, unknown>, 'code')
              : raw;
          const parsed = Code.safeParse(typeof candidate === 'number' ? String(candidate).padStart(6, '0') : candidate);
          if (!parsed.success)
            throw badRequest('The body must be the 6-digit code as a JSON string, e.g. "123456".', {
              code: ['expected 6 digits'],
            });
          const loginKey = `mfa:${caller.user.login.toLowerCase()}`;
          const addressKey = `address:${ctx.ip}`;
          this.#refuseIfThrottled([loginKey, addressKey]);
          const { replay } = this.deps;
          const tokenId = caller.claims.jti;
          if (tokenId === undefined || replay.isSpent(tokenId))
            throw unauthorized('This sign-in was already completed. Start again with /signinBody.');
          const step = matchTotpStep(caller.user.totpSecret, parsed.data, this.deps.now());
          if (step === null) this.#fail(loginKey, addressKey, 'The code is not correct or has expired.');
          // A replayed code is not a guess (it was right once), so it is refused without counting as a failure.
          if (!replay.isFresh(caller.user.id, step))
            throw unauthorized('This code was already used. Wait for the next code.');
          replay.accept(caller.user.id, step, tokenId, caller.claims.exp * 1000);
          this.deps.throttle.recordSuccess(loginKey);
          this.deps.throttle.recordSuccess(`login:${caller.user.login.toLowerCase()}`);
          return { status: 200, json: await this.#issue(caller.user, true) };
        },
      },
    ];
  }
}
