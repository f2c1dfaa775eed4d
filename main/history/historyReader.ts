/**
 * Queries on an open history cache, answered as soon as they can be answered exactly. A cache opened
 * `progressive` loads its months newest first after the open; meanwhile:
 * - a query in the default order (newest start first) whose page lies in the months already loaded is
 *   answered from them at once, its total marked `counting` (the loaded part's count, the rest to come);
 * - a query whose period starts within the loaded months is complete already, total included;
 * - any other query (another order, a page further back, facets) waits for more months, then for the whole
 *   cache, and is answered exactly (never a partial answer presented as whole).
 * The index over the loaded part is rebuilt only when that part has doubled, so a waiting query costs at most
 * about one more index build; the full index is built once the load ends, and again after each change.
 */
import type { HistoryCache } from './historyCache';
import {
  createHistoryIndex,
  type HistoryFilter,
  type HistoryIndex,
  type HistoryPage,
  type HistoryPageRequest,
} from './historyQuery';

export interface HistoryAnswer extends HistoryPage {
  /** True while the cache is still loading: `total` counts the months loaded so far. */
  counting: boolean;
}

export interface HistoryReader {
  query(filter: HistoryFilter, page?: HistoryPageRequest): Promise<HistoryAnswer>;
  /** The whole cache's index (waits for the load). */
  index(): Promise<HistoryIndex>;
  /** The cache changed (a commit): the next query builds a new index. */
  invalidate(): void;
}

export function createHistoryReader(cache: HistoryCache): HistoryReader {
  let full: HistoryIndex | null = null;
  /** An index of the loaded part: every session starting at or after `since` is in it. */
  let partial: { index: HistoryIndex; size: number; since: string } | null = null;
  let done = false;
  void cache.loaded.then(() => {
    done = true;
    partial = null;
  });

  const fullIndex = async () => {
    await cache.loaded;
    full ??= createHistoryIndex(cache.all());
    return full;
  };

  return {
    async query(filter, page = {}) {
      let tried: HistoryIndex | null = null;
      while (!done && cache.loadedSince() !== '') {
        // Rebuilt when the loaded part has at least doubled since the last one.
        if (!partial || cache.size() >= Math.max(1, partial.size * 2)) {
          const since = cache.loadedSince();
          partial = { index: createHistoryIndex(cache.all()), size: cache.size(), since };
        }
        if (partial.index !== tried) {
          tried = partial.index;
          const answer = partial.index.queryLoaded(filter, page, partial.since);
          if (answer) return { rows: answer.rows, total: answer.total, counting: !answer.complete };
        }
        await Promise.race([cache.loaded, cache.nextLoadStep()]);
      }
      return { ...(await fullIndex()).query(filter, page), counting: false };
    },
    index: fullIndex,
    invalidate() {
      full = null;
    },
  };
}
