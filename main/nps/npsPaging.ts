/** Fetching a whole session list page by page, whatever page size the server really hands out. */
import type { NpsSessionPage, NpsSessionSummary } from './npsSchemas';

const PAGE_CONCURRENCY = 4;
const MAX_ROWS = 1_000_000;

async function mapInBatches<T, R>(items: T[], size: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let index = 0; index < items.length; index += size) {
    results.push(...(await Promise.all(items.slice(index, index + size).map(fn))));
  }
  return results;
}

type PageFetch = (skip: number) => Promise<NpsSessionPage>;

/**
 * Every page: `fetchPage(skip)` asks for a page, but paging advances by the rows actually received (a
 * server may cap pages lower), until `recordsTotal` is reached or, when the server leaves it out, until an
 * empty page or one shorter than the largest seen. Rows that appear twice between pages are kept once.
 */
export async function allPages(fetchPage: PageFetch): Promise<NpsSessionSummary[]> {
  const first = await fetchPage(0);
  const rows = [...first.data];
  if (first.data.length === 0) return rows;
  if (first.recordsTotal === null) {
    rows.push(...(await pagesUntilShort(fetchPage, first.data)));
  } else if (rows.length < first.recordsTotal) {
    // The first page told us how many there are, and (by its length) how many rows the server hands
    // out per page, whatever `take` asked: fetch the rest a few ranges at a time over the keep-alive
    // pool (latency, not bandwidth, dominates against a remote server). Capped so a server that
    // reports an absurd total cannot make us loop.
    const total = Math.min(first.recordsTotal, MAX_ROWS);
    const step = first.data.length;
    const ranges: Array<[number, number]> = [];
    for (let skip = step; skip < total; skip += step) ranges.push([skip, Math.min(skip + step, total)]);
    const filled = await mapInBatches(ranges, PAGE_CONCURRENCY, ([from, to]) => fillRange(fetchPage, from, to));
    for (const part of filled) rows.push(...part);
  }
  // Sessions that appeared or ended between pages may leave duplicates; the next poll is exact again.
  const seen = new Set<string>();
  return rows.filter((row) => !seen.has(row.id) && (seen.add(row.id), true));
}

/**
 * Rows `from` to `to`, however few rows each page brings (a page shorter than asked means a smaller
 * server-side cap, not the end). Stops early only on an empty page.
 */
async function fillRange(fetchPage: PageFetch, from: number, to: number): Promise<NpsSessionSummary[]> {
  const rows: NpsSessionSummary[] = [];
  for (let skip = from; skip < to;) {
    const page = await fetchPage(skip);
    if (page.data.length === 0) break;
    rows.push(...page.data);
    skip += page.data.length;
  }
  return rows;
}

/**
 * Without `recordsTotal`: page on until a page is empty, shorter than the largest page seen (the server's
 * page size), or brings nothing new (a server that ignores `skip`).
 */
async function pagesUntilShort(fetchPage: PageFetch, first: NpsSessionSummary[]): Promise<NpsSessionSummary[]> {
  const rows: NpsSessionSummary[] = [];
  const seen = new Set(first.map((row) => row.id));
  let pageSize = first.length;
  for (let skip = first.length; skip < MAX_ROWS;) {
    const page = await fetchPage(skip);
    const fresh = page.data.filter((row) => !seen.has(row.id));
    if (fresh.length === 0) break;
    for (const row of fresh) seen.add(row.id);
    rows.push(...page.data);
    skip += page.data.length;
    if (page.data.length < pageSize) break;
    pageSize = Math.max(pageSize, page.data.length);
  }
  return rows;
}
