/** What changes a session: create (`POST`, `POST Group`), end, extend, approve, deny, and `PUT lock`. */
import { randomUUID } from 'node:crypto';
import type { Caller } from '../auth/signin';
import { badRequest, forbidden, notFound } from '../http/problem';
import type { Route } from '../http/server';
import { parseBody, parseOrThrow, parseQuery } from '../http/validate';
import type { CreateInput, SessionEngine } from '../sessions/engine';
import { canDecide, canEnd, canExtend } from '../sessions/permissions';
import { activitySession } from '../sessions/views';
import { BASE, type Ctx, me, visibleSession } from './activitySessionContext';
import {
  type ActivitySessionRequest,
  ApproveQuerySchema,
  CreateSchema,
  DenyNote,
  ExtendMinutes,
  LockSchema,
} from './activitySessionSchemas';

/** A group holds at most this many requests. */
const MAX_GROUP = 50;

function toCreateInput(body: ActivitySessionRequest): CreateInput {
  return {
    managedAccountId: body.managedAccountId,
    activityId: body.activityId,
    managedResourceId: body.managedResourceId ?? null,
    managedResourceName: body.managedResourceName ?? null,
    accessPolicyId: body.accessPolicyId ?? null,
    startMs: body.startDateTimeUtc ?? null,
    endMs: body.endDateTimeUtc ?? null,
    note: body.note ?? null,
    ticket: body.ticket ?? null,
  };
}

async function readCreateBody(ctx: Ctx, many: boolean): Promise<CreateInput[]> {
  const body = await ctx.readJson();
  if (body === undefined) throw badRequest('A request body is required.');
  if (many) {
    if (!Array.isArray(body)) throw badRequest('The body must be an array of ActivitySessionRequest objects.');
    if (body.length === 0 || body.length > MAX_GROUP)
      throw badRequest(`A group holds between 1 and ${MAX_GROUP} requests.`);
    return body.map((item, i) => toCreateInput(parseBody(CreateSchema, item, `Request [${i}]`)));
  }
  return [toCreateInput(parseBody(CreateSchema, body, 'The request'))];
}

export function sessionActionRoutes(engine: SessionEngine): Route<Caller | null>[] {
  return [
    {
      method: 'POST',
      path: BASE,
      auth: 'full',
      handle: async (ctx) => {
        const inputs = await readCreateBody(ctx, false);
        const [rec] = engine.create(me(ctx), inputs);
        return { status: 201, json: activitySession(rec!, engine), headers: { Location: `${BASE}/${rec!.id}` } };
      },
    },
    {
      method: 'POST',
      path: `${BASE}/Group`,
      auth: 'full',
      handle: async (ctx) => {
        const inputs = await readCreateBody(ctx, true);
        const records = engine.create(me(ctx), inputs);
        return { status: 201, json: records.map((rec) => activitySession(rec, engine)) };
      },
    },
    {
      method: 'DELETE',
      path: `${BASE}/{sessionId}`,
      auth: 'full',
      handle: (ctx) => {
        const rec = visibleSession(engine, ctx);
        if (!canEnd(me(ctx), rec)) throw forbidden('Only the session owner or an administrator may end this session.');
        engine.end(rec, me(ctx));
        return { status: 202 };
      },
    },
    {
      method: 'POST',
      path: `${BASE}/{sessionId}/Extend`,
      auth: 'full',
      handle: async (ctx) => {
        const body = await ctx.readJson();
        const minutes = parseOrThrow(
          ExtendMinutes,
          typeof body === 'string' && /^\d{1,6}$/.test(body) ? Number(body) : body,
          'The number of minutes',
        );
        const rec = visibleSession(engine, ctx);
        if (!canExtend(me(ctx), rec))
          throw forbidden('Only the session owner or an administrator may extend this session.');
        engine.extend(rec, me(ctx), minutes);
        return { status: 200, json: activitySession(rec, engine) };
      },
    },
    {
      method: 'POST',
      path: `${BASE}/{sessionId}/Approve`,
      auth: 'full',
      handle: (ctx) => {
        const notes = parseQuery(ctx.query, ApproveQuerySchema).notes ?? null;
        const rec = visibleSession(engine, ctx);
        if (!canDecide(me(ctx), rec, engine)) throw forbidden('You may not decide on this request.');
        engine.approve(rec, me(ctx), notes?.trim() || null);
        return { status: 200 };
      },
    },
    {
      method: 'POST',
      path: `${BASE}/{sessionId}/Deny`,
      auth: 'full',
      handle: async (ctx) => {
        const notes = parseOrThrow(DenyNote, await ctx.readJson(), 'The denial note');
        const rec = visibleSession(engine, ctx);
        if (!canDecide(me(ctx), rec, engine)) throw forbidden('You may not decide on this request.');
        engine.deny(rec, me(ctx), notes?.trim() || null);
        return { status: 200 };
      },
    },
    {
      method: 'PUT',
      path: `${BASE}/lock`,
      auth: 'full',
      handle: async (ctx) => {
        if (me(ctx).role !== 'admin') throw forbidden('Locking sessions requires the administrator role.');
        const body = parseBody(LockSchema, await ctx.readJson(), 'The lock request');
        const records = body.activitySessionIds.map((id) => {
          const rec = engine.store.get(id.toLowerCase());
          if (!rec) throw notFound(`Session ${id} was not found.`);
          return rec;
        });
        engine.setLocked(records, me(ctx), body.locked, body.lockMessage?.trim() || null);
        return {
          status: 200,
          json: {
            id: body.id ?? randomUUID(),
            activitySessionIds: records.map((r) => r.id),
            lockMessage: body.lockMessage ?? null,
            lockTitle: body.lockTitle ?? null,
            locked: body.locked,
            lockActivity: body.lockActivity ?? false,
            lockResource: body.lockResource ?? false,
            lockUser: body.lockUser ?? false,
          },
        };
      },
    },
  ];
}
