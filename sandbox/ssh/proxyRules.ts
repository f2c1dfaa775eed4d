/**
 * Which session a proxy login names, and whether it may be used now. Only the session's owner (the user
 * it is for) gets in, only while it is Available or Logged In, not locked and not ended; every refusal is
 * a sentence the person at the terminal understands.
 */
import type { DirectoryUser, Protocol } from '../directory/types';
import type { SessionEngine } from '../sessions/engine';
import { type SessionRecord, isEnded, statusDescriptionOf } from '../sessions/model';
import type { ConnectionString } from './connectionString';

/** The session a login names and may use, or why not (with the session, when there is one). */
export type SessionChoice = { ok: true; rec: SessionRecord } | { ok: false; reason: string; rec: SessionRecord | null };

/** Why an open connection of `rec` must close now, or null while it may stay. */
export function closingReason(rec: SessionRecord): string | null {
  if (rec.state === 'cancelling' || isEnded(rec.state)) return 'The session has ended.';
  if (rec.locked) return `The session was locked by an administrator${rec.lockMessage ? `: ${rec.lockMessage}` : '.'}`;
  if (rec.state !== 'active') return 'The session is no longer available.';
  return null;
}

/** The connections open through the SSH proxy or the RDP gateway, per session: closed when the session must end them. */
export class LiveConnections<T> {
  readonly #bySession = new Map<string, Set<T>>();

  /** Adds a connection of session `id`; the function returned removes it again. */
  add(id: string, connection: T): () => void {
    let set = this.#bySession.get(id);
    if (!set) this.#bySession.set(id, (set = new Set()));
    set.add(connection);
    return () => {
      set.delete(connection);
      if (set.size === 0) this.#bySession.delete(id);
    };
  }

  /** After a change of `rec`: its open connections and why they must close now, or null while they may stay. */
  closing(rec: SessionRecord): { connections: T[]; reason: string } | null {
    const connections = this.#bySession.get(rec.id);
    const reason = connections ? closingReason(rec) : null;
    return connections && reason !== null ? { connections: [...connections], reason } : null;
  }
}

function refusal(rec: SessionRecord, engine: SessionEngine): string | null {
  const now = engine.now();
  switch (rec.state) {
    case 'approval':
      return 'The session is waiting for approval; you can connect once it has been approved.';
    case 'scheduled':
      return `The session has not started yet; it starts at ${new Date(rec.scheduledStart).toISOString()}.`;
    case 'provisioning':
      return 'The session is still being prepared; try again in a few seconds.';
    case 'active':
      return closingReason(rec);
    default:
      return `The session has ended (${statusDescriptionOf(rec, now)}); request a new one to connect.`;
  }
}

/** Ranks candidates: usable first, then not ended, then newest. */
function rank(rec: SessionRecord): number {
  if (rec.state === 'active' && !rec.locked) return 3;
  if (rec.state === 'active') return 2;
  return isEnded(rec.state) ? 0 : 1;
}

/** The session of `user` that `target` names, if it may be used now over `protocol` (the SSH proxy's or the RDP gateway's). */
export function chooseSession(
  user: DirectoryUser,
  target: ConnectionString,
  engine: SessionEngine,
  protocol: Protocol = 'ssh',
): SessionChoice {
  const activity = target.activity.toLowerCase();
  const resource = target.resource.toLowerCase();
  let best: SessionRecord | null = null;
  for (const { rec } of engine.store.entriesOfUser(user.id)) {
    // Only the user the session is for; a session someone created on their behalf is not the creator's.
    if (rec.userId !== user.id) continue;
    if (engine.activities.get(rec.activityId)?.name.toLowerCase() !== activity) continue;
    if (engine.resources.get(rec.resourceId)?.name.toLowerCase() !== resource) continue;
    if (best === null || rank(rec) > rank(best) || (rank(rec) === rank(best) && rec.createdAt >= best.createdAt))
      best = rec;
  }
  if (best === null)
    return {
      ok: false,
      reason: `You have no session for '${target.activity}' on ${target.resource}. Request one in PAM Desk first.`,
      rec: null,
    };
  const reason = refusal(best, engine);
  if (reason !== null) return { ok: false, reason, rec: best };
  if (engine.activities.get(best.activityId)?.protocol !== protocol)
    return { ok: false, reason: `'${target.activity}' is not an ${protocol.toUpperCase()} activity.`, rec: best };
  return { ok: true, rec: best };
}
