/**
 * Dates as a real NPS 4.2 may send them. Runs west of UTC, where reading an offset-less date as local
 * time (what `Date.parse` does) is hours off, so a regression fails here and not only for users.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeNpsDate, parseNpsDate } from '../../../main/nps/npsDates';
import { NpsSessionSummary } from '../../../main/nps/npsSchemas';
import { toSessionRow } from '../../../main/sessions/sessionRow';

const savedTz = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'America/Los_Angeles';
});
afterAll(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

const AT = Date.UTC(2026, 10, 30, 18, 39, 4, 123);

describe('NPS dates', () => {
  it('the test really runs west of UTC (an offset-less date parsed as local time is hours off)', () => {
    expect(new Date(AT).getTimezoneOffset()).toBeGreaterThan(0);
    expect(Date.parse('2026-11-30T18:39:04.123')).not.toBe(AT);
  });

  it.each([
    ['2026-11-30T18:39:04.123Z', AT],
    ['2026-11-30T18:39:04.1234567', AT], // .NET DateTime of unspecified kind: 7 digits, no offset → UTC
    ['2026-11-30T18:39:04.1234567Z', AT],
    ['2026-11-30T18:39:04.123+00:00', AT],
    ['2026-11-30T18:39:04.123-00:00', AT],
    ['2026-11-30T13:39:04.123-05:00', AT],
    ['2026-12-01T00:09:04.123+05:30', AT],
    ['2026-12-01T00:09:04.123+0530', AT],
    ['2026-11-30T19:39:04.123+01', AT],
    ['2026-11-30T18:39:04.1', AT - 23],
    ['2026-11-30T18:39:04.12', AT - 3],
    ['2026-11-30T18:39:04.123456789012', AT],
    ['2026-11-30T18:39:04', AT - 123],
    ['2026-11-30T18:39:04,123', AT],
    ['2026-11-30 18:39:04.123', AT],
    ['2026-11-30t18:39:04.123z', AT],
    ['2026-11-30T18:39', AT - 4123],
    ['  2026-11-30T18:39:04.123Z  ', AT],
    ['2026-11-30', Date.UTC(2026, 10, 30)],
  ])('%s → the same instant as UTC', (text, expected) => {
    expect(parseNpsDate(text)).toBe(expected);
  });

  it.each([
    [null],
    [undefined],
    [''],
    ['   '],
    ['not a date'],
    ['0001-01-01T00:00:00'], // .NET default(DateTime): "no date"
    ['2026-02-31T00:00:00Z'],
    ['2026-13-01T00:00:00Z'],
    ['2026-11-30T25:00:00Z'],
    ['2026-11-30T18:39:04.123+25'],
    ['1732990744'],
    ['Mon, 30 Nov 2026 18:39:04 GMT'],
  ])('%s → no date', (text) => {
    expect(parseNpsDate(text)).toBeNull();
    expect(normalizeNpsDate(text)).toBeNull();
  });

  it('normalises to canonical ISO UTC, which the table sorts as strings', () => {
    expect(normalizeNpsDate('2026-11-30T18:39:04.1234567')).toBe('2026-11-30T18:39:04.123Z');
    expect(normalizeNpsDate('2026-11-30T13:39:04-05:00')).toBe('2026-11-30T18:39:04.000Z');
    expect(normalizeNpsDate('2026-11-30T18:39:04.123Z')).toBe('2026-11-30T18:39:04.123Z');
  });

  it('a session whose offset-less start has passed is Provisioning, not Scheduled, and its times are UTC', () => {
    const now = Date.UTC(2026, 10, 30, 18, 40);
    const summary = NpsSessionSummary.parse({
      id: 's1',
      status: 6, // Pending
      sessionStatus: 0,
      startDateTimeUtc: '2026-11-30T18:30:00.1234567',
      endDateTimeUtc: '2026-11-30T20:30:00.1234567',
      createdDateTimeUtc: '2026-11-30T18:29:59.9999999',
    });
    const row = toSessionRow(summary, now);
    expect(row.status).toBe('provisioning');
    expect(row.startAt).toBe('2026-11-30T18:30:00.123Z');
    expect(row.endAt).toBe('2026-11-30T20:30:00.123Z');
    expect(row.requestedAt).toBe('2026-11-30T18:29:59.999Z');
    // …and one that starts later is Scheduled.
    expect(toSessionRow({ ...summary, startDateTimeUtc: '2026-11-30T19:00:00.000Z' }, now).status).toBe('scheduled');
  });
});
