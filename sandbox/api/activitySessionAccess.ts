/** Access to a session's resource: its password (`CanViewPassword`, `Password`) and its launches (`Rdp`, `Ssh`). */
import type { Caller } from '../auth/signin';
import { HttpProblem, conflict, forbidden } from '../http/problem';
import type { Route } from '../http/server';
import type { ProxySettings } from '../options';
import type { SessionEngine } from '../sessions/engine';
import type { SessionRecord } from '../sessions/model';
import { canLaunch, canViewPassword } from '../sessions/permissions';
import { BASE, type Ctx, me, visibleSession } from './activitySessionContext';

export function sessionAccessRoutes(engine: SessionEngine, proxy: ProxySettings): Route<Caller | null>[] {
  /** The session the path names, if the caller may launch it with `protocol` now; 403 or 409 otherwise. */
  function launchable(ctx: Ctx, protocol: 'rdp' | 'ssh'): SessionRecord {
    const rec = visibleSession(engine, ctx);
    if (!canLaunch(me(ctx), rec)) throw forbidden('Only the session owner may launch it.');
    const activity = engine.activities.get(rec.activityId)!;
    if (activity.protocol !== protocol)
      throw conflict(
        `The session's activity '${activity.name}' uses ${activity.protocol.toUpperCase()}, not ${protocol.toUpperCase()}.`,
      );
    if (rec.state !== 'active') throw conflict('The session is not available yet or has ended.');
    if (rec.locked) throw conflict('The session is locked.');
    return rec;
  }

  function connectionString(rec: SessionRecord): string {
    const user = engine.users.get(rec.userId)!;
    const activity = engine.activities.get(rec.activityId)!;
    const resource = engine.resources.get(rec.resourceId)!;
    return `${user.login}+${activity.name}+${resource.name}`;
  }

  return [
    {
      method: 'GET',
      path: `${BASE}/{sessionId}/CanViewPassword`,
      auth: 'full',
      handle: (ctx) => {
        const rec = visibleSession(engine, ctx);
        return { status: 200, json: canViewPassword(me(ctx), rec) && engine.passwordRefusal(rec) === null };
      },
    },
    {
      method: 'GET',
      path: `${BASE}/{sessionId}/Password`,
      auth: 'full',
      handle: (ctx) => {
        const rec = visibleSession(engine, ctx);
        if (!canViewPassword(me(ctx), rec))
          throw forbidden('Only the session owner or helpdesk staff may see this password.');
        const refusal = engine.passwordRefusal(rec);
        if (refusal) throw new HttpProblem(refusal.status, refusal.detail);
        return { status: 200, json: engine.revealPassword(rec, me(ctx)) };
      },
    },
    {
      method: 'GET',
      path: `${BASE}/Rdp/{sessionId}`,
      auth: 'full',
      handle: (ctx) => {
        const rec = launchable(ctx, 'rdp');
        const lines = [
          `full address:s:${proxy.host}:${proxy.rdpPort}`,
          `username:s:${connectionString(rec)}`,
          'prompt for credentials:i:1',
          'administrative session:i:1',
          'screen mode id:i:2',
          'session bpp:i:32',
          // The gateway speaks the TLS security layer only: these two make Microsoft's clients use TLS
          // instead of CredSSP/NLA and still warn when the certificate is not trusted (see the README).
          'authentication level:i:2',
          'enablecredsspsupport:i:0',
          // The gateway picks the session's server before TLS from the X.224 cookie, which Microsoft's clients
          // cut to nine characters; this value is sent whole instead, as the routing token.
          `loadbalanceinfo:s:${connectionString(rec)}`,
        ];
        return { status: 200, json: `${lines.join('\r\n')}\r\n` };
      },
    },
    {
      method: 'GET',
      path: `${BASE}/Ssh/{sessionId}`,
      auth: 'full',
      handle: (ctx) => {
        const rec = launchable(ctx, 'ssh');
        const url = `ssh://${encodeURIComponent(connectionString(rec))}@${proxy.host}:${proxy.sshPort}`;
        return { status: 200, json: proxy.sshUrlFor ? proxy.sshUrlFor(rec.id, url) : url };
      },
    },
  ];
}
