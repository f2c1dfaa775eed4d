/**
 * The NPS 4.2 response shapes we use, as published in `reference/nps-api-4.2`. Lenient where the server
 * may add or omit: extra fields are dropped, and every field the Models tables mark `¦null` or not
 * required may be null or missing (a list's `data: null` is an empty list, a missing `recordsTotal` is
 * null). Strict on what the app reads: a wrong type there is a `bad_response`, not a blank cell.
 * Dates come out as canonical ISO UTC (see `npsDates.ts`); enums stay as sent (see `npsEnums.ts`).
 */
import { z } from 'zod';
import { normalizeNpsDate } from './npsDates';

const text = z.string().nullish();
const flag = z.boolean().nullish();
const count = z.number().nullish();
/** A date-time as any .NET server writes it → ISO UTC with `Z`, or null when missing or unreadable. */
const date = z
  .string()
  .nullish()
  .transform((value) => normalizeNpsDate(value))
  .optional();
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
  startDateTimeUtc: date,
  actualStartDateTimeUtc: date,
  endDateTimeUtc: date,
  actualEndDateTimeUtc: date,
  createdDateTimeUtc: date,
  sessionStatus: enumValue,
  status: enumValue,
  statusMessage: text,
  activityName: text,
  activityType: enumValue,
  platformName: text,
  userType: enumValue,
  managedResourceType: enumValue,
  accessPolicyName: text,
  note: text,
  ticket: text,
  loginAccountName: text,
  locked: flag,
  connectionUri: text,
  loginDisplayName: text,
  domainName: text,
  /** Only what the connection attributes need; the rest of ProxySession (recordings) is not read here. */
  proxySessions: z.array(z.object({ type: text, active: flag, startDateTimeUtc: date }).nullish()).nullish(),
});
export type NpsSessionSummary = z.infer<typeof NpsSessionSummary>;

export const NpsSessionPage = z.object({
  data: z
    .array(NpsSessionSummary)
    .nullish()
    .transform((rows) => rows ?? []),
  /** Null when the server left it out: the caller pages until an empty or short page. */
  recordsTotal: z
    .number()
    .int()
    .min(0)
    .nullish()
    .transform((total) => total ?? null),
});
export type NpsSessionPage = z.infer<typeof NpsSessionPage>;

export const NpsLogLine = z.object({
  statusString: text,
  status: enumValue,
  logMessage: text,
  lineNumber: count,
  timestamp: date,
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
