/**
 * NPS dates as a real server may send them. The published examples end in `Z`, but a .NET `DateTime` of
 * unspecified kind serialises without an offset (`2026-11-30T18:39:04.1234567`): NPS stores UTC, so a date
 * without an offset is UTC, never the viewer's local time (which `Date.parse` would assume). Fractions may
 * have any number of digits (.NET writes up to 7); offsets may be `Z`, `+00:00`, `-05:00` or `+0530`.
 */

const NPS_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Milliseconds since the epoch, or null for null, empty or unreadable text. Never throws. */
export function parseNpsDate(text: string | null | undefined): number | null {
  if (typeof text !== 'string') return null;
  const match = NPS_DATE.exec(text.trim());
  if (!match) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', offset = 'Z'] = match;
  const year = Number(y);
  // .NET's default(DateTime) is 0001-01-01T00:00:00: a server that means "no date" may send it.
  if (year < 1000) return null;
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60) return null;
  // Milliseconds from the first three digits; the rest (ticks of 100 ns) cannot be shown anyway.
  const ms = Number(fraction.slice(0, 3).padEnd(3, '0'));
  const local = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Date.UTC rolls 31 February over into March; a date that rolled over was not a date.
  if (new Date(local).getUTCDate() !== day && hour !== 24) return null;
  const shift = offsetMinutes(offset);
  return shift === null ? null : local - shift * 60_000;
}

/** Minutes east of UTC, or null for an offset no place has (beyond ±18:00, minutes ≥ 60). */
function offsetMinutes(offset: string): number | null {
  if (offset.toUpperCase() === 'Z') return 0;
  const sign = offset.startsWith('-') ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2, 4) || '0');
  if (hours > 18 || minutes > 59) return null;
  return sign * (hours * 60 + minutes);
}

const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The same instant as canonical ISO 8601 UTC (`…T…Z`, milliseconds), or null when there is none. */
export function normalizeNpsDate(text: string | null | undefined): string | null {
  // Fast path for what `toISOString` writes: every date of every row of every poll passes here.
  if (typeof text === 'string' && text.length === 24 && CANONICAL.test(text)) return text;
  const time = parseNpsDate(text);
  return time === null ? null : new Date(time).toISOString();
}
