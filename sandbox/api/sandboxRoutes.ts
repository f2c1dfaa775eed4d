/**
 * Sandbox-only control endpoints, outside /api/v1: things a real NPS learns by observation (a login
 * seen on the resource) and the check a resource makes when someone logs in with a password.
 */
import { z } from 'zod';
import type { Caller } from '../auth/signin';
import { ADDRESS_FACTOR, type Throttle, refuseIfThrottled } from '../auth/throttle';
import { forbidden, notFound } from '../http/problem';
import type { Route } from '../http/server';
import { parseId, parseOrThrow } from '../http/validate';
import type { SessionEngine } from '../sessions/engine';
import { canSee, isOwner } from '../sessions/permissions';

const CredentialCheck = z.object({
  resource: z.string().min(1).max(256),
  account: z.string().min(1).max(256),
  password: z.string().min(1).max(1024),
});

/**
 * `throttle` limits wrong guesses at /sandbox/credentials/check as sign-in limits wrong passwords: it
 * tells whether a password opens an account, so unthrottled it would be a password oracle.
 */
export function sandboxRoutes(engine: SessionEngine, throttle: Throttle): Route<Caller | null>[] {
  return [
    {
      method: 'GET',
      path: '/sandbox/health',
      auth: 'none',
      handle: () => ({ status: 200, json: { ok: true } }),
    },
    {
      method: 'POST',
      path: '/sandbox/sessions/{sessionId}/login',
      auth: 'full',
      handle: (ctx) => {
        const id = parseId(ctx.params.sessionId, 'sessionId');
        const rec = engine.store.get(id);
        const user = ctx.user!.user;
        // As in /api/v1: a session the caller may not see is not confirmed to exist.
        if (!rec || !canSee(user, rec, engine)) throw notFound(`Session ${id} was not found.`);
        if (!isOwner(user, rec) && user.role !== 'admin')
          throw forbidden('Only the session owner or an administrator may report a login.');
        engine.seeLogin(rec);
        return { status: 200 };
      },
    },
    {
      method: 'POST',
      path: '/sandbox/credentials/check',
      auth: 'full',
      handle: async (ctx) => {
        const body = parseOrThrow(CredentialCheck, await ctx.readJson(), 'The credential check');
        const callerKey = `check:${ctx.user!.user.id}`;
        const addressKey = `check-address:${ctx.ip}`;
        refuseIfThrottled(throttle, [callerKey, addressKey]);
        const valid = engine.checkCredential(body.resource, body.account, body.password);
        if (!valid) {
          throttle.recordFailure(callerKey);
          throttle.recordFailure(addressKey, ADDRESS_FACTOR);
        }
        return { status: 200, json: { valid } };
      },
    },
  ];
}
