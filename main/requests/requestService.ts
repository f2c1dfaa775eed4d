/**
 * Create Session and Extend: what the signed-in user may request (activities with their policies, the
 * resources of one choice), the request itself and extending a session. Every write is sent once. When a
 * create times out the server may or may not have made the session, so instead of sending it again we look
 * for it on the user's dashboard and report what we found.
 */
import type {
  CreateSessionRequest,
  CreatedSessions,
  Extended,
  RequestOptions,
  RequestPolicy,
  ResourceList,
} from '../../contract';
import type { NpsSessionApi } from '../nps/npsClient';
import type { NpsActivityCard, NpsSessionRequest } from '../nps/npsRequestSchemas';
import { PamError, isPamError } from '../errors/pamError';
import type { Logger } from '../log/logger';

export interface RequestService {
  options(): Promise<RequestOptions>;
  resources(activityId: string, policyId: string): Promise<ResourceList>;
  create(request: CreateSessionRequest): Promise<CreatedSessions>;
  extend(id: string, minutes: number): Promise<Extended>;
}

export interface RequestServiceDeps {
  call<T>(fn: (api: NpsSessionApi) => Promise<T>): Promise<T>;
  /**
   * Runs after a change so the dashboard shows it without waiting for the next poll; awaited, so the new
   * session is on the dashboard by the time the create resolves.
   */
  afterChange(): void | Promise<void>;
  log: Logger;
  now?: () => number;
}

/** A start this far in the past is still "now" (the form was open a moment); beyond it, it is refused. */
const START_GRACE_MS = 60_000;
/** How far back a session found after a timed-out create may have been created (clock skew included). */
const RECOVERY_WINDOW_MS = 2 * 60_000;

/** A refresh that fails is the feed's to report; the write itself succeeded. */
async function settle(pending: void | Promise<void>): Promise<void> {
  try {
    await pending;
  } catch {
    // the feed shows its own status
  }
}

export function policyOf(card: NpsActivityCard, policyId: string): RequestPolicy | null {
  const found = (card.policies ?? []).find((p) => p.policyId.toLowerCase() === policyId.toLowerCase());
  return found ? toRequestPolicy(found) : null;
}

function toRequestPolicy(p: NonNullable<NpsActivityCard['policies']>[number]): RequestPolicy {
  const max = p.maxSessionLength;
  return {
    id: p.policyId,
    name: p.policyName ?? '',
    maxMinutes: typeof max === 'number' && max > 0 ? Math.floor(max) : null,
    notesRequired: p.notesRequired === true,
    ticketRequired: p.ticketRequired === true,
  };
}

export function createRequestService(deps: RequestServiceDeps): RequestService {
  const now = deps.now ?? Date.now;

  const accountOf = (api: NpsSessionApi): string => {
    const id = api.managedAccountId();
    if (!id) throw new PamError('bad_response', 'The server’s sign-in token does not say who you are.');
    return id;
  };

  /** The rules of the form, checked again here: the renderer is not the only way in. */
  function refusal(request: CreateSessionRequest, policy: RequestPolicy): string | null {
    if (policy.maxMinutes !== null && request.durationMinutes > policy.maxMinutes)
      return `Policy '${policy.name}' allows at most ${policy.maxMinutes} minutes.`;
    if (policy.ticketRequired && !request.ticket) return `Policy '${policy.name}' requires a ticket number.`;
    if (policy.notesRequired && !request.note) return `Policy '${policy.name}' requires notes.`;
    if (request.startAt !== null && Date.parse(request.startAt) < now() - START_GRACE_MS)
      return 'The scheduled start is in the past.';
    return null;
  }

  return {
    async options() {
      const cards = await deps.call((api) => api.requests.activityCards(accountOf(api)));
      return {
        activities: cards
          .map((card) => ({
            id: card.id,
            name: card.name ?? '',
            description: card.description ?? '',
            platform: card.platformName || card.os || '',
            resourceCount: Math.max(0, Math.floor(card.totalResources ?? 0)),
            policies: (card.policies ?? []).map(toRequestPolicy),
          }))
          .filter((activity) => activity.policies.length > 0)
          .sort((a, b) => a.name.localeCompare(b.name)),
      };
    },

    async resources(activityId, policyId) {
      const rows = await deps.call((api) => api.requests.candidateResources(accountOf(api), activityId, policyId));
      return {
        activityId,
        policyId,
        resources: rows
          .map((row) => ({ id: row.id, name: row.name ?? '', os: row.os || row.platform || '' }))
          .sort((a, b) => a.name.localeCompare(b.name)),
      };
    },

    async create(request) {
      const cards = await deps.call((api) => api.requests.activityCards(accountOf(api)));
      const card = cards.find((c) => c.id.toLowerCase() === request.activityId.toLowerCase());
      const policy = card ? policyOf(card, request.policyId) : null;
      if (!card || !policy)
        throw new PamError('forbidden', 'You may no longer request this activity under this policy.');
      const refused = refusal(request, policy);
      if (refused) throw new PamError('invalid_input', refused);

      const sentAt = now();
      const start = request.startAt === null ? null : Math.max(Date.parse(request.startAt), sentAt);
      // The policy's full length is asked for without an end: the server then applies its own maximum, so a
      // clock a little ahead of the server's cannot turn "the maximum" into "beyond the maximum".
      const full = policy.maxMinutes !== null && request.durationMinutes === policy.maxMinutes;
      const end = full ? null : (start ?? sentAt) + request.durationMinutes * 60_000;
      const body = (accountId: string): NpsSessionRequest[] =>
        [...new Set(request.resourceIds)].map((resourceId) => ({
          managedAccountId: accountId,
          activityId: request.activityId,
          accessPolicyId: request.policyId,
          managedResourceId: resourceId,
          startDateTimeUtc: start === null ? null : new Date(start).toISOString(),
          endDateTimeUtc: end === null ? null : new Date(end).toISOString(),
          note: request.note || null,
          ticket: request.ticket || null,
        }));

      // What of this kind exists already, so that after a timeout only a session this request made is taken
      // for it (the user may hold an older one on the same resource). Best effort: without it, the time window.
      const existing = await matchingSessions(request, sentAt)
        .then((rows) => new Set(rows))
        .catch(() => new Set<string>());
      try {
        const created = await deps.call((api) => api.requests.createSessions(body(accountOf(api))));
        deps.log.info(`[requests] created ${created.length} session(s) for activity ${request.activityId}`);
        return { ids: created.map((s) => s.id), recovered: false };
      } catch (error) {
        if (!isPamError(error) || error.code !== 'timeout') throw error;
        deps.log.warn('[requests] the create request timed out; looking for the session instead of sending again');
        const found = (await matchingSessions(request, sentAt).catch(() => [])).filter((id) => !existing.has(id));
        if (found.length > 0) return { ids: found, recovered: true };
        throw new PamError(
          'timeout',
          'The server did not answer in time. PAM Desk did not send the request again: if the server made the session it appears on your dashboard in a moment; request it again only if it does not.',
        );
      } finally {
        await settle(deps.afterChange());
      }
    },

    async extend(id, minutes) {
      const session = await deps.call((api) => api.requests.extend(id, minutes));
      deps.log.info(`[requests] extended ${id} by ${minutes} minutes`);
      await settle(deps.afterChange());
      return { id: session.id, endAt: session.scheduledEndDateTimeUtc ?? session.endDateTimeUtc ?? null };
    },
  };

  /** The user's active sessions of this activity on these resources, created since shortly before `sentAt`. */
  async function matchingSessions(request: CreateSessionRequest, sentAt: number): Promise<string[]> {
    const rows = await deps.call((api) => api.requests.summariesWithKeys('mine', 'active'));
    const resources = new Set(request.resourceIds.map((id) => id.toLowerCase()));
    return rows
      .filter(
        (row) =>
          row.activityId?.toLowerCase() === request.activityId.toLowerCase() &&
          resources.has(row.managedResourceId?.toLowerCase() ?? '') &&
          Date.parse(row.createdDateTimeUtc ?? '') >= sentAt - RECOVERY_WINDOW_MS,
      )
      .map((row) => row.id);
  }
}
