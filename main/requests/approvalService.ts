/**
 * The Approvals dashboard: the requests waiting for this approver (or administrator), and approving or
 * denying several at once with a comment. A result per request, never one error for the lot: another
 * approver may have decided one of them a moment ago. What the user decided is remembered for this run,
 * per server and login, so "recently decided" shows the outcome as it moves on.
 */
import type { ActionResults, ApprovalItem, ApprovalList, DecidedItem, Decision } from '../../contract';
import type { NpsSessionApi } from '../nps/npsClient';
import type { NpsSessionSummary } from '../nps/npsSchemas';
import { isPamError } from '../errors/pamError';
import type { Logger } from '../log/logger';
import { toSessionRow } from '../sessions/sessionRow';
import { approvalItemOf } from '../../contract/pure/approvalItem';

export interface ApprovalService {
  list(): Promise<ApprovalList>;
  /** Only the requests waiting for this user (the notifications' background look). */
  pending(): Promise<ApprovalItem[]>;
  decide(ids: string[], decision: Decision, comment: string): Promise<ActionResults>;
}

export interface ApprovalServiceDeps {
  call<T>(fn: (api: NpsSessionApi) => Promise<T>): Promise<T>;
  identity(): { server: string; login: string } | null;
  afterChange(): void;
  pollMs(): number;
  log: Logger;
  now?: () => number;
}

const KEEP_DECIDED = 50;
const REFRESH_DECIDED = 20;

export function toApprovalItem(summary: NpsSessionSummary, now: number): ApprovalItem {
  return approvalItemOf(toSessionRow(summary, now));
}

export function createApprovalService(deps: ApprovalServiceDeps): ApprovalService {
  const now = deps.now ?? Date.now;
  /** Keyed by `<server>|<login>`: someone else signing in on this computer does not see my decisions. */
  const decidedBy = new Map<string, DecidedItem[]>();
  /** The pending requests last shown, so a decision can be listed with what it was about. */
  const lastPending = new Map<string, ApprovalItem>();

  const who = () => {
    const identity = deps.identity();
    return identity ? `${identity.server}|${identity.login}` : '';
  };

  async function refreshDecided(list: DecidedItem[]): Promise<DecidedItem[]> {
    const fresh = await Promise.all(
      list.slice(0, REFRESH_DECIDED).map(async (item) => {
        try {
          const summary = await deps.call((api) => api.summaryById(item.id));
          return { ...item, ...toApprovalItem(summary, now()) };
        } catch {
          return item; // gone or no longer visible: keep what we knew
        }
      }),
    );
    return [...fresh, ...list.slice(REFRESH_DECIDED)];
  }

  async function pending(): Promise<ApprovalItem[]> {
    const rows = await deps.call(async (api) => {
      const me = api.managedAccountId()?.toLowerCase() ?? null;
      const waiting = await api.requests.summariesWithKeys('all', 'ApprovalRequired');
      // Nobody approves their own request (the server refuses it): keep them off the list.
      return waiting.filter(
        (s) => me === null || ![s.userId, s.managedAccountId, s.createdBy].some((id) => id?.toLowerCase() === me),
      );
    });
    const at = now();
    return rows
      .map((s) => toApprovalItem(s, at))
      .sort((a, b) => (a.requestedAt ?? '').localeCompare(b.requestedAt ?? ''));
  }

  return {
    pending,
    async list() {
      const waiting = await pending();
      const at = now();
      lastPending.clear();
      for (const item of waiting) lastPending.set(item.id, item);
      const key = who();
      const decided = await refreshDecided(decidedBy.get(key) ?? []);
      decidedBy.set(key, decided);
      return { pending: waiting, decided, fetchedAt: new Date(at).toISOString(), pollMs: deps.pollMs() };
    },

    async decide(ids, decision, comment) {
      const key = who();
      const results: ActionResults['results'] = [];
      for (const id of [...new Set(ids)]) {
        try {
          await deps.call((api) =>
            decision === 'approve' ? api.requests.approve(id, comment) : api.requests.deny(id, comment),
          );
          results.push({ id, ok: true, message: '' });
          const known =
            lastPending.get(id) ??
            (await deps
              .call((api) => api.summaryById(id))
              .then((s) => toApprovalItem(s, now()))
              .catch(() => null));
          if (known) {
            const item: DecidedItem = { ...known, decision, comment, decidedAt: new Date(now()).toISOString() };
            decidedBy.set(key, [item, ...(decidedBy.get(key) ?? []).filter((d) => d.id !== id)].slice(0, KEEP_DECIDED));
          }
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          deps.log.warn(
            `[approvals] ${decision} ${id} failed: ${isPamError(error) ? error.code : 'error'}: ${message}`,
          );
          results.push({ id, ok: false, message });
        }
      }
      deps.log.info(`[approvals] ${decision}: ${results.filter((r) => r.ok).length} of ${results.length} done`);
      deps.afterChange();
      return { results };
    },
  };
}
