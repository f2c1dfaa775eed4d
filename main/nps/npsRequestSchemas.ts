/**
 * Shapes of the NPS 4.2 answers used to request, approve and extend sessions, as published in
 * `reference/nps-api-4.2` (AccessControlPolicy/GetActivityCardsWithPolicies, ActivitySessionCandidateResources,
 * ActivitySession/CreateAsync). Lenient on what we do not read, strict on what we do.
 */
import { z } from 'zod';
import { NpsSessionSummary } from './npsSchemas';

const text = z.string().nullish();
const flag = z.boolean().nullish();
const count = z.number().nullish();
const enumValue = z.union([z.string(), z.number()]).nullish();

/** `ActivityCardWithPolicies.policies[]`: one access policy that grants the activity. */
export const NpsPolicyInfo = z.object({
  activityId: text,
  policyId: z.string().min(1),
  policyName: text,
  maxSessionLength: count,
  notesRequired: flag,
  ticketRequired: flag,
});
export type NpsPolicyInfo = z.infer<typeof NpsPolicyInfo>;

export const NpsActivityCard = z.object({
  id: z.string().min(1),
  name: text,
  description: text,
  activityType: enumValue,
  platformName: text,
  os: text,
  totalResources: count,
  policies: z.array(NpsPolicyInfo).nullish(),
});
export type NpsActivityCard = z.infer<typeof NpsActivityCard>;

export const NpsActivityCardPage = z.object({ data: z.array(NpsActivityCard), recordsTotal: z.number().int().min(0) });

export const NpsCandidateResource = z.object({
  id: z.string().min(1),
  name: text,
  os: text,
  platform: text,
  activityPolicies: z
    .array(
      z.object({
        activityId: text,
        policyId: text,
        policyName: text,
        maxSessionLength: count,
        notesRequired: flag,
        ticketRequired: flag,
      }),
    )
    .nullish(),
});
export type NpsCandidateResource = z.infer<typeof NpsCandidateResource>;

export const NpsCandidateResourcePage = z.object({
  data: z.array(NpsCandidateResource),
  recordsTotal: z.number().int().min(0),
});

/**
 * A `SessionSummary` with the ids the request flows need: whose it is (`userId`, `createdBy`, to keep an
 * approver's own requests off her dashboard) and what it is for (to find a session whose create timed out).
 */
export const NpsSummaryWithKeys = NpsSessionSummary.extend({
  userId: text,
  managedAccountId: text,
  createdBy: text,
  activityId: text,
  managedResourceId: text,
});
export type NpsSummaryWithKeys = z.infer<typeof NpsSummaryWithKeys>;
export const NpsSummaryWithKeysPage = z.object({
  data: z.array(NpsSummaryWithKeys),
  recordsTotal: z.number().int().min(0),
});

/** `ActivitySession`: what create and extend answer with. */
export const NpsActivitySession = z.object({
  id: z.string().min(1),
  status: enumValue,
  scheduledStartDateTimeUtc: text,
  scheduledEndDateTimeUtc: text,
  startDateTimeUtc: text,
  endDateTimeUtc: text,
  allowSessionExtension: flag,
});
export type NpsActivitySession = z.infer<typeof NpsActivitySession>;

/** The body of `POST /api/v1/ActivitySession` (ActivitySessionRequest); only what we set. */
export interface NpsSessionRequest {
  managedAccountId: string;
  activityId: string;
  accessPolicyId: string;
  managedResourceId: string;
  startDateTimeUtc: string | null;
  endDateTimeUtc: string | null;
  note: string | null;
  ticket: string | null;
}
