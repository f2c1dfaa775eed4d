/**
 * The ActivitySession endpoints of the NPS 4.2 API that a desktop client needs, by concern: reading
 * sessions and their logs (queries), changing them (actions), and reaching their resources (access).
 * What each accepts is in `activitySessionSchemas.ts`.
 */
import type { Caller } from '../auth/signin';
import type { Route } from '../http/server';
import type { ProxySettings } from '../options';
import type { SessionEngine } from '../sessions/engine';
import { sessionAccessRoutes } from './activitySessionAccess';
import { sessionActionRoutes } from './activitySessionActions';
import { sessionQueryRoutes } from './activitySessionQueries';

export function activitySessionRoutes(engine: SessionEngine, proxy: ProxySettings): Route<Caller | null>[] {
  return [...sessionQueryRoutes(engine), ...sessionActionRoutes(engine), ...sessionAccessRoutes(engine, proxy)];
}
