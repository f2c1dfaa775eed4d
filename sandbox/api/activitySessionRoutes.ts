/** The ActivitySession endpoints of the NPS 4.2 API that a desktop client needs. */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Caller } from '../auth/signin';
import type { DirectoryUser } from '../directory/types';
import { HttpProblem, badRequest, forbidden, notFound, conflict } from '../http/problem';
import type { RequestContext, Route } from '../http/server';
import { BoolText, DateText, Guid, IntText, normalizeKeys, parseId, parseOrThrow, parseQuery } from '../http/validate';
import type { ProxySettings } from '../options';
import type { CreateInput, SessionEngine } from '../sessions/engine';
import { SUMMARY_STATUSES, type SessionRecord } from '../sessions/model';
import { canDecide, canEnd, canExtend, canLaunch, canSee, canViewPassword, listScope } from '../sessions/permissions';
import { type StatusFilter, type SummaryQuery, orderKeys, runQuery } from '../sessions/query';
import { activitySession, logLineDto, sessionSummary } from '../sessions/views';

type Ctx = RequestContext<Caller | null>;

const MAX_TAKE = 1000;
const DEFAULT_TAKE = 100;
const MAX_NAMES = 100;
const BASE = '/api/v1/ActivitySession';

const NameList = z.array(z.string().trim().min(1).max(256)).max(MAX_NAMES);

const SummaryQuerySchema = z
  .object({
    skip: IntText(0, 2_147_483_647).default(0),
    take: IntText(1, MAX_TAKE).default(DEFAULT_TAKE),
    orderBy: z.string().trim().max(64).optional(),
    orderDescending: BoolText.optional(),
    filterText: z.string().max(256).optional(),
    metadataFilterText: z.string().max(256).optional(),
    startDate: DateText.optional(),
    endDate: DateText.optional(),
    resourceName: NameList,
    userName: NameList,
    userId: Guid.optional(),
    userGroupId: Guid.optional(),
    filterUserType: z.enum(['User', 'Application', 'Local']).optional(),
    streamType: z.string().max(64).optional(),
  })
  .refine((q) => q.startDate === undefined || q.endDate === undefined || q.startDate <= q.endDate, {
    message: 'startDate must not be after endDate',
    path: ['startDate'],
  });

const SUMMARY_QUERY_NAMES = {
  one: [
    'skip',
    'take',
    'orderBy',
    'orderDescending',
    'filterText',
    'metadataFilterText',
    'startDate',
    'endDate',
    'userId',
    'userGroupId',
    'filterUserType',
    'streamType',
  ],
  many: ['resourceName', 'userName'],
};

const SearchQuerySchema = z
  .object({
    skip: IntText(0, 2_147_483_647).default(0),
    take: IntText(1, MAX_TAKE).default(DEFAULT_TAKE),
    orderBy: z.string().trim().max(64).optional(),
    orderDescending: BoolText.optional(),
    filterText: z.string().max(256).optional(),
    filterDateTimeMin: DateText.optional(),
    filterDateTimeMax: DateText.optional(),
    filterTopUsersType: z
      .string()
      .transform((v) => v.toLowerCase())
      .pipe(z.enum(['none', 'everyone', 'top5', 'top10']))
      .optional(),
  })
  .refine(
    (q) =>
      q.filterDateTimeMin === undefined ||
      q.filterDateTimeMax === undefined ||
      q.filterDateTimeMin <= q.filterDateTimeMax,
    {
      message: 'filterDateTimeMin must not be after filterDateTimeMax',
      path: ['filterDateTimeMin'],
    },
  );

const LogQuerySchema = z.object({
  logLevel: z
    .string()
    .transform((v) => v.toLowerCase())
    .pipe(z.enum(['info', 'error']))
    .optional(),
  skip: IntText(0, 2_147_483_647).default(0),
  take: IntText(1, 10_000).default(1000),
  orderDescending: BoolText.optional(),
  filterText: z.string().max(256).optional(),
  startDate: DateText.optional(),
  endDate: DateText.optional(),
});

const Text = (max: number) => z.string().max(max).nullable().optional();

const CREATE_FIELDS = [
  'createdBy',
  'createdByUserName',
  'createdFromAddress',
  'activitySessionGroupId',
  'managedAccountId',
  'managedResourceId',
  'managedResourceName',
  'activityId',
  'accessPolicyId',
  'credentialId',
  'credentialDomain',
  'credentialUsername',
  'credentialName',
  'startDateTimeUtc',
  'endDateTimeUtc',
  'activityName',
  'note',
  'ticket',
  'customFields',
] as const;

const NullableDate = z.union([DateText, z.null()]).optional();

const CreateSchema = z.object({
  createdBy: Guid.nullable().optional(),
  createdByUserName: Text(256),
  createdFromAddress: Text(256),
  activitySessionGroupId: Guid.nullable().optional(),
  managedAccountId: Guid,
  managedResourceId: Guid.nullable().optional(),
  managedResourceName: Text(256),
  activityId: Guid,
  accessPolicyId: Guid.nullable().optional(),
  credentialId: Guid.nullable().optional(),
  credentialDomain: Text(256),
  credentialUsername: Text(256),
  credentialName: Text(256),
  startDateTimeUtc: NullableDate,
  endDateTimeUtc: NullableDate,
  activityName: Text(256),
  note: Text(2000),
  ticket: Text(256),
  customFields: z
    .array(
      z.object({
        policyId: Guid.nullable().optional(),
        customFieldDataType: z.enum(['Integer', 'String', 'Options']).nullable().optional(),
        name: Text(256),
        value: Text(2000),
      }),
    )
    .max(3)
    .nullable()
    .optional(),
});

const LockSchema = z.object({
  id: Guid.optional(),
  activitySessionIds: z.array(Guid).min(1, 'at least one session id').max(MAX_TAKE),
  lockMessage: Text(1000),
  lockTitle: Text(256),
  locked: z.boolean(),
  lockActivity: z.boolean().optional(),
  lockResource: z.boolean().optional(),
  lockUser: z.boolean().optional(),
});

const ExtendMinutes = z
  .number()
  .int('minutes must be a whole number')
  .min(1, 'at least 1 minute')
  .max(1440, 'at most 1440 minutes');

function toCreateInput(body: z.output<typeof CreateSchema>): CreateInput {
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

export function activitySessionRoutes(engine: SessionEngine, proxy: ProxySettings): Route<Caller | null>[] {
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

  const me = (ctx: Ctx): DirectoryUser => ctx.user!.user;

  /** The session, if the caller may see it; 404 otherwise so ids of others' sessions are not confirmed. */
  function visibleSession(ctx: Ctx, param = 'sessionId'): SessionRecord {
    const id = parseId(ctx.params[param], param);
    const rec = engine.store.get(id);
    if (!rec || !canSee(me(ctx), rec, engine)) throw notFound(`Session ${id} was not found.`);
    return rec;
  }

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

  function summaryQuery(ctx: Ctx, status: StatusFilter, where?: (rec: SessionRecord) => boolean): SummaryQuery {
    const q = parseQuery(ctx.query, SUMMARY_QUERY_NAMES, SummaryQuerySchema);
    const userId = q.userId?.toLowerCase();
    const combined = userId ? (rec: SessionRecord) => rec.userId === userId && (where ? where(rec) : true) : where;
    const query: SummaryQuery = {
      status,
      skip: q.skip,
      take: q.take,
      ...orderOf(q.orderBy, q.orderDescending),
      filterText: (q.filterText ?? '').trim().toLowerCase(),
      startMs: q.startDate ?? null,
      endMs: q.endDate ?? null,
      resourceNames: q.resourceName.map((n) => n.toLowerCase()),
      userNames: q.userName.map((n) => n.toLowerCase()),
    };
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

  /** Count and duration statistics in seconds (a loop: spreading 100,000 values into Math.min would overflow the stack). */
  function durations(records: SessionRecord[]) {
    const now = engine.now();
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

  async function readCreateBody(ctx: Ctx, many: boolean): Promise<CreateInput[]> {
    const body = await ctx.readJson();
    if (body === undefined) throw badRequest('A request body is required.');
    if (many) {
      if (!Array.isArray(body)) throw badRequest('The body must be an array of ActivitySessionRequest objects.');
      if (body.length === 0 || body.length > 50) throw badRequest('A group holds between 1 and 50 requests.');
      return body.map((item, i) =>
        toCreateInput(parseOrThrow(CreateSchema, normalizeKeys(item, CREATE_FIELDS), `Request [${i}]`)),
      );
    }
    return [toCreateInput(parseOrThrow(CreateSchema, normalizeKeys(body, CREATE_FIELDS), 'The request'))];
  }

  function requireActiveForLaunch(rec: SessionRecord, protocol: 'rdp' | 'ssh'): void {
    const activity = engine.activities.get(rec.activityId)!;
    if (activity.protocol !== protocol)
      throw conflict(
        `The session's activity '${activity.name}' uses ${activity.protocol.toUpperCase()}, not ${protocol.toUpperCase()}.`,
      );
    if (rec.state !== 'active') throw conflict('The session is not available yet or has ended.');
    if (rec.locked) throw conflict('The session is locked.');
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
        const q = parseQuery(
          ctx.query,
          {
            one: [
              'skip',
              'take',
              'orderBy',
              'orderDescending',
              'filterText',
              'filterDateTimeMin',
              'filterDateTimeMax',
              'filterTopUsersType',
            ],
          },
          SearchQuerySchema,
        );
        const result = runQuery(
          engine.store.entries(),
          engine.store.descriptors,
          {
            status: { kind: 'any' },
            skip: q.skip,
            take: q.take,
            ...orderOf(q.orderBy, q.orderDescending),
            filterText: (q.filterText ?? '').trim().toLowerCase(),
            startMs: q.filterDateTimeMin ?? null,
            endMs: q.filterDateTimeMax ?? null,
            resourceNames: [],
            userNames: [],
          },
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
        const limit = { none: 0, everyone: Infinity, top5: 5, top10: 10 }[q.filterTopUsersType ?? 'top5'];
        const topUsers = [...byUser.entries()]
          .sort((a, b) => b[1].length - a[1].length)
          .slice(0, limit)
          .map(([userId, records]) => ({
            managedAccountId: userId,
            managedAccountName: engine.users.get(userId)?.login ?? null,
            ...durations(records),
          }));
        return {
          status: 200,
          json: {
            data: result.page.map((rec) => sessionSummary(rec, engine)),
            recordsTotal: result.total,
            topUsers,
            summary: durations(all),
          },
        };
      },
    },
    {
      method: 'GET',
      path: `${BASE}/SummaryById/{sessionId}`,
      auth: 'full',
      handle: (ctx) => ({ status: 200, json: sessionSummary(visibleSession(ctx), engine) }),
    },
    {
      method: 'GET',
      path: `${BASE}/{sessionId}`,
      auth: 'full',
      handle: (ctx) => ({ status: 200, json: activitySession(visibleSession(ctx), engine) }),
    },
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
        const rec = visibleSession(ctx);
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
        const rec = visibleSession(ctx);
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
        const notes =
          parseQuery(ctx.query, { one: ['notes'] }, z.object({ notes: z.string().max(2000).optional() })).notes ?? null;
        const rec = visibleSession(ctx);
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
        const body = await ctx.readJson();
        const notes = parseOrThrow(z.string().max(2000).nullable().optional(), body, 'The denial note');
        const rec = visibleSession(ctx);
        if (!canDecide(me(ctx), rec, engine)) throw forbidden('You may not decide on this request.');
        engine.deny(rec, me(ctx), notes?.trim() || null);
        return { status: 200 };
      },
    },
    {
      method: 'GET',
      path: `${BASE}/{sessionId}/CanViewPassword`,
      auth: 'full',
      handle: (ctx) => {
        const rec = visibleSession(ctx);
        return { status: 200, json: canViewPassword(me(ctx), rec) && engine.passwordRefusal(rec) === null };
      },
    },
    {
      method: 'GET',
      path: `${BASE}/{sessionId}/Password`,
      auth: 'full',
      handle: (ctx) => {
        const rec = visibleSession(ctx);
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
        const rec = visibleSession(ctx);
        if (!canLaunch(me(ctx), rec)) throw forbidden('Only the session owner may launch it.');
        requireActiveForLaunch(rec, 'rdp');
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
        const rec = visibleSession(ctx);
        if (!canLaunch(me(ctx), rec)) throw forbidden('Only the session owner may launch it.');
        requireActiveForLaunch(rec, 'ssh');
        const url = `ssh://${encodeURIComponent(connectionString(rec))}@${proxy.host}:${proxy.sshPort}`;
        return { status: 200, json: proxy.sshUrlFor ? proxy.sshUrlFor(rec.id, url) : url };
      },
    },
    {
      method: 'GET',
      path: `${BASE}/{sessionId}/Log`,
      auth: 'full',
      handle: (ctx) => {
        const q = parseQuery(
          ctx.query,
          { one: ['logLevel', 'skip', 'take', 'orderDescending', 'filterText', 'startDate', 'endDate'] },
          LogQuerySchema,
        );
        const rec = visibleSession(ctx);
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
    {
      method: 'PUT',
      path: `${BASE}/lock`,
      auth: 'full',
      handle: async (ctx) => {
        if (me(ctx).role !== 'admin') throw forbidden('Locking sessions requires the administrator role.');
        const body = parseOrThrow(
          LockSchema,
          normalizeKeys(await ctx.readJson(), [
            'id',
            'activitySessionIds',
            'lockMessage',
            'lockTitle',
            'locked',
            'lockActivity',
            'lockResource',
            'lockUser',
          ]),
          'The lock request',
        );
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
