/** What every ActivitySession route needs: its base path, the caller, and the session the path names. */
import type { Caller } from '../auth/signin';
import type { DirectoryUser } from '../directory/types';
import { notFound } from '../http/problem';
import type { RequestContext } from '../http/server';
import { parseId } from '../http/validate';
import type { SessionEngine } from '../sessions/engine';
import type { SessionRecord } from '../sessions/model';
import { canSee } from '../sessions/permissions';

export type Ctx = RequestContext<Caller | null>;

export const BASE = '/api/v1/ActivitySession';

/** The signed-in caller (every ActivitySession route needs a full token). */
export const me = (ctx: Ctx): DirectoryUser => ctx.user!.user;

/** The session, if the caller may see it; 404 otherwise so ids of others' sessions are not confirmed. */
export function visibleSession(engine: SessionEngine, ctx: Ctx, param = 'sessionId'): SessionRecord {
  const id = parseId(ctx.params[param], param);
  const rec = engine.store.get(id);
  if (!rec || !canSee(me(ctx), rec, engine)) throw notFound(`Session ${id} was not found.`);
  return rec;
}
