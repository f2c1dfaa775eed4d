/**
 * `shapes: 'published'`: the sandbox answers the way a real NPS 4.2 may, within what the reference's
 * Models tables allow, instead of its own tidy defaults, so the client is tested against both:
 * - enums as int32 (their position in the Models "Enumerated Values" tables) instead of names;
 * - dates as .NET writes a `DateTime` of unspecified kind: no offset, seven fractional digits;
 * - null for empty `string¦null` fields and for an empty list's `data` / log's `lines`;
 * - list and log pages capped at `pageCap` rows whatever `take` asks (optionally without `recordsTotal`);
 * - the PowerShell sample's "cookie container for multi-factor authentication": `/signinBody` sets a
 *   cookie that `/signin2fa` requires (401 without it, before the code is looked at).
 * It wraps the routes' replies; the routes themselves keep producing the sandbox's own shapes.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { HttpProblem } from '../http/problem';
import { SESSION_STATUSES, SUMMARY_STATUSES } from '../sessions/model';
import type { Reply, RequestContext, Route } from '../http/server';

export interface PublishedShapes {
  /** Most rows a list or log page returns, whatever `take` asks. Default 25. */
  pageCap: number;
  /** Send `recordsTotal` / `totalCount`. Default true (the Models tables let a server leave them out). */
  recordsTotal: boolean;
}

export const DEFAULT_PUBLISHED_SHAPES: PublishedShapes = { pageCap: 25, recordsTotal: true };

/** The name of the cookie `/signinBody` sets and `/signin2fa` requires. */
export const MFA_COOKIE = 'NPS.MfaSession';

// The int an enum name goes out as is its position in the Models table, as the model's lists keep them.
const SESSION_SUMMARY_STATUS: readonly string[] = SUMMARY_STATUSES;
const SESSION_STATUS: readonly string[] = SESSION_STATUSES;
const ENUMS: Record<string, readonly string[]> = {
  sessionStatus: SESSION_STATUS,
  activityType: ['Interactive', 'InteractiveAppLaunch', 'TaskAutomation', 'CredentialRelease'],
  userType: ['User', 'Application', 'Local'],
  managedResourceType: ['Host', 'Domain', 'Website', 'AzureAdTenant', 'SecretVault', 'Database'],
  loginSessionState: ['Inactive', 'Active', 'Unknown'],
};
const ACTION_LOG_TYPE = ['Debug', 'Info', 'Warn', 'Error'];
/** `string¦null` fields the sandbox fills with '' that a server would leave null. */
const NULL_WHEN_EMPTY = new Set(['note', 'ticket', 'statusMessage', 'lockMessage', 'lockedMessage']);
/** Display names with a documented fallback (hostDisplayName), left out as a server may. */
const NULL_ALWAYS = new Set(['managedResourceDisplayName', 'createdByDisplayName']);
const ISO_UTC = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\.(\d{3})Z$/;

function toInt(value: unknown, names: readonly string[]): unknown {
  if (typeof value !== 'string') return value;
  const index = names.indexOf(value);
  return index < 0 ? value : index;
}

/** `2026-11-30T18:39:04.123Z` → `2026-11-30T18:39:04.1230000` (UTC, unspecified kind). */
function dotnetDate(value: string): string {
  const match = ISO_UTC.exec(value);
  return match ? `${match[1]}.${match[2]}0000` : value;
}

function shapeValue(value: unknown, settings: PublishedShapes): unknown {
  if (typeof value === 'string') return dotnetDate(value);
  if (Array.isArray(value)) return value.map((item) => shapeValue(item, settings));
  if (value === null || typeof value !== 'object') return value;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(source)) {
    if (NULL_ALWAYS.has(key)) out[key] = null;
    else if (NULL_WHEN_EMPTY.has(key) && item === '') out[key] = null;
    else if (key in ENUMS) out[key] = toInt(item, ENUMS[key]!);
    else if (key === 'status' && 'sessionStatus' in source) out[key] = toInt(item, SESSION_SUMMARY_STATUS);
    else if (key === 'status' && 'scheduledStartDateTimeUtc' in source) out[key] = toInt(item, SESSION_STATUS);
    else if (key === 'status' && 'logMessage' in source) out[key] = toInt(item, ACTION_LOG_TYPE);
    else out[key] = shapeValue(item, settings);
  }
  // A page (`DataTable`, `ActionLogCollection`): capped, `null` when empty, total optional.
  for (const [rows, total] of [
    ['data', 'recordsTotal'],
    ['lines', 'totalCount'],
  ] as const) {
    if (!Array.isArray(out[rows]) || !(total in source)) continue;
    const capped = (out[rows] as unknown[]).slice(0, settings.pageCap);
    out[rows] = capped.length ? capped : null;
    if (!settings.recordsTotal) delete out[total];
  }
  return out;
}

/** A reply's JSON in the published shapes (exported for tests of the shaper itself). */
export function publishedJson(json: unknown, settings: PublishedShapes = DEFAULT_PUBLISHED_SHAPES): unknown {
  return shapeValue(json, settings);
}

function cookieFrom(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

function sameText(a: string, b: string): boolean {
  const hash = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(hash(a), hash(b));
}

export interface PublishedDeps {
  settings: PublishedShapes;
  now: () => number;
  preMfaTtlMs: () => number;
  /** Whether the server speaks HTTPS (the cookie is then `Secure`). */
  secure: boolean;
}

/** The routes with published-shape replies and the sign-in cookie. */
export function publishedRoutes<U>(routes: Route<U>[], deps: PublishedDeps): Route<U>[] {
  // Pre-MFA token (hashed) → the cookie value it was issued with, until the token lapses.
  const issued = new Map<string, { cookie: string; expiresAt: number }>();
  const keyOf = (token: string) => createHash('sha256').update(token, 'utf8').digest('base64url');
  const bearer = (ctx: RequestContext<U>) => /^Bearer\s+(\S+)$/i.exec(ctx.headers.authorization ?? '')?.[1] ?? '';

  function forget(now: number): void {
    for (const [key, entry] of issued) if (entry.expiresAt <= now) issued.delete(key);
  }

  function withCookie(reply: Reply): Reply {
    if (reply.status !== 200 || typeof reply.json !== 'string') return reply;
    const now = deps.now();
    forget(now);
    const ttlMs = deps.preMfaTtlMs();
    const cookie = randomBytes(24).toString('base64url');
    if (issued.size < 100_000) issued.set(keyOf(reply.json), { cookie, expiresAt: now + ttlMs });
    const attributes = [`Max-Age=${Math.max(1, Math.ceil(ttlMs / 1000))}`, 'Path=/', 'HttpOnly', 'SameSite=Strict'];
    if (deps.secure) attributes.push('Secure');
    return {
      ...reply,
      headers: { ...reply.headers, 'Set-Cookie': [`${MFA_COOKIE}=${cookie}`, ...attributes].join('; ') },
    };
  }

  function requireCookie(ctx: RequestContext<U>): string {
    const key = keyOf(bearer(ctx));
    const entry = issued.get(key);
    const sent = cookieFrom(ctx.headers.cookie, MFA_COOKIE);
    if (!entry || entry.expiresAt <= deps.now() || sent === null || !sameText(sent, entry.cookie)) {
      throw new HttpProblem(
        401,
        'The multi-factor sign-in cookie set by /signinBody is missing or has expired. Sign in again.',
      );
    }
    return key;
  }

  return routes.map((route) => {
    const path = route.path.toLowerCase();
    return {
      ...route,
      async handle(ctx) {
        const spent = path === '/signin2fa' ? requireCookie(ctx) : null;
        const reply = await route.handle(ctx);
        if (path === '/signinbody') return withCookie(reply);
        if (spent !== null && reply.status === 200) issued.delete(spent);
        return reply.json === undefined ? reply : { ...reply, json: publishedJson(reply.json, deps.settings) };
      },
    };
  });
}
