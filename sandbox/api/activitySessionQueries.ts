/**
 * The ActivitySession read endpoints: the summary lists (`MySummaryByStatus`, `SummaryByStatus`,
 * `SummaryForResource`), `Search` with its statistics, one session (`SummaryById`, `{id}`) and its `Log`.
 */
import type { Caller } from '../auth/signin';
import { badRequest, forbidden, notFound } from '../http/problem';
import type { Route } from '../http/server';
import { parseId, parseQuery } from '../http/validate';
import type { SessionEngine } from '../sessions/engine';
import { SUMMARY_STATUSES, type SessionRecord } from '../sessions/model';
import { listScope } from '../sessions/permissions';
import { type StatusFilter, type SummaryQuery, orderKeys, runQuery } from '../sessions/query';
import { activitySession, logLineDto, sessionSummary } from '../sessions/views';
import { BASE, type Ctx, me, visibleSession } from './activitySessionContext';
import { LogQuerySchema, SearchQuerySchema, SummaryQuerySchema } from './activitySessionSchemas';

/** Count and duration statistics in seconds (a loop: spreading 100,000 values into Math.min would overflow the stack). */
function durations(records: SessionRecord[], now: number) {
  let sum = 0;
  let min = Infinity;
  let max = 0;
  for (const r of records) {
    const seconds = r.actualStart === null ? 0 : Math.floor(((r.actualEnd ?? now) - r.actualStart) / 1000);
    sum += seconds;
    if (seconds < min) min = seconds;
    if (seconds > max) max = seconds;
  }
  const count = records.length;
  return {
    countSessions: count,
    sumDuration: Math.min(sum, 2_147_483_647),
    avgDuration: count ? Math.floor(sum / count) : 0,
    minDuration: count ? min : 0,
    maxDuration: max,
  };
}

const TOP_USERS = { none: 0, everyone: Infinity, top5: 5, top10: 10 } as const;

export function sessionQueryRoutes(engine: SessionEngine): Route<Caller | null>[] {
  // Sort keys are lower-cased names; directory names do not change while the server runs, so memoise.
  const memo = (name: (id: string) => string | undefined) => {
    const cache = new Map<string, string>();
    return (id: string) => {
      let value = cache.get(id);
      if (value === undefined) cache.set(id, (value = (name(id) ?? '').toLowerCase()));
      return value;
    };
  };
  const userName = memo((id) => engine.users.get(id)?.displayName);
  const resourceName = memo((id) => engine.resources.get(id)?.name);
  const activityName = memo((id) => engine.activities.get(id)?.name);
  const policyName = memo((id) => engine.policies.get(id)?.name);
  const accountName = memo((id) => engine.accounts.get(id)?.name);
  const keys = orderKeys({
    userName: (r) => userName(r.userId),
    createdByName: (r) => userName(r.createdBy),
    resourceName: (r) => resourceName(r.resourceId),
    activityName: (r) => activityName(r.activityId),
    policyName: (r) => policyName(r.policyId),
    accountName: (r) => accountName(r.accountId),
    now: () => engine.now(),
  });

  function statusFilter(raw: string | undefined): StatusFilter {
    const value = (raw ?? '').toLowerCase();
    if (value === 'active') return { kind: 'active', endedAfter: engine.now() - engine.timings.recentEndedMs };
    if (value === 'pending') return { kind: 'pending' };
    if (value === 'historical') return { kind: 'historical' };
    if (value === 'all') return { kind: 'any' };
    const status = SUMMARY_STATUSES.find((s) => s.toLowerCase() === value);
    if (status) return { kind: 'summary', status };
    throw badRequest(
      `Unknown status '${String(raw).slice(0, 64)}'. Use active, pending, historical, all or a SessionSummaryStatus name.`,
      {
        status: ['unknown status'],
      },
    );
  }

  function orderOf(
    orderBy: string | undefined,
    orderDescending: boolean | undefined,
  ): Pick<SummaryQuery, 'orderBy' | 'orderDescending'> {
    if (orderBy === undefined || orderBy === '') return { orderBy: null, orderDescending: orderDescending ?? true };
    const key = orderBy.toLowerCase();
    // Own properties only: `in` would accept __proto__, constructor, toString and the rest of Object.prototype.
    if (!Object.hasOwn(keys, key))
      throw badRequest(`Cannot order by '${orderBy.slice(0, 64)}'.`, {
        orderBy: [`one of ${Object.keys(keys).join(', ')}`],
      });
    return { orderBy: key, orderDescending: orderDescending ?? false };
  }

  /** The paging, order and filters every list shares, as `runQuery` takes them. */
  function listQuery(
    status: StatusFilter,
    q: { skip: number; take: number; orderBy?: string; orderDescending?: boolean; filterText?: string },
    filters: { startMs?: number; endMs?: number; resourceNames?: string[]; userNames?: string[] },
  ): SummaryQuery {
    return {
      status,
      skip: q.skip,
      take: q.take,
      ...orderOf(q.orderBy, q.orderDescending),
      filterText: (q.filterText ?? '').trim().toLowerCase(),
      startMs: filters.startMs ?? null,
      endMs: filters.endMs ?? null,
      resourceNames: (filters.resourceNames ?? []).map((n) => n.toLowerCase()),
      userNames: (filters.userNames ?? []).map((n) => n.toLowerCase()),
    };
  }

  function summaryQuery(ctx: Ctx, status: StatusFilter, where?: (rec: SessionRecord) => boolean): SummaryQuery {
    const q = parseQuery(ctx.query, SummaryQuerySchema);
    const userId = q.userId?.toLowerCase();
    const combined = userId ? (rec: SessionRecord) => rec.userId === userId && (where ? where(rec) : true) : where;
    const query = listQuery(status, q, {
      startMs: q.startDate,
      endMs: q.endDate,
      resourceNames: q.resourceName,
      userNames: q.userName,
    });
    if (combined) query.where = combined;
    return query;
  }

  function page(result: { page: SessionRecord[]; total: number }) {
    return {
      status: 200,
      json: { data: result.page.map((rec) => sessionSummary(rec, engine)), recordsTotal: result.total },
    };
  }

  function scopeOrForbid(ctx: Ctx): ((rec: SessionRecord) => boolean) | undefined {
    const scope = listScope(me(ctx), engine);
    if (scope === null)
      throw forbidden(
        'Only administrators, helpdesk staff and approvers may list all sessions; use MySummaryByStatus.',
      );
    return scope === 'all' ? undefined : scope;
  }

  return [
    {
      method: 'GET',
      path: `${BASE}/MySummaryByStatus/{status}`,
      auth: 'full',
      handle: (ctx) => {
        const status = statusFilter(ctx.params.status);
        const query = summaryQuery(ctx, status);
        return page(runQuery(engine.store.entriesOfUser(me(ctx).id), engine.store.descriptors, query, keys));
      },
    },
    {
      method: 'GET',
      path: `${BASE}/SummaryByStatus/{status}`,
      auth: 'full',
      handle: (ctx) => {
        const where = scopeOrForbid(ctx);
        const query = summaryQuery(ctx, statusFilter(ctx.params.status), where);
        return page(runQuery(engine.store.entries(), engine.store.descriptors, query, keys));
      },
    },
    {
      method: 'GET',
      path: `${BASE}/SummaryForResource/{managedResourceId}`,
      auth: 'full',
      handle: (ctx) => {
        const resourceId = parseId(ctx.params.managedResourceId, 'managedResourceId');
        if (!engine.resources.has(resourceId)) throw notFound(`Resource ${resourceId} was not found.`);
        const scope = scopeOrForbid(ctx);
        const query = summaryQuery(
          ctx,
          { kind: 'any' },
          (rec) => rec.resourceId === resourceId && (scope ? scope(rec) : true),
        );
        return page(runQuery(engine.store.entries(), engine.store.descriptors, query, keys));
      },
    },
    {
      method: 'GET',
      path: `${BASE}/Search`,
      auth: 'full',
      handle: (ctx) => {
        if (me(ctx).role !== 'admin') throw forbidden('Searching all sessions requires the administrator role.');
        const q = parseQuery(ctx.query, SearchQuerySchema);
        const result = runQuery(
          engine.store.entries(),
          engine.store.descriptors,
          listQuery({ kind: 'any' }, q, { startMs: q.filterDateTimeMin, endMs: q.filterDateTimeMax }),
          keys,
          true,
        );
        const all = result.all ?? [];
        const byUser = new Map<string, SessionRecord[]>();
        for (const rec of all) {
          const list = byUser.get(rec.userId);
          if (list) list.push(rec);
          else byUser.set(rec.userId, [rec]);
        }
        const now = engine.now();
        const topUsers = [...byUser.entries()]
          .sort((a, b) => b[1].length - a[1].length)
          .slice(0, TOP_USERS[q.filterTopUsersType ?? 'top5'])
          .map(([userId, records]) => ({
            managedAccountId: userId,
            managedAccountName: engine.users.get(userId)?.login ?? null,
            ...durations(records, now),
          }));
        return {
          status: 200,
          json: {
            data: result.page.map((rec) => sessionSummary(rec, engine)),
            recordsTotal: result.total,
            topUsers,
            summary: durations(all, now),
          },
        };
      },
    },
    {
      method: 'GET',
      path: `${BASE}/SummaryById/{sessionId}`,
      auth: 'full',
      handle: (ctx) => ({ status: 200, json: sessionSummary(visibleSession(engine, ctx), engine) }),
    },
    {
      method: 'GET',
      path: `${BASE}/{sessionId}`,
      auth: 'full',
      handle: (ctx) => ({ status: 200, json: activitySession(visibleSession(engine, ctx), engine) }),
    },
    {
      method: 'GET',
      path: `${BASE}/{sessionId}/Log`,
      auth: 'full',
      handle: (ctx) => {
        const q = parseQuery(ctx.query, LogQuerySchema);
        const rec = visibleSession(engine, ctx);
        const all = engine.logOf(rec);
        const text = (q.filterText ?? '').trim().toLowerCase();
        let numbered = all.map((line, i) => ({ line, n: i + 1 }));
        numbered = numbered.filter(
          ({ line }) =>
            (q.logLevel === undefined || (q.logLevel === 'error') === (line.e === 1)) &&
            (q.startDate === undefined || line.t >= q.startDate) &&
            (q.endDate === undefined || line.t <= q.endDate) &&
            (text === '' || line.m.toLowerCase().includes(text)),
        );
        if (q.orderDescending) numbered.reverse();
        return {
          status: 200,
          json: {
            lines: numbered.slice(q.skip, q.skip + q.take).map(({ line, n }) => logLineDto(line, n)),
            totalCount: numbered.length,
            version: String(all.length),
          },
        };
      },
    },
  ];
}
