/**
 * Actions on activity sessions for the dashboard: end, lock/unlock, read logs. Bulk actions report per
 * session (one may be gone while the others end), never one error for the lot; the feed polls right after.
 */
import type { ActionResults, SessionLogs } from '../../contract';
import type { NpsSessionApi } from '../nps/npsClient';
import { isPamError } from '../errors/pamError';
import type { Logger } from '../log/logger';
import { normalizeNpsDate } from '../nps/npsDates';
import { ACTION_LOG_TYPE, enumLabel } from '../nps/npsEnums';

export interface SessionService {
  end(ids: string[]): Promise<ActionResults>;
  lock(ids: string[], locked: boolean, message: string): Promise<ActionResults>;
  logs(id: string): Promise<SessionLogs>;
}

export interface SessionServiceDeps {
  call<T>(fn: (api: NpsSessionApi) => Promise<T>): Promise<T>;
  /** Runs after an action so the change shows without waiting for the next poll. */
  afterChange(): void;
  log: Logger;
  concurrency?: number;
}

const LOG_PAGE = 1000;
const MAX_LOG_LINES = 1_000_000;

export function createSessionService(deps: SessionServiceDeps): SessionService {
  const concurrency = deps.concurrency ?? 4;

  async function perId(
    ids: string[],
    verb: string,
    action: (api: NpsSessionApi, id: string) => Promise<void>,
  ): Promise<ActionResults> {
    const results = await mapLimited([...new Set(ids)], concurrency, async (id) => {
      try {
        await deps.call((api) => action(api, id));
        return { id, ok: true, message: '' };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        deps.log.warn(`[sessions] ${verb} ${id} failed: ${isPamError(error) ? error.code : 'error'}: ${message}`);
        return { id, ok: false, message };
      }
    });
    const failed = results.filter((r) => !r.ok).length;
    deps.log.info(`[sessions] ${verb}: ${results.length - failed} ok, ${failed} failed`);
    deps.afterChange();
    return { results };
  }

  return {
    end: (ids) => perId(ids, 'end', (api, id) => api.endSession(id)),
    // One request per session: the bulk endpoint answers for the lot, and we owe the user a result per row.
    lock: (ids, locked, message) =>
      perId(ids, locked ? 'lock' : 'unlock', async (api, id) => void (await api.lockSessions([id], locked, message))),
    async logs(id) {
      const lines: SessionLogs['lines'] = [];
      // A server may cap a page below what we ask for: the largest page seen is its page size, and only
      // an empty page, a page shorter than that, or reaching `totalCount` ends the log.
      let pageSize = 0;
      for (let page = 0; page < 1000 && lines.length < MAX_LOG_LINES; page += 1) {
        const collection = await deps.call((api) => api.sessionLogs(id, { skip: lines.length, take: LOG_PAGE }));
        const batch = collection.lines ?? [];
        for (const line of batch) {
          lines.push({
            lineNumber: line.lineNumber ?? lines.length + 1,
            timestamp: normalizeNpsDate(line.timestamp) ?? '',
            status: line.statusString || enumLabel(line.status, ACTION_LOG_TYPE),
            message: line.logMessage ?? '',
          });
        }
        pageSize = Math.max(pageSize, batch.length);
        const total = collection.totalCount;
        if (batch.length === 0 || (total != null && lines.length >= total)) break;
        if (total == null && batch.length < pageSize) break;
      }
      return { id, lines };
    },
  };
}

async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
