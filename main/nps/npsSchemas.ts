/**
 * The NPS 4.2 response shapes we use, as published in `reference/nps-api-4.2`. Lenient where the server
 * may add or omit (extra fields are dropped, optional fields may be null or missing), strict on what the
 * app reads: a wrong type there is a `bad_response`, not a blank cell.
 */
import { z } from 'zod';

const text = z.string().nullish();
const flag = z.boolean().nullish();
const count = z.number().nullish();
/** Enums travel as names in the published examples, but the schema says int32; accept both. */
const enumValue = z.union([z.string(), z.number()]).nullish();

export const NpsSessionSummary = z.object({
  id: z.string().min(1),
  hostDisplayName: text,
  userDisplayName: text,
  targetUserDisplayName: text,
  canViewPassword: flag,
  viewPasswordInSeconds: count,
  managedResourceName: text,
  managedResourceOs: text,
  managedResourceDisplayName: text,
  createdByDisplayName: text,
  startDateTimeUtc: text,
  actualStartDateTimeUtc: text,
  endDateTimeUtc: text,
  actualEndDateTimeUtc: text,
  createdDateTimeUtc: text,
  sessionStatus: enumValue,
  status: enumValue,
  statusMessage: text,
  activityName: text,
  activityType: enumValue,
  platformName: text,
  accessPolicyName: text,
  note: text,
  ticket: text,
  loginAccountName: text,
  locked: flag,
});
export type NpsSessionSummary = z.infer<typeof NpsSessionSummary>;

export const NpsSessionPage = z.object({
  data: z.array(NpsSessionSummary),
  recordsTotal: z.number().int().min(0),
});
export type NpsSessionPage = z.infer<typeof NpsSessionPage>;

export const NpsLogLine = z.object({
  statusString: text,
  status: enumValue,
  logMessage: text,
  lineNumber: count,
  timestamp: text,
});
export const NpsLogCollection = z.object({
  lines: z.array(NpsLogLine).nullish(),
  totalCount: count,
});
export type NpsLogCollection = z.infer<typeof NpsLogCollection>;

export const NpsLiveSessionRequest = z.object({
  activitySessionIds: z.array(z.string()).nullish(),
  locked: flag,
  lockMessage: text,
});
export type NpsLiveSessionRequest = z.infer<typeof NpsLiveSessionRequest>;

/** `/signinBody` and `/signin2fa` answer with the token as a bare JSON string. */
export const NpsToken = z
  .string()
  .min(16)
  .max(16_384)
  .regex(/^[\w.~+/=-]+$/, 'not a token');
