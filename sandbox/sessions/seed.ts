/**
 * Sessions a new sandbox starts with: a handful of demo sessions in every interesting state for alice
 * and bob, and on request bulk data (thousands of active and historical sessions) for benchmarks.
 * Seeded records keep `log: null`; their log is synthesised from their timestamps when read.
 *
 * Over 300 lines: data — each demo session a few lines, plus the bulk generators for benchmarks.
 */
import { randomUUID } from 'node:crypto';
import { loginAccountsFor } from '../directory/defaultDirectory';
import type { Activity, Policy, Resource } from '../directory/types';
import type { SessionEngine } from './engine';
import { type SessionRecord, type SessionState, UNTOUCHED_SESSION } from './model';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

interface Spec {
  login: string;
  activity: string;
  resource: string;
  state: SessionState;
  /** Minutes relative to now. */
  created: number;
  start?: number;
  end?: number;
  login_?: number;
  locked?: string;
  cancelled?: boolean;
}

function record(
  engine: SessionEngine,
  user: string,
  activity: Activity,
  resource: Resource,
  policy: Policy,
  state: SessionState,
  times: Partial<SessionRecord> & { createdAt: number },
): SessionRecord {
  const account = engine.accountFor(resource.id, activity.loginAccountName)!;
  return {
    id: randomUUID(),
    seq: engine.store.nextSeq(),
    userId: user,
    createdBy: user,
    activityId: activity.id,
    policyId: policy.id,
    resourceId: resource.id,
    accountId: account.id,
    groupId: null,
    state,
    modifiedAt: times.createdAt,
    scheduledStart: times.createdAt,
    scheduledEnd: null,
    requestedEnd: null,
    ...UNTOUCHED_SESSION,
    note: null,
    ticket: null,
    log: null,
    ...times,
  };
}

function policyFor(engine: SessionEngine, userId: string, activity: Activity, resource: Resource): Policy {
  const policy = engine.policiesGranting(userId, activity.id, resource.id)[0];
  if (!policy) throw new Error(`seed: no policy grants ${activity.name} on ${resource.name}`);
  return policy;
}

/** Fills in the timestamps and the due time that a session in `state` has. */
function shape(
  rec: SessionRecord,
  engine: SessionEngine,
  now: number,
  spec: { start: number; end: number; loginAt: number | null; endedAt: number },
): void {
  const t = engine.timings;
  rec.scheduledStart = spec.start;
  rec.scheduledEnd = spec.end;
  switch (rec.state) {
    case 'approval':
      // Seeded requests get the whole approval window from now, however short the configured timeout.
      rec.dueAt = now + t.approvalTimeoutMs;
      break;
    case 'scheduled':
      rec.dueAt = spec.start;
      break;
    case 'provisioning':
      rec.dueAt = now + t.provisioningMs;
      break;
    case 'active':
      rec.actualStart = spec.start;
      rec.loginAt = spec.loginAt;
      rec.dueAt = spec.end;
      break;
    case 'cancelling':
      rec.actualStart = spec.start;
      rec.dueAt = now + t.cancellingMs;
      break;
    case 'completed':
      rec.actualStart = spec.start;
      rec.loginAt = spec.loginAt;
      rec.actualEnd = spec.endedAt;
      break;
    case 'cancelled':
    case 'failed':
    case 'denied':
    case 'approvalFailed':
      rec.actualEnd = spec.endedAt;
      break;
  }
  rec.modifiedAt = Math.max(
    rec.createdAt,
    Math.min(now, rec.actualEnd ?? rec.loginAt ?? rec.actualStart ?? rec.createdAt),
  );
  rec.statusMessage = engine.logOf(rec).at(-1)?.m ?? '';
}

export function seedDemoSessions(engine: SessionEngine): void {
  const now = engine.now();
  const specs: Spec[] = [
    {
      login: 'alice',
      activity: 'Windows Admin (RDP)',
      resource: 'win-app-01',
      state: 'active',
      created: -12,
      start: -10,
      end: 110,
    },
    {
      login: 'alice',
      activity: 'Linux Root Shell (SSH)',
      resource: 'lnx-web-01',
      state: 'active',
      created: -32,
      start: -30,
      end: 90,
      login_: -25,
    },
    { login: 'alice', activity: 'Windows Admin (RDP)', resource: 'win-db-01', state: 'approval', created: -2 },
    { login: 'alice', activity: 'Linux Root Shell (SSH)', resource: 'lnx-build-01', state: 'provisioning', created: 0 },
    {
      login: 'alice',
      activity: 'Linux Root Shell (SSH)',
      resource: 'lnx-web-01',
      state: 'scheduled',
      created: -5,
      start: 120,
      end: 240,
    },
    {
      login: 'alice',
      activity: 'Windows Admin (RDP)',
      resource: 'win-app-01',
      state: 'completed',
      created: -50,
      start: -48,
      end: -3,
      login_: -45,
    },
    {
      login: 'alice',
      activity: 'Windows Admin (RDP)',
      resource: 'win-legacy-01',
      state: 'failed',
      created: -2,
      start: -1,
      end: -1,
    },
    {
      login: 'bob',
      activity: 'Linux Root Shell (SSH)',
      resource: 'lnx-build-01',
      state: 'active',
      created: -40,
      start: -38,
      end: 82,
      login_: -35,
      locked: 'Suspicious command under review',
    },
    { login: 'bob', activity: 'Linux Root Shell (SSH)', resource: 'lnx-db-01', state: 'approval', created: -4 },
    {
      login: 'bob',
      activity: 'Linux Operator Shell (SSH)',
      resource: 'lnx-web-01',
      state: 'active',
      created: -8,
      start: -6,
      end: 234,
    },
  ];
  const history: Array<[SessionState, string, string]> = [
    ['completed', 'Windows Admin (RDP)', 'win-app-01'],
    ['completed', 'Linux Root Shell (SSH)', 'lnx-web-01'],
    ['completed', 'Linux Root Shell (SSH)', 'lnx-build-01'],
    ['cancelled', 'Windows Admin (RDP)', 'win-app-01'],
    ['denied', 'Linux Root Shell (SSH)', 'lnx-db-01'],
    ['completed', 'Windows Admin (RDP)', 'win-db-01'],
    ['approvalFailed', 'Windows Admin (RDP)', 'win-db-01'],
    ['completed', 'Linux Operator Shell (SSH)', 'lnx-build-01'],
    ['failed', 'Windows Admin (RDP)', 'win-legacy-01'],
    ['completed', 'Linux Root Shell (SSH)', 'lnx-web-01'],
  ];
  history.forEach(([state, activity, resource], i) => {
    for (const login of ['alice', 'bob']) {
      const created = -(i + 1) * 2.5 * 24 * 60 - (login === 'bob' ? 90 : 0);
      specs.push({
        login,
        activity,
        resource,
        state,
        created,
        start: created + 1,
        end: created + 1 + 35 + i * 7,
        login_: created + 3,
        cancelled: state === 'cancelled',
      });
    }
  });
  const records: SessionRecord[] = [];
  for (const spec of specs) {
    const user = engine.usersByLogin.get(spec.login);
    const activity = engine.directory.activities.find((a) => a.name === spec.activity);
    const resource = engine.directory.resources.find((r) => r.name === spec.resource);
    if (!user || !activity || !resource) continue; // a custom directory without the demo names
    const policy = policyFor(engine, user.id, activity, resource);
    const rec = record(engine, user.id, activity, resource, policy, spec.state, {
      createdAt: now + spec.created * MINUTE,
    });
    if (spec.locked) {
      rec.locked = true;
      rec.lockMessage = spec.locked;
    }
    if (spec.cancelled) rec.cancelledBy = user.id;
    const start = now + (spec.start ?? spec.created) * MINUTE;
    shape(rec, engine, now, {
      start,
      end: now + (spec.end ?? spec.created + policy.maxSessionMinutes) * MINUTE,
      loginAt: spec.login_ === undefined ? null : now + spec.login_ * MINUTE,
      endedAt: now + (spec.end ?? spec.created) * MINUTE,
    });
    records.push(rec);
  }
  engine.store.addMany(records);
}

/** Deterministic pseudo-random numbers so that seeded data (and benchmarks) repeat. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Adds `count` synthetic hosts per platform to the directory (and to the first policy granting each platform). */
function addBulkResources(engine: SessionEngine, count: number): void {
  const d = engine.directory;
  if (d.resources.some((r) => r.name.startsWith('bulk-'))) return;
  const added: Resource[] = [];
  for (let i = 1; i <= count; i++) {
    const n = String(i).padStart(4, '0');
    const hex = i.toString(16).padStart(12, '0');
    added.push({
      id: `b0000001-0000-4000-8000-${hex}`,
      name: `bulk-win-${n}`,
      displayName: `Bulk Windows server ${n}`,
      os: 'Windows Server 2022',
      platform: 'Windows',
      address: `10.40.${i >> 8}.${i & 255}`,
      port: 3389,
      protocol: 'rdp',
      reachable: true,
    });
    added.push({
      id: `b0000002-0000-4000-8000-${hex}`,
      name: `bulk-lnx-${n}`,
      displayName: `Bulk Linux server ${n}`,
      os: 'Ubuntu 24.04',
      platform: 'Linux',
      address: `10.50.${i >> 8}.${i & 255}`,
      port: 22,
      protocol: 'ssh',
      reachable: true,
    });
  }
  d.resources.push(...added);
  const accounts = loginAccountsFor(added, d.activities, 100_000);
  d.loginAccounts.push(...accounts);
  const open = d.policies.find((p) => !p.approvalRequired) ?? d.policies[0];
  if (open) open.resourceIds.push(...added.map((r) => r.id));
  engine.reloadDirectory();
}

export function seedBulkSessions(engine: SessionEngine, active: number, historical: number): void {
  if (active + historical <= 0) return;
  addBulkResources(engine, 200);
  const now = engine.now();
  const rand = random(20_26);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
  // Grants as (user, activity, resource, policy) so that every seeded session is one a policy allows.
  const grants: Array<{ user: string; activity: Activity; resource: Resource; policy: Policy }> = [];
  for (const policy of engine.directory.policies) {
    for (const user of policy.userIds) {
      for (const activityId of policy.activityIds) {
        const activity = engine.activities.get(activityId)!;
        for (const resourceId of policy.resourceIds) {
          const resource = engine.resources.get(resourceId)!;
          if (resource.platform === activity.platform && resource.reachable)
            grants.push({ user, activity, resource, policy });
        }
      }
    }
  }
  // Most sessions belong to the end users, so their own lists are the large ones.
  const weights = new Map<string, number>(
    engine.directory.users.map((u) => [u.id, u.login === 'alice' ? 8 : u.login === 'bob' ? 6 : 1]),
  );
  const weighted = grants.flatMap((g) => Array<typeof g>(weights.get(g.user) ?? 1).fill(g));
  const records: SessionRecord[] = [];
  const activeStates: SessionState[] = [
    'active',
    'active',
    'active',
    'active',
    'active',
    'approval',
    'scheduled',
    'scheduled',
  ];
  for (let i = 0; i < active; i++) {
    const g = pick(weighted);
    const state =
      g.policy.approvalRequired && rand() < 0.3 ? 'approval' : pick(activeStates.filter((s) => s !== 'approval'));
    const createdAt = now - Math.floor(rand() * 6 * HOUR);
    const rec = record(engine, g.user, g.activity, g.resource, g.policy, state, { createdAt });
    const start = state === 'scheduled' ? now + Math.floor((0.5 + rand() * 72) * HOUR) : createdAt + MINUTE;
    const length = g.policy.maxSessionMinutes * engine.timings.minuteMs;
    shape(rec, engine, now, {
      start,
      end: Math.max(start + length, now + HOUR),
      loginAt: state === 'active' && rand() < 0.6 ? start + 2 * MINUTE : null,
      endedAt: now,
    });
    if (state === 'active' && rand() < 0.05) {
      rec.locked = true;
      rec.lockMessage = 'Locked for review';
    }
    records.push(rec);
  }
  const endedStates: SessionState[] = [
    'completed',
    'completed',
    'completed',
    'completed',
    'completed',
    'completed',
    'completed',
    'cancelled',
    'failed',
    'denied',
    'approvalFailed',
  ];
  for (let i = 0; i < historical; i++) {
    const g = pick(weighted);
    let state = pick(endedStates);
    if ((state === 'denied' || state === 'approvalFailed') && !g.policy.approvalRequired) state = 'completed';
    const createdAt = now - HOUR - Math.floor(rand() * 365 * DAY);
    const rec = record(engine, g.user, g.activity, g.resource, g.policy, state, { createdAt });
    const start = createdAt + MINUTE;
    const duration = Math.floor((5 + rand() * g.policy.maxSessionMinutes) * MINUTE);
    if (state === 'cancelled') rec.cancelledBy = g.user;
    shape(rec, engine, now, {
      start,
      end: start + duration,
      loginAt: rand() < 0.85 ? start + 2 * MINUTE : null,
      endedAt: state === 'completed' ? start + duration : start + MINUTE,
    });
    rec.statusMessage = state === 'completed' ? 'Session completed' : rec.statusMessage;
    records.push(rec);
  }
  engine.store.addMany(records);
}
