/**
 * Payloads and results of Create Session, the Approvals dashboard and Extend (issue 11). Kept apart from
 * `schemas.ts` so the request capability can grow without touching the session shapes.
 */
import { z } from 'zod';
import { SessionUiStatus, Uuid } from './schemas';

// ── Create Session (the Activity Request window) ───────────────────────────

/** An access policy that grants an activity: what the form must enforce before sending. */
export const RequestPolicy = z.object({
  id: z.string(),
  name: z.string(),
  /** The longest session the policy allows, in minutes; null when the server does not say. */
  maxMinutes: z.number().int().positive().nullable(),
  notesRequired: z.boolean(),
  ticketRequired: z.boolean(),
});
export type RequestPolicy = z.infer<typeof RequestPolicy>;

export const RequestActivity = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  platform: z.string(),
  resourceCount: z.number().int().min(0),
  policies: z.array(RequestPolicy),
});
export type RequestActivity = z.infer<typeof RequestActivity>;

export const RequestOptions = z.object({ activities: z.array(RequestActivity) });
export type RequestOptions = z.infer<typeof RequestOptions>;

export const ResourcesRequest = z.object({ activityId: Uuid, policyId: Uuid });
export const RequestResource = z.object({ id: z.string(), name: z.string(), os: z.string() });
export type RequestResource = z.infer<typeof RequestResource>;
export const ResourceList = z.object({
  activityId: z.string(),
  policyId: z.string(),
  resources: z.array(RequestResource),
});
export type ResourceList = z.infer<typeof ResourceList>;

/** The longest session any policy could grant; the policy's own maximum is checked in main and by the server. */
export const MAX_REQUEST_MINUTES = 7 * 24 * 60;

export const CreateSessionRequest = z.object({
  activityId: Uuid,
  policyId: Uuid,
  /** Several resources make one group request (`POST ActivitySession/Group`). */
  resourceIds: z.array(Uuid).min(1, 'choose a resource').max(50, 'at most 50 resources at once'),
  /** Null: start now. */
  startAt: z.string().datetime({ offset: true }).nullable(),
  durationMinutes: z.number().int().min(1).max(MAX_REQUEST_MINUTES),
  ticket: z.string().trim().max(256).default(''),
  note: z.string().trim().max(2000).default(''),
});
export type CreateSessionRequest = z.infer<typeof CreateSessionRequest>;

export const CreatedSessions = z.object({
  ids: z.array(z.string()),
  /** True when the server did not answer in time and the sessions were found on the dashboard instead. */
  recovered: z.boolean(),
});
export type CreatedSessions = z.infer<typeof CreatedSessions>;

// ── Approvals dashboard ─────────────────────────────────────────────────────

export const ApprovalItem = z.object({
  id: z.string(),
  status: SessionUiStatus,
  requester: z.string(),
  activity: z.string(),
  resource: z.string(),
  policy: z.string(),
  requestedAt: z.string().nullable(),
  startAt: z.string().nullable(),
  endAt: z.string().nullable(),
  durationMinutes: z.number().nullable(),
  ticket: z.string(),
  note: z.string(),
});
export type ApprovalItem = z.infer<typeof ApprovalItem>;

export const Decision = z.enum(['approve', 'deny']);
export type Decision = z.infer<typeof Decision>;

export const DecidedItem = ApprovalItem.extend({
  decision: Decision,
  comment: z.string(),
  decidedAt: z.string(),
});
export type DecidedItem = z.infer<typeof DecidedItem>;

export const ApprovalList = z.object({
  pending: z.array(ApprovalItem),
  /** What this user decided since signing in on this computer, newest first, with its status now. */
  decided: z.array(DecidedItem),
  fetchedAt: z.string(),
  /** When the dashboard should ask again. */
  pollMs: z.number().int().positive(),
});
export type ApprovalList = z.infer<typeof ApprovalList>;

export const DecisionRequest = z.object({
  ids: z.array(Uuid).min(1).max(100),
  decision: Decision,
  comment: z.string().trim().max(2000).default(''),
});

// ── Extend ──────────────────────────────────────────────────────────────────

export const ExtendRequest = z.object({ id: Uuid, minutes: z.number().int().min(1).max(1440) });
export const Extended = z.object({ id: z.string(), endAt: z.string().nullable() });
export type Extended = z.infer<typeof Extended>;
