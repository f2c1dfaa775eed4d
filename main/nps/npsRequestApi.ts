/**
 * The NPS calls behind Create Session, the Approvals dashboard and Extend. Writes (create, approve, deny,
 * extend) are sent exactly once: the transport retries GETs only, so a timeout here never sends a second
 * request; the caller decides what a timeout means (see `main/requests/requestService.ts`).
 */
import type { z } from 'zod';
import type { HttpRequest } from './httpTransport';
import {
  NpsActivityCardPage,
  NpsActivitySession,
  NpsCandidateResourcePage,
  NpsSummaryWithKeysPage,
  type NpsActivityCard,
  type NpsSummaryWithKeys,
  type NpsCandidateResource,
  type NpsSessionRequest,
} from './npsRequestSchemas';

export interface NpsRequestApi {
  /** `GET AccessControlPolicy/ActivityCardWithPolicies`: what the account may do, with the granting policies. */
  activityCards(managedAccountId: string): Promise<NpsActivityCard[]>;
  /** `GET AccessControlPolicy/ActivitySessionResources`: every resource the activity reaches under the policy. */
  candidateResources(managedAccountId: string, activityId: string, policyId: string): Promise<NpsCandidateResource[]>;
  /** `POST ActivitySession` (one resource) or `POST ActivitySession/Group` (several, one group request). */
  createSessions(requests: NpsSessionRequest[]): Promise<Array<z.output<typeof NpsActivitySession>>>;
  /** Every page of `MySummaryByStatus/{status}` ('mine') or `SummaryByStatus/{status}` ('all'), with ids. */
  summariesWithKeys(scope: 'mine' | 'all', status: string): Promise<NpsSummaryWithKeys[]>;
  /** `POST ActivitySession/{id}/Approve?notes=`. */
  approve(id: string, notes: string): Promise<void>;
  /** `POST ActivitySession/{id}/Deny` with the note as a JSON string. */
  deny(id: string, notes: string): Promise<void>;
  /** `POST ActivitySession/{id}/Extend` with the minutes; resolves with the session as it now is. */
  extend(id: string, minutes: number): Promise<z.output<typeof NpsActivitySession>>;
}

export interface RequestApiDeps {
  token: string;
  send(request: HttpRequest): Promise<{ body: string; contentType: string }>;
  json<S extends z.ZodType>(request: HttpRequest, schema: S, what: string): Promise<z.output<S>>;
}

const PAGE = 1000;
const MAX_PAGES = 100;
const SESSION = '/api/v1/ActivitySession';
const POLICY = '/api/v1/AccessControlPolicy';

export function npsRequestApi({ token, send, json }: RequestApiDeps): NpsRequestApi {
  async function allPages<T>(fetch: (skip: number) => Promise<{ data: T[]; recordsTotal: number }>): Promise<T[]> {
    const rows: T[] = [];
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const result = await fetch(rows.length);
      rows.push(...result.data);
      if (result.data.length < PAGE || rows.length >= result.recordsTotal) break;
    }
    return rows;
  }

  return {
    activityCards(managedAccountId) {
      return allPages((skip) =>
        json(
          {
            method: 'GET',
            path: `${POLICY}/ActivityCardWithPolicies`,
            query: { managedAccountId, skip, take: PAGE },
            token,
          },
          NpsActivityCardPage,
          'the activities you may request',
        ),
      );
    },
    candidateResources(managedAccountId, activityId, policyId) {
      return allPages((skip) =>
        json(
          {
            method: 'GET',
            path: `${POLICY}/ActivitySessionResources`,
            query: { managedAccountId, activityId, policyId, skip, take: PAGE },
            token,
          },
          NpsCandidateResourcePage,
          'the resources of the activity',
        ),
      );
    },
    async createSessions(requests) {
      if (requests.length === 1) {
        return [
          await json(
            { method: 'POST', path: SESSION, body: requests[0], token },
            NpsActivitySession,
            'the new session',
          ),
        ];
      }
      return json(
        { method: 'POST', path: `${SESSION}/Group`, body: requests, token },
        NpsActivitySession.array(),
        'the new sessions',
      );
    },
    summariesWithKeys(scope, status) {
      const route = scope === 'mine' ? 'MySummaryByStatus' : 'SummaryByStatus';
      return allPages((skip) =>
        json(
          {
            method: 'GET',
            path: `${SESSION}/${route}/${encodeURIComponent(status)}`,
            query: { skip, take: PAGE },
            token,
          },
          NpsSummaryWithKeysPage,
          'the session list',
        ),
      );
    },
    async approve(id, notes) {
      await send({
        method: 'POST',
        path: `${SESSION}/${encodeURIComponent(id)}/Approve`,
        ...(notes ? { query: { notes } } : {}),
        token,
      });
    },
    async deny(id, notes) {
      await send({ method: 'POST', path: `${SESSION}/${encodeURIComponent(id)}/Deny`, body: notes, token });
    },
    extend(id, minutes) {
      return json(
        { method: 'POST', path: `${SESSION}/${encodeURIComponent(id)}/Extend`, body: minutes, token },
        NpsActivitySession,
        'the extended session',
      );
    },
  };
}
