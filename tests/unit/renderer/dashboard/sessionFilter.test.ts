import { describe, expect, it } from 'vitest';
import type { SessionRow } from '../../../../contract';
import {
  filterSessions,
  hasFilters,
  noFilters,
  isIndexed,
  warmSearch,
} from '../../../../renderer/dashboard/sessionFilter';
import { createFakePam } from '../../../fakes/fakePam';

const rows: SessionRow[] = createFakePam({ extraSessions: 10 }).rows();

describe('session search', () => {
  it('returns every row without filters', () => {
    expect(filterSessions(rows, noFilters)).toHaveLength(rows.length);
    expect(hasFilters(noFilters)).toBe(false);
  });

  it('matches any shown field, case-insensitively, all words required', () => {
    const hits = filterSessions(rows, { ...noFilters, text: 'LINUX root' });
    expect(hits.length).toBeGreaterThan(0);
    for (const row of hits) expect(row.activity).toBe('Linux Root Shell');
    expect(
      filterSessions(rows, { ...noFilters, text: 'waiting for approval' }).every(
        (row) => row.status === 'waitingApproval',
      ),
    ).toBe(true);
  });

  it('narrows by resource name on the host only', () => {
    const hits = filterSessions(rows, { ...noFilters, resource: 'db-prod' });
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((row) => row.host.includes('db-prod'))).toBe(true);
    expect(filterSessions(rows, { ...noFilters, resource: 'Linux Root' })).toHaveLength(0);
  });

  it('combines user and activity filters', () => {
    const hits = filterSessions(rows, { ...noFilters, user: 'bob', activity: 'sql' });
    expect(hits.every((row) => row.user === 'bob' && row.activity.toLowerCase().includes('sql'))).toBe(true);
  });

  // How fast: `npm run bench -- dashboard` (last key → results painted), not a timed test.
  it('finds the one match among 10,000 rows', () => {
    const many: SessionRow[] = Array.from({ length: 10_000 }, (_, i) => ({
      ...rows[i % rows.length]!,
      id: String(i),
      host: `host-${i}.corp`,
    }));
    const hits = filterSessions(many, { ...noFilters, text: 'host-9999' });
    expect(hits.map((row) => row.host)).toEqual(['host-9999.corp']);
  });
});

describe('search pipeline', () => {
  it('keeps the order of the rows it is given, so the table sorts once and filters the sorted rows', () => {
    const reversed = [...rows].reverse();
    const hits = filterSessions(reversed, { ...noFilters, text: 'linux' });
    const positions = hits.map((row) => reversed.indexOf(row));
    expect(hits.length).toBeGreaterThan(1);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('indexes in idle time, and at once (first slice synchronously) when a search is coming', async () => {
    const many: SessionRow[] = Array.from({ length: 3_000 }, (_, i) => ({ ...rows[0]!, id: `n${i}`, host: `h-${i}` }));
    const warming = warmSearch(many);
    expect(isIndexed(many[0]!)).toBe(false);
    warming.now();
    expect(isIndexed(many[0]!)).toBe(true);
    await expect.poll(() => isIndexed(many.at(-1)!), { timeout: 10_000 }).toBe(true);
    warming.stop();
    expect(filterSessions(many, { ...noFilters, text: 'h-2999' }).map((row) => row.id)).toEqual(['n2999']);
  });
});
