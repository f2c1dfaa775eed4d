import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { SessionRow } from '../../../../contract';
import { noFilters } from '../../../../renderer/dashboard/sessionFilter';
import { useSessionsPipeline } from '../../../../renderer/dashboard/useSessionsPipeline';
import { createFakePam } from '../../../fakes/fakePam';

const rows: SessionRow[] = createFakePam({ extraSessions: 107 }).rows(); // 120 sessions
// The feed's live index, as useSessionFeed keeps it: what left the feed is not found any more.
let byId = new Map(rows.map((row) => [row.id, row]));
const find = (id: string) => byId.get(id);
const feedOf = (next: SessionRow[]) => {
  byId = new Map(next.map((row) => [row.id, row]));
  return next;
};
const newestFirst = [...rows].sort(
  (a, b) => (b.requestedAt ?? '').localeCompare(a.requestedAt ?? '') || a.id.localeCompare(b.id),
);

function renderPipeline() {
  return renderHook(({ feed }) => useSessionsPipeline(feed, find), { initialProps: { feed: feedOf(rows) } });
}

describe('useSessionsPipeline', () => {
  it('sorts newest first and shows one page of 50', () => {
    const { result } = renderPipeline();
    expect(result.current.shown).toHaveLength(120);
    expect(result.current.pageRows.map((row) => row.id)).toEqual(newestFirst.slice(0, 50).map((row) => row.id));
    act(() => result.current.setPagination({ page: 2, pageSize: 50 }));
    expect(result.current.pageRows).toHaveLength(20);
  });

  it('a new sort starts on the first page', () => {
    const { result } = renderPipeline();
    act(() => result.current.setPagination({ page: 1, pageSize: 50 }));
    act(() => result.current.setSortModel([{ field: 'host', sort: 'asc' }]));
    expect(result.current.page.page).toBe(0);
    const hosts = result.current.shown.map((row) => row.host);
    expect(hosts).toEqual([...hosts].sort());
  });

  it('a search narrows the rows, starts on the first page and drops the selected rows it hides', async () => {
    const { result } = renderPipeline();
    const host = rows[0]!.host;
    const kept = rows.find((row) => row.host === host)!;
    const hidden = rows.find((row) => row.host !== host)!;
    act(() => result.current.setSelection({ type: 'include', ids: new Set([kept.id, hidden.id]) }));
    act(() => result.current.setPagination({ page: 1, pageSize: 50 }));
    act(() => result.current.setFilters({ ...noFilters, resource: host }));
    await waitFor(() => expect(result.current.applied.resource).toBe(host));
    expect(result.current.shown.every((row) => row.host === host)).toBe(true);
    expect(result.current.page.page).toBe(0);
    expect(result.current.selected.map((row) => row.id)).toEqual([kept.id]);

    // Clearing the search does not bring the hidden row back into the selection.
    act(() => result.current.setFilters(noFilters));
    await waitFor(() => expect(result.current.shown).toHaveLength(120));
    expect(result.current.selected.map((row) => row.id)).toEqual([kept.id]);
  });

  it('rows that leave the feed leave the selection, and the page follows the rows left', () => {
    const { result, rerender } = renderPipeline();
    const [gone, stays] = newestFirst;
    act(() => result.current.setSelection({ type: 'include', ids: new Set([gone!.id, stays!.id]) }));
    act(() => result.current.setPagination({ page: 2, pageSize: 50 }));
    rerender({ feed: feedOf(newestFirst.slice(1, 61)) });
    expect(result.current.page.page).toBe(1);
    expect(result.current.selected.map((row) => row.id)).toEqual([stays!.id]);
  });

  it('Space toggles one row with a stable handler', () => {
    const { result } = renderPipeline();
    const toggle = result.current.toggle;
    const [first, second] = newestFirst;
    act(() => toggle(first!.id));
    act(() => toggle(second!.id));
    act(() => toggle(first!.id));
    expect(result.current.selected.map((row) => row.id)).toEqual([second!.id]);
    expect(result.current.toggle).toBe(toggle);
  });
});
