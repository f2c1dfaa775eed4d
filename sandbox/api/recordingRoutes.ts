/**
 * Sandbox addition (NPS serves replays through its own player): the recordings of a session's
 * connections through the SSH proxy. Owner, administrators and helpdesk staff may read them; others
 * who can see the session (approvers) get 403, everyone else 404. Administrators and helpdesk staff
 * may also watch an open connection live, read-only.
 */
import type { Caller } from '../auth/signin';
import type { DirectoryUser } from '../directory/types';
import { conflict, forbidden, notFound } from '../http/problem';
import type { Route } from '../http/server';
import { parseId } from '../http/validate';
import type { SessionEngine } from '../sessions/engine';
import type { SessionRecord } from '../sessions/model';
import { canSee, isOwner } from '../sessions/permissions';
import { proxySessionDto } from '../sessions/views';
import type { RecordingStore } from '../ssh/recordingStore';

/** A watcher that falls this far behind is dropped rather than buffered without bound. */
const MAX_WATCHER_BACKLOG = 8 * 1024 * 1024;

export const canWatchLive = (user: DirectoryUser) => user.role === 'admin' || user.role === 'helpdesk';

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
      path: '/sandbox/sessions/{sessionId}/recordings/{proxySessionId}/live',
      auth: 'full',
      handle: (ctx) => {
        const user = ctx.user!.user;
        const rec = readable(user, ctx.params.sessionId);
        if (!canWatchLive(user)) throw forbidden('Only administrators and helpdesk staff may watch a connection live.');
        const proxySessionId = parseId(ctx.params.proxySessionId, 'proxySessionId');
        const meta = rec.proxySessions?.find((p) => p.id === proxySessionId);
        if (!meta) throw notFound(`Connection ${proxySessionId} was not found.`);
        const recording = recordings.live(meta.id);
        if (meta.end !== null || !recording || recording.closed)
          throw conflict('The connection has closed; read its recording instead.');
        engine.appendLog(rec, `${user.displayName} is watching SSH connection ${meta.id}`, { status: false });
        return {
          status: 200,
          streamType: 'application/x-ndjson; charset=utf-8',
          // One JSON object per line: `start` with the screen so far, `output` chunks, then `end`.
          stream: (res) => {
            const line = (value: unknown) => res.write(`${JSON.stringify(value)}\n`);
            const stop = (reason: string) => {
              recording.off('output', onOutput);
              recording.off('closed', onClosed);
              if (!res.writableEnded) {
                line({ type: 'end', reason });
                res.end();
              }
            };
            const onOutput = (data: Buffer) => {
              line({ type: 'output', t: Math.max(0, engine.now() - meta.start), data: data.toString('base64') });
              if (res.writableLength > MAX_WATCHER_BACKLOG) stop('The watcher fell too far behind.');
            };
            const onClosed = () => stop('The connection has closed.');
            line({
              type: 'start',
              proxySession: proxySessionDto(rec, meta),
              terminal: recording.currentTerminal,
              screen: recording.shownSoFar().toString('base64'),
            });
            recording.on('output', onOutput);
            recording.once('closed', onClosed);
            res.on('close', () => stop('The watcher went away.'));
          },
        };
      },
    },
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
