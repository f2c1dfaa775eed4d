/**
 * The one mapping from what a server says to what a user reads. Server text (error details, status messages,
 * log lines, results of bulk actions) may carry enum names ("CompletedWithErrors"), ids (UUIDs) and UTC
 * timestamps; the user reads words, no ids, and dates in their own locale and time zone (`formatDate.ts`).
 */
import { formatDateTimeSeconds } from './formatDate';

/**
 * Every NPS enum name PAM Desk knows (SessionSummaryStatus, SessionStatus, ActivityType, SbPAMAccountType,
 * ManagedResourceType, ActionLogType), in the product documentation's words where it has them.
 */
const ENUM_WORDS: Record<string, string> = {
  // Session statuses: the Active Dashboard's names (seed 001).
  Unknown: 'Unknown',
  Active: 'Logged In',
  ActiveNoLogon: 'Available',
  Cancelling: 'Canceling',
  Completed: 'Complete',
  Complete: 'Complete',
  CompletedWithErrors: 'Failed',
  Failed: 'Failed',
  Pending: 'Provisioning',
  Cancelled: 'Cancelled',
  ApprovalRequired: 'Waiting for Approval',
  ApprovalDenied: 'Approval Denied',
  ApprovalFailed: 'Approval Failed',
  Locked: 'Locked',
  // Activity types.
  Interactive: 'Interactive',
  InteractiveAppLaunch: 'Interactive app launch',
  TaskAutomation: 'Task automation',
  CredentialRelease: 'Credential release',
  // Account types.
  User: 'User',
  Application: 'Application',
  Local: 'Local',
  // Managed resource types.
  Host: 'Host',
  Domain: 'Domain',
  Website: 'Website',
  AzureAdTenant: 'Azure AD tenant',
  SecretVault: 'Secret vault',
  Database: 'Database',
  // Log line levels.
  Debug: 'Debug',
  Info: 'Info',
  Warn: 'Warning',
  Error: 'Error',
};

const CANONICAL = new Map(Object.keys(ENUM_WORDS).map((name) => [name.toLowerCase(), name]));

/**
 * A field the server fills from an enum, as words: a known name (any case) → its words; "Unknown (42)"
 * (main's text for a value it does not know) stays as it is, so the user can quote it; anything else as sent.
 */
export function enumWords(value: string): string {
  const known = ENUM_WORDS[value] ?? ENUM_WORDS[CANONICAL.get(value.toLowerCase()) ?? ''];
  return known ?? value;
}

/** Enum names of two or more words only: "Active" or "Error" inside a sentence is plain English. */
const COMPOUND_NAMES = Object.keys(ENUM_WORDS).filter((name) => /^[A-Z][a-z]+[A-Z]/.test(name));
const COMPOUND = new RegExp(`\\b(${COMPOUND_NAMES.join('|')})\\b`, 'g');
const UUID = /\s*[({[]?\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b[)}\]]?/gi;
/** ISO 8601 date-times as .NET and JavaScript write them, with or without an offset (NPS means UTC). */
const ISO_TIME = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:\d{2})?/g;

/**
 * Server text as a sentence for the user: compound enum names in words (lower-case inside a sentence),
 * ids left out (the user knows which session they acted on; the id is in the details panel), timestamps in
 * the user's locale and time zone. Text without any of these comes back unchanged.
 */
export function serverSentence(text: string): string {
  if (!text) return text;
  return text
    .replace(COMPOUND, (name, _group, offset: number) => {
      const words = ENUM_WORDS[name] ?? name;
      return offset === 0 ? words : words.toLowerCase();
    })
    .replace(ISO_TIME, (iso) => formatDateTimeSeconds(iso) || iso)
    .replace(UUID, '')
    .replace(/\(\s*\)/g, '')
    .replace(/ {2,}/g, ' ')
    .replace(/\s+([.,:;!?])/g, '$1')
    .trim();
}
