/**
 * The AccessControlPolicy look-ups a "create session" wizard needs: which activities (with which
 * policies) the user may run, which resources an activity/policy reaches, and names for display.
 */
import { z } from 'zod';
import type { Caller } from '../auth/signin';
import { PLATFORM_IDS, type Activity, type DirectoryUser, type Policy } from '../directory/types';
import { badRequest, forbidden, notFound } from '../http/problem';
import type { RequestContext, Route } from '../http/server';
import { BoolText, Guid, IntText, parseId, parseQuery } from '../http/validate';
import type { SessionEngine } from '../sessions/engine';

type Ctx = RequestContext<Caller | null>;
const BASE = '/api/v1/AccessControlPolicy';

const TableQuery = {
  skip: IntText(0, 2_147_483_647).default(0),
  take: IntText(1, 1000).default(100),
  orderBy: z.string().max(64).optional(),
  orderDescending: BoolText.optional(),
  filterText: z.string().max(256).optional(),
  filterColumns: z.array(z.string().max(64)).max(50),
};

const CardsQuery = z.object({
  ...TableQuery,
  managedAccountId: Guid.optional(),
  groupByPolicy: BoolText.optional(),
  includeCount: BoolText.optional(),
  includeData: BoolText.optional(),
});
const ResourcesQuery = z.object({
  ...TableQuery,
  activityId: Guid.optional(),
  policyId: Guid.optional(),
  managedAccountId: Guid.optional(),
});
const AccountCardsQuery = z.object({ ...TableQuery, groupByPolicy: BoolText.optional() });

function customFieldsNone(n: 1 | 2 | 3) {
  return {
    [`customField${n}Name`]: null,
    [`customField${n}Label`]: null,
    [`customField${n}Description`]: null,
    [`customField${n}Length`]: null,
    [`customField${n}Options`]: null,
    [`customField${n}CustomFieldDataType`]: 'String',
    [`customField${n}Required`]: false,
  };
}

export function accessPolicyRoutes(engine: SessionEngine): Route<Caller | null>[] {
  const me = (ctx: Ctx): DirectoryUser => ctx.user!.user;

  /** The account whose grants are asked for: the caller's own unless an administrator asks for another. */
  function accountOf(ctx: Ctx, requested: string | undefined, required: boolean): DirectoryUser {
    if (!requested) {
      if (required) throw badRequest('managedAccountId is required.', { managedAccountId: ['required'] });
      return me(ctx);
    }
    const id = requested.toLowerCase();
    if (id !== me(ctx).id && me(ctx).role !== 'admin')
      throw forbidden("Only an administrator may look at another user's policies.");
    const user = engine.users.get(id);
    if (!user) throw notFound(`Managed account ${requested} was not found.`);
    return user;
  }

  const resourcesOf = (policy: Policy, activity: Activity) =>
    policy.resourceIds
      .map((id) => engine.resources.get(id))
      .filter((r) => r !== undefined && r.platform === activity.platform);

  function latestStart(userId: string, activityId: string): string | null {
    const list = engine.store.entriesOfUser(userId);
    for (let i = list.length - 1; i >= 0; i--) {
      const rec = list[i]!.rec;
      if (rec.activityId === activityId && rec.actualStart !== null) return new Date(rec.actualStart).toISOString();
    }
    return null;
  }

  function policyInfo(user: DirectoryUser, activity: Activity, policy: Policy) {
    return {
      activityId: activity.id,
      managedAccountId: user.id,
      policyId: policy.id,
      policyName: policy.name,
      policyType: 'Resource',
      maxSessionLength: policy.maxSessionMinutes,
      notesRequired: policy.notesRequired,
      ticketRequired: policy.ticketRequired,
      activityCard: null,
      customFields: [],
    };
  }

  function cardBase(user: DirectoryUser, activity: Activity, policies: Policy[]) {
    const resources = new Set(policies.flatMap((p) => resourcesOf(p, activity).map((r) => r!.id)));
    const first = policies[0]!;
    return {
      id: activity.id,
      name: activity.name,
      description: activity.description,
      activityType: 'Interactive',
      resourceText: `${resources.size} ${activity.platform} resource${resources.size === 1 ? '' : 's'}`,
      platformId: PLATFORM_IDS[activity.platform],
      platformName: activity.platform,
      os: activity.platform,
      managedAccountId: user.id,
      totalResources: resources.size,
      latestSessionActualStartUtc: latestStart(user.id, activity.id),
      ...customFieldsNone(1),
      ...customFieldsNone(2),
      ...customFieldsNone(3),
      policyId: first.id,
      policyName: first.name,
      policyType: 'Resource',
    };
  }

  /** (activity, policies) pairs the user holds, optionally one per policy. */
  function grants(user: DirectoryUser, groupByPolicy: boolean): Array<{ activity: Activity; policies: Policy[] }> {
    const out: Array<{ activity: Activity; policies: Policy[] }> = [];
    for (const activity of engine.directory.activities) {
      const policies = engine.directory.policies.filter(
        (p) =>
          p.userIds.includes(user.id) && p.activityIds.includes(activity.id) && resourcesOf(p, activity).length > 0,
      );
      if (policies.length === 0) continue;
      if (groupByPolicy) for (const policy of policies) out.push({ activity, policies: [policy] });
      else out.push({ activity, policies });
    }
    return out;
  }

  function table<T>(
    items: T[],
    q: { skip: number; take: number; filterText?: string | undefined },
    text: (item: T) => string,
  ) {
    const filter = (q.filterText ?? '').trim().toLowerCase();
    const matched = filter ? items.filter((item) => text(item).toLowerCase().includes(filter)) : items;
    return { data: matched.slice(q.skip, q.skip + q.take), recordsTotal: matched.length };
  }

  const requireAdmin = (ctx: Ctx) => {
    if (me(ctx).role !== 'admin') throw forbidden('This look-up requires the administrator role.');
  };

  return [
    {
      method: 'GET',
      path: `${BASE}/ActivityCardWithPolicies`,
      auth: 'full',
      handle: (ctx) => {
        const q = parseQuery(ctx.query, CardsQuery);
        const user = accountOf(ctx, q.managedAccountId, true);
        const cards = grants(user, q.groupByPolicy ?? false).map(({ activity, policies }) => ({
          ...cardBase(user, activity, policies),
          policies: policies.map((p) => policyInfo(user, activity, p)),
        }));
        const result = table(cards, q, (c) => `${c.name} ${c.description} ${c.platformName}`);
        return {
          status: 200,
          json: {
            data: result.data.map(({ policyId, policyName, policyType, ...rest }) => ({
              ...rest,
              policyId,
              policyName,
              policyType,
            })),
            recordsTotal: result.recordsTotal,
          },
        };
      },
    },
    {
      method: 'GET',
      path: `${BASE}/ManagedAccount/{managedAccountId}`,
      auth: 'full',
      handle: (ctx) => {
        const q = parseQuery(ctx.query, AccountCardsQuery);
        const user = accountOf(ctx, parseId(ctx.params.managedAccountId, 'managedAccountId'), true);
        const cards = grants(user, true).map(({ activity, policies }) => {
          const policy = policies[0]!;
          return {
            ...cardBase(user, activity, policies),
            notesRequired: policy.notesRequired,
            ticketRequired: policy.ticketRequired,
            maxSessionLength: policy.maxSessionMinutes,
          };
        });
        return { status: 200, json: table(cards, q, (c) => `${c.name} ${c.policyName}`) };
      },
    },
    {
      method: 'GET',
      path: `${BASE}/ActivitySessionResources`,
      auth: 'full',
      handle: (ctx) => {
        const q = parseQuery(ctx.query, ResourcesQuery);
        const user = accountOf(ctx, q.managedAccountId, true);
        const activityId = q.activityId?.toLowerCase();
        const policyId = q.policyId?.toLowerCase();
        if (activityId && !engine.activities.has(activityId)) throw notFound(`Activity ${activityId} was not found.`);
        if (policyId && !engine.policies.has(policyId)) throw notFound(`Access policy ${policyId} was not found.`);
        const byResource = new Map<
          string,
          {
            resource: NonNullable<ReturnType<typeof resourcesOf>[number]>;
            pairs: Array<{ activity: Activity; policy: Policy }>;
          }
        >();
        for (const policy of engine.directory.policies) {
          if (!policy.userIds.includes(user.id) || (policyId && policy.id !== policyId)) continue;
          for (const id of policy.activityIds) {
            if (activityId && id !== activityId) continue;
            const activity = engine.activities.get(id);
            if (!activity) continue;
            for (const resource of resourcesOf(policy, activity)) {
              const entry = byResource.get(resource!.id) ?? { resource: resource!, pairs: [] };
              entry.pairs.push({ activity, policy });
              byResource.set(resource!.id, entry);
            }
          }
        }
        const rows = [...byResource.values()]
          .sort((a, b) => a.resource.name.localeCompare(b.resource.name))
          .map(({ resource, pairs }) => ({
            id: resource.id,
            policyType: 'Resource',
            activityPolicies: pairs.map(({ activity, policy }) => ({
              activityId: activity.id,
              activityName: activity.name,
              policyId: policy.id,
              policyName: policy.name,
              platformId: PLATFORM_IDS[activity.platform],
              isDeleted: false,
              notesRequired: policy.notesRequired,
              ticketRequired: policy.ticketRequired,
              maxSessionLength: policy.maxSessionMinutes,
            })),
            name: resource.name,
            os: resource.os,
            platform: resource.platform,
          }));
        return {
          status: 200,
          json: table(rows, q, (r) => `${r.name} ${r.os} ${engine.resources.get(r.id)?.displayName ?? ''}`),
        };
      },
    },
    {
      method: 'GET',
      path: `${BASE}/Names`,
      auth: 'full',
      handle: (ctx) => {
        requireAdmin(ctx);
        return { status: 200, json: engine.directory.policies.map((p) => ({ id: p.id, name: p.name })) };
      },
    },
    {
      method: 'GET',
      path: `${BASE}/Lookup/{policyId}/Activity`,
      auth: 'full',
      handle: (ctx) => {
        requireAdmin(ctx);
        const id = parseId(ctx.params.policyId, 'policyId');
        const policy = engine.policies.get(id);
        if (!policy) throw notFound(`Access policy ${id} was not found.`);
        const lookup: Record<string, string> = {};
        for (const activityId of policy.activityIds) {
          const activity = engine.activities.get(activityId);
          if (activity) lookup[activity.id] = activity.name;
        }
        return { status: 200, json: lookup };
      },
    },
  ];
}
