/** Dates in the user's locale, one formatter for the whole app (creating formatters is slow). */
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });
const dateTimeSeconds = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });
const timeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

function parse(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const date = new Date(iso);
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

/** Sorts ISO timestamps by instant, missing values last. */
export function compareIso(a: string | null | undefined, b: string | null | undefined): number {
  const ta = parse(a)?.getTime() ?? Number.POSITIVE_INFINITY;
  const tb = parse(b)?.getTime() ?? Number.POSITIVE_INFINITY;
  return ta === tb ? 0 : ta < tb ? -1 : 1;
}
