/**
 * Sandbox addition (NPS serves replays through its own player): the recordings of a session's
 * connections through the SSH proxy. Owner, administrators and helpdesk staff may read them; others
 * who can see the session (approvers) get 403, everyone else 404.
 */
import type { Caller } from '../auth/signin';
import type { DirectoryUser } from '../directory/types';
import { forbidden, notFound } from '../http/problem';
import type { Route } from '../http/server';
import { parseId } from '../http/validate';
import type { SessionEngine } from '../sessions/engine';
import type { SessionRecord } from '../sessions/model';
import { canSee, isOwner } from '../sessions/permissions';
import { proxySessionDto } from '../sessions/views';
import type { RecordingStore } from '../ssh/recordingStore';

export const canReadRecordings = (user: DirectoryUser, rec: SessionRecord) =>
  isOwner(user, rec) || user.role === 'admin' || user.role === 'helpdesk';

export function recordingRoutes(engine: SessionEngine, recordings: RecordingStore): Route<Caller | null>[] {
  function readable(user: DirectoryUser, raw: string | undefined): SessionRecord {
    const id = parseId(raw, 'sessionId');
    const rec = engine.store.get(id);
    if (!rec || !canSee(user, rec, engine)) throw notFound(`Session ${id} was not found.`);
    if (!canReadRecordings(user, rec))
      throw forbidden('Only the session owner, administrators and helpdesk staff may read its recordings.');
    return rec;
  }

  return [
    {
      method: 'GET',
      path: '/sandbox/sessions/{sessionId}/recordings',
      auth: 'full',
      handle: (ctx) => {
        const rec = readable(ctx.user!.user, ctx.params.sessionId);
        return { status: 200, json: (rec.proxySessions ?? []).map((meta) => proxySessionDto(rec, meta)) };
      },
    },
    {
      method: 'GET',
      path: '/sandbox/sessions/{sessionId}/recordings/{proxySessionId}',
      auth: 'full',
      handle: async (ctx) => {
        const rec = readable(ctx.user!.user, ctx.params.sessionId);
        const proxySessionId = parseId(ctx.params.proxySessionId, 'proxySessionId');
        const meta = rec.proxySessions?.find((p) => p.id === proxySessionId);
        const recording = meta ? await recordings.read(meta.id) : null;
        if (!meta || !recording) throw notFound(`Recording ${proxySessionId} was not found.`);
        return { status: 200, json: { proxySession: proxySessionDto(rec, meta), ...recording } };
      },
    },
  ];
}
