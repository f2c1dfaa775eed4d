/**
 * NPS enums travel as names in the published examples, but the Models tables declare them int32, so a
 * server may send either (and names in any case). The int value of a name is its position in the
 * Models table's "Enumerated Values" (the C# declaration order). Unknown values are kept, not dropped:
 * the UI shows "Unknown (<value>)" for them.
 */

// The sandbox declares these tables again (sandbox/sessions/model.ts) on purpose: it stands in for an independent server.
/** `SbPAM.Models.SessionSummaryStatus`. */
export const SESSION_SUMMARY_STATUS = [
  'Unknown',
  'Active',
  'ActiveNoLogon',
  'Cancelling',
  'Completed',
  'CompletedWithErrors',
  'Pending',
  'Cancelled',
  'ApprovalRequired',
  'ApprovalDenied',
  'ApprovalFailed',
  'Locked',
] as const;
/** `SbPAM.Constants.ActionConstants+SessionStatus`. */
export const SESSION_STATUS = [
  'Pending',
  'Active',
  'Cancelling',
  'Complete',
  'Failed',
  'Cancelled',
  'ApprovalDenied',
  'ApprovalFailed',
  'ApprovalRequired',
] as const;
/** `SbPAM.Models.ActivityType`. */
export const ACTIVITY_TYPE = ['Interactive', 'InteractiveAppLaunch', 'TaskAutomation', 'CredentialRelease'] as const;
/** `SbPAM.Constants.SbPAMAccountType` (SessionSummary.userType). */
export const ACCOUNT_TYPE = ['User', 'Application', 'Local'] as const;
/** `SbPAM.Models.ManagedResourceType`. */
export const MANAGED_RESOURCE_TYPE = ['Host', 'Domain', 'Website', 'AzureAdTenant', 'SecretVault', 'Database'] as const;
/** `SbPAM.Constants.ActionConstants+ActionLogType` (ActionLogDto.status). */
export const ACTION_LOG_TYPE = ['Debug', 'Info', 'Warn', 'Error'] as const;

export type EnumValue = string | number | null | undefined;

/**
 * The canonical name of `value` in `names` (an int by position, a name in any case, a numeric string as
 * its int), or null when it is missing or not in the table.
 */
export function enumName<N extends string>(value: EnumValue, names: readonly N[]): N | null {
  if (value === null || value === undefined) return null;
  let index: number | null = null;
  if (typeof value === 'number') index = value;
  else {
    const text = value.trim();
    if (/^\d{1,9}$/.test(text)) index = Number(text);
    else {
      const lower = text.toLowerCase();
      return names.find((name) => name.toLowerCase() === lower) ?? null;
    }
  }
  return Number.isInteger(index) && index >= 0 && index < names.length ? (names[index] ?? null) : null;
}

/**
 * What a user reads for an enum value: its canonical name, "Unknown (<value>)" for a value not in the
 * table, and '' when the server sent nothing.
 */
export function enumLabel(value: EnumValue, names: readonly string[]): string {
  if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) return '';
  return enumName(value, names) ?? `Unknown (${String(value).trim().slice(0, 40)})`;
}
