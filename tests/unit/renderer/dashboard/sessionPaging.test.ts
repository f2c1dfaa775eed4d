import { describe, expect, it } from 'vitest';
import { clampPage, countText, firstPage, rowsOfPage } from '../../../../renderer/dashboard/sessionPaging';

describe('paging the sessions', () => {
  const rows = Array.from({ length: 120 }, (_, i) => i);

  it('cuts the rows of the page shown', () => {
    expect(rowsOfPage(rows, { page: 0, pageSize: 50 })).toEqual(rows.slice(0, 50));
    expect(rowsOfPage(rows, { page: 2, pageSize: 50 })).toEqual(rows.slice(100, 120));
  });

  it.each([
    [{ page: 2, pageSize: 50 }, 120, 2],
    [{ page: 2, pageSize: 50 }, 100, 1],
    [{ page: 5, pageSize: 25 }, 30, 1],
    [{ page: 3, pageSize: 50 }, 0, 0],
  ])('shows the last page that has rows when %o is past the end of %i rows', (model, count, page) => {
    expect(clampPage(model, count).page).toBe(page);
  });

  it('keeps the same model when nothing changes, so the grid does not re-render', () => {
    const model = { page: 1, pageSize: 50 };
    expect(clampPage(model, 120)).toBe(model);
    const first = { page: 0, pageSize: 25 };
    expect(firstPage(first)).toBe(first);
    expect(firstPage(model)).toEqual({ page: 0, pageSize: 50 });
  });

  it('counts what is shown against what is loaded', () => {
    expect(countText(true, 3, 10)).toBe('Loading…');
    expect(countText(false, 1, 1)).toBe('1 session');
    expect(countText(false, 10_010, 10_010)).toBe(`${(10_010).toLocaleString()} sessions`);
    expect(countText(false, 3, 10)).toBe('3 of 10 sessions');
  });
});
