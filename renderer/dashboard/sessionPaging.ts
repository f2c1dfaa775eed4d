import type { GridPaginationModel } from '@mui/x-data-grid';

/** The page to show of `count` rows: past the end (after a search or rows leaving), the last page that has rows. */
export function clampPage(model: GridPaginationModel, count: number): GridPaginationModel {
  const lastPage = Math.max(0, Math.ceil(count / model.pageSize) - 1);
  return model.page > lastPage ? { ...model, page: lastPage } : model;
}

/** The rows of that page. */
export function rowsOfPage<T>(rows: readonly T[], page: GridPaginationModel): T[] {
  return rows.slice(page.page * page.pageSize, (page.page + 1) * page.pageSize);
}

/** Back to the first page (the same model when already there, so nothing re-renders for it). */
export function firstPage(model: GridPaginationModel): GridPaginationModel {
  return model.page ? { ...model, page: 0 } : model;
}

/** "1,234 sessions", "12 of 1,234 sessions", or "Loading…" while the rows or the saved view are coming. */
export function countText(loading: boolean, shown: number, total: number): string {
  if (loading) return 'Loading…';
  if (shown === total) return `${total.toLocaleString()} ${total === 1 ? 'session' : 'sessions'}`;
  return `${shown.toLocaleString()} of ${total.toLocaleString()} sessions`;
}
