/** Dates in the user's locale, one formatter for the whole app (creating formatters is slow). */
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });
const dateTimeSeconds = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });
const timeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

// A date-time without an offset (`…T18:39:04.1234567`). Main hands out ISO UTC, but anything else that
// reaches a view (an older cache, a server's own text) is UTC as NPS means it, not the viewer's local time.
const WITHOUT_OFFSET = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?)\d*$/;

function instantOf(iso: string): number {
  const bare = WITHOUT_OFFSET.exec(iso);
  return Date.parse(bare ? `${bare[1]}Z` : iso);
}

function parse(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const date = new Date(instantOf(iso));
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatDateTime(iso: string | null | undefined): string {
  const date = parse(iso);
  return date ? dateTime.format(date) : '';
}

export function formatDateTimeSeconds(iso: string | null | undefined): string {
  const date = parse(iso);
  return date ? dateTimeSeconds.format(date) : '';
}

export function formatTime(iso: string | null | undefined): string {
  const date = parse(iso);
  return date ? timeOnly.format(date) : '';
}

/** `2026-11-26T08:05:00.000Z`-shaped: UTC timestamps of one shape sort as strings. */
function sameShapeUtc(a: string, b: string): boolean {
  return (
    a.length === b.length &&
    a.charCodeAt(10) === 84 /* T */ &&
    b.charCodeAt(10) === 84 &&
    a.endsWith('Z') &&
    b.endsWith('Z')
  );
}

function instant(iso: string | null | undefined): number {
  if (!iso) return Number.POSITIVE_INFINITY;
  const time = instantOf(iso);
  return Number.isNaN(time) ? Number.POSITIVE_INFINITY : time;
}

/**
 * Sorts ISO timestamps by instant, missing values last. Sorting 10,000 rows calls this ~130,000 times,
 * so two UTC timestamps of the same shape compare as strings (same order, no parsing).
 */
export function compareIso(a: string | null | undefined, b: string | null | undefined): number {
  if (a && b && sameShapeUtc(a, b)) return a === b ? 0 : a < b ? -1 : 1;
  const ta = instant(a);
  const tb = instant(b);
  return ta === tb ? 0 : ta < tb ? -1 : 1;
}
