import { describe, expect, it } from 'vitest';
import { noHistoryFilters, periodRange, toHistoryQuery } from '../../../renderer/history/historyFilters';

const now = new Date(2026, 10, 30, 15, 30); // local time

describe('History page filters → history.query', () => {
  it('today starts at local midnight; 7 and 30 days count back from now', () => {
    expect(periodRange({ ...noHistoryFilters, period: 'today' }, now)).toEqual({
      from: new Date(2026, 10, 30).toISOString(),
    });
    expect(periodRange({ ...noHistoryFilters, period: '7d' }, now).from).toBe(
      new Date(now.getTime() - 7 * 86_400_000).toISOString(),
    );
    expect(periodRange({ ...noHistoryFilters, period: '30d' }, now).from).toBe(
      new Date(now.getTime() - 30 * 86_400_000).toISOString(),
    );
    expect(periodRange(noHistoryFilters, now)).toEqual({});
  });

  it('a custom range covers whole local days; a missing or malformed end is left open', () => {
    const range = periodRange(
      { ...noHistoryFilters, period: 'custom', fromDay: '2026-11-01', toDay: '2026-11-02' },
      now,
    );
    expect(range.from).toBe(new Date(2026, 10, 1).toISOString());
    expect(range.to).toBe(new Date(new Date(2026, 10, 3).getTime() - 1).toISOString());
    expect(periodRange({ ...noHistoryFilters, period: 'custom', fromDay: 'nonsense', toDay: '' }, now)).toEqual({});
  });

  it('sends only the filters set, with the search trimmed', () => {
    expect(toHistoryQuery(noHistoryFilters, now)).toEqual({});
    expect(
      toHistoryQuery(
        { ...noHistoryFilters, users: ['Alice Adams'], types: ['SSH'], statuses: [], text: '  root ' },
        now,
      ),
    ).toEqual({ users: ['Alice Adams'], types: ['SSH'], text: 'root' });
  });
});
