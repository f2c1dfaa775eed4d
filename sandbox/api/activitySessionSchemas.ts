/**
 * What the ActivitySession endpoints accept: one zod schema a query string or body. The routes read the
 * parameter and property names from these schemas (`parseQuery`, `parseBody`), and their types are inferred.
 */
import { z } from 'zod';
import { BoolText, DateText, Guid, IntText } from '../http/validate';

export const MAX_TAKE = 1000;
const DEFAULT_TAKE = 100;
const MAX_NAMES = 100;
const MAX_SKIP = 2_147_483_647;

const NameList = z.array(z.string().trim().min(1).max(256)).max(MAX_NAMES);
/** The fields every session list shares (NPS: skip, take, orderBy, orderDescending, filterText). */
const Paging = {
  skip: IntText(0, MAX_SKIP).default(0),
  take: IntText(1, MAX_TAKE).default(DEFAULT_TAKE),
  orderBy: z.string().trim().max(64).optional(),
  orderDescending: BoolText.optional(),
  filterText: z.string().max(256).optional(),
};
const LowerEnum = <const T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((v) => v.toLowerCase())
    .pipe(z.enum(values))
    .optional();

/** `MySummaryByStatus`, `SummaryByStatus`, `SummaryForResource`: `resourceName` and `userName` repeat. */
export const SummaryQuerySchema = z
  .object({
    ...Paging,
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
export type SummaryQueryParams = z.output<typeof SummaryQuerySchema>;

/** `Search` (administrators): the list plus statistics per user. */
export const SearchQuerySchema = z
  .object({
    ...Paging,
    filterDateTimeMin: DateText.optional(),
    filterDateTimeMax: DateText.optional(),
    filterTopUsersType: LowerEnum(['none', 'everyone', 'top5', 'top10']),
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

/** `{id}/Log`. */
export const LogQuerySchema = z.object({
  logLevel: LowerEnum(['info', 'error']),
  skip: IntText(0, MAX_SKIP).default(0),
  take: IntText(1, 10_000).default(1000),
  orderDescending: BoolText.optional(),
  filterText: z.string().max(256).optional(),
  startDate: DateText.optional(),
  endDate: DateText.optional(),
});

/** `{id}/Approve?notes=`. */
export const ApproveQuerySchema = z.object({ notes: z.string().max(2000).optional() });

/** The body of `{id}/Deny`: the note as a JSON string. */
export const DenyNote = z.string().max(2000).nullable().optional();

/** The body of `{id}/Extend`: minutes as a JSON number (or a string of digits). */
export const ExtendMinutes = z
  .number()
  .int('minutes must be a whole number')
  .min(1, 'at least 1 minute')
  .max(1440, 'at most 1440 minutes');

const Text = (max: number) => z.string().max(max).nullable().optional();
const NullableDate = z.union([DateText, z.null()]).optional();

/** ActivitySessionRequest: the body of `POST` and each item of `POST Group`. */
export const CreateSchema = z.object({
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
export type ActivitySessionRequest = z.output<typeof CreateSchema>;

/** LiveSessionRequest: the body of `PUT lock`. */
export const LockSchema = z.object({
  id: Guid.optional(),
  activitySessionIds: z.array(Guid).min(1, 'at least one session id').max(MAX_TAKE),
  lockMessage: Text(1000),
  lockTitle: Text(256),
  locked: z.boolean(),
  lockActivity: z.boolean().optional(),
  lockResource: z.boolean().optional(),
  lockUser: z.boolean().optional(),
});
export type LiveSessionRequest = z.output<typeof LockSchema>;
