/**
 * Notifications derived in main from what the feed and the approvals poll see (never from what the
 * renderer says happened): the feed's snapshot and deltas go through `sessionNotices`, a timer checks the
 * five-minute warnings and, for approvers and administrators, the requests waiting for them. What this
 * user just did (lock, create) is recorded by the core's handlers and keeps its own notices quiet. Each
 * kind can be turned off in the preferences; the counts go to the tray whether or not notices are on.
 */
import {
  noticeEnabled,
  type ApprovalItem,
  type Notice,
  type NoticeCounts,
  type NoticePreferences,
  type SessionDelta,
  type SessionRow,
  type SessionScope,
  type SignedInUser,
} from '../../contract';
import type { NoticePresenter } from '../platform/noticePresenter';
import type { Logger } from '../log/logger';
import { approvalNotices, endingNotices, noticeCounts, sessionNotices } from './noticeRules';

/** How long an action of the user keeps the notices it causes quiet. */
export const OWN_ACTION_MS = 60_000;

export interface NoticeServiceDeps {
  presenter: NoticePresenter;
  preferences(): NoticePreferences | undefined;
  /** The signed-in user, or null. */
  user(): SignedInUser | null;
  /** Requests waiting for this approver (approvals service). */
  pendingApprovals(): Promise<ApprovalItem[]>;
  intervalMs(): number;
  /**
   * Called at each check: while the window is hidden the feed does not poll, so the core polls it now and
   * then (its deltas come back through `delta`), or notifications would stop when they matter most.
   */
  backgroundRefresh?(): Promise<void>;
  log: Logger;
  now?: () => number;
}

export interface NoticeService {
  /** The feed's first rows for a scope: a baseline, no notices. */
  snapshot(scope: SessionScope, rows: readonly SessionRow[]): void;
  delta(delta: SessionDelta): void;
  /** This user just locked/unlocked or created these sessions. */
  acted(kind: 'lock' | 'create', ids: readonly string[]): void;
  /** The approvals dashboard just fetched this list: saves the timer a request and notices the new ones. */
  approvalsSeen(pending: readonly ApprovalItem[]): void;
  /** Start checking (signed in) or stop and forget everything (signed out). */
  setSignedIn(signedIn: boolean): void;
  /** One check now: ending warnings, approvals, counts (the timer calls it; tests too). */
  check(): Promise<void>;
  dispose(): void;
}

export function createNoticeService(deps: NoticeServiceDeps): NoticeService {
  const now = deps.now ?? Date.now;
  let scope: SessionScope | null = null;
  let rows = new Map<string, SessionRow>();
  const warned = new Map<string, string>();
  const locks = new Map<string, number>();
  const creates = new Map<string, number>();
  /** Sessions seen waiting (approval, schedule): becoming Available is then news even just after asking. */
  const waited = new Set<string>();
  let knownApprovals: Set<string> | null = null;
  let pendingCount = 0;
  let approvalsCheckedAt = -Infinity;
  let lastCounts = '';
  let timer: NodeJS.Timeout | null = null;
  let checking: Promise<void> | null = null;
  let epoch = 0;

  const recent = (map: Map<string, number>, id: string) => {
    const at = map.get(id);
    return at !== undefined && now() - at < OWN_ACTION_MS;
  };
  const context = {
    mine,
    lockedByMe: (id: string) => recent(locks, id),
    createdByMeJustNow: (id: string) => recent(creates, id) && !waited.has(id),
  };
  const remember = (row: SessionRow) => {
    rows.set(row.id, row);
    if (row.status === 'waitingApproval' || row.status === 'scheduled') waited.add(row.id);
  };

  function mine(row: SessionRow): boolean {
    if (scope === 'mine') return true;
    const user = deps.user();
    return user !== null && (row.user === user.displayName || row.user === user.login);
  }

  function decides(): boolean {
    const user = deps.user();
    return user !== null && (user.isAdmin || user.roles.includes('approver') || user.roles.includes('admin'));
  }

  function present(notices: readonly Notice[]): void {
    const prefs = deps.preferences();
    for (const notice of notices) {
      if (!noticeEnabled(prefs, notice.kind)) continue;
      deps.log.info(`[notifications] ${notice.kind} for ${notice.sessionId}`);
      try {
        deps.presenter.show(notice);
      } catch (error) {
        deps.log.warn(`[notifications] could not show a notice: ${(error as Error).message}`);
      }
    }
  }

  function publishCounts(): void {
    const counts: NoticeCounts = noticeCounts(rows.values(), pendingCount, mine);
    const key = `${counts.waitingApproval}|${counts.readyToLaunch}`;
    if (key === lastCounts) return;
    lastCounts = key;
    try {
      deps.presenter.setCounts(counts);
    } catch (error) {
      deps.log.warn(`[notifications] could not update the tray: ${(error as Error).message}`);
    }
  }

  function approvalsUpdate(pending: readonly ApprovalItem[]): void {
    present(approvalNotices(knownApprovals, pending));
    knownApprovals = new Set(pending.map((item) => item.id));
    pendingCount = pending.length;
    approvalsCheckedAt = now();
  }

  async function checkOnce(): Promise<void> {
    const forEpoch = epoch;
    await deps.backgroundRefresh?.().catch((error: unknown) => {
      deps.log.info(`[notifications] background refresh failed: ${(error as Error).message}`);
    });
    present(endingNotices(rows.values(), now(), warned, mine));
    if (decides() && now() - approvalsCheckedAt >= deps.intervalMs() * 0.9) {
      try {
        const pending = await deps.pendingApprovals();
        if (forEpoch === epoch) approvalsUpdate(pending);
      } catch (error) {
        // The feed reports the server's health; a failed look is tried again at the next tick.
        deps.log.info(`[notifications] approvals check failed: ${(error as Error).message}`);
      }
    }
    if (forEpoch === epoch) publishCounts();
  }

  function schedule(): void {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      void service.check().finally(() => {
        if (timer !== null) schedule();
      });
    }, deps.intervalMs());
    timer.unref?.();
  }

  function reset(): void {
    epoch += 1;
    scope = null;
    rows = new Map();
    warned.clear();
    locks.clear();
    creates.clear();
    waited.clear();
    knownApprovals = null;
    pendingCount = 0;
    approvalsCheckedAt = -Infinity;
  }

  const service: NoticeService = {
    snapshot(nextScope, nextRows) {
      // Watching the same list again (back from another tab): what changed meanwhile is still news.
      if (scope === nextScope && rows.size > 0) {
        present(sessionNotices(rows, nextRows, context));
      }
      scope = nextScope;
      rows = new Map();
      for (const row of nextRows) remember(row);
      present(endingNotices(rows.values(), now(), warned, mine));
      publishCounts();
    },
    delta(delta) {
      if (delta.scope !== scope) return;
      present(sessionNotices(rows, delta.upserted, context));
      for (const row of delta.upserted) remember(row);
      for (const id of delta.removed) {
        rows.delete(id);
        warned.delete(id);
        waited.delete(id);
      }
      present(endingNotices(rows.values(), now(), warned, mine));
      publishCounts();
    },
    acted(kind, ids) {
      const map = kind === 'lock' ? locks : creates;
      const at = now();
      for (const [id, when] of map) if (at - when >= OWN_ACTION_MS) map.delete(id);
      for (const id of ids) map.set(id, at);
    },
    approvalsSeen(pending) {
      if (!decides()) return;
      approvalsUpdate(pending);
      publishCounts();
    },
    setSignedIn(signedIn) {
      if (signedIn) {
        if (timer === null) {
          void service.check();
          schedule();
        }
        return;
      }
      if (timer) clearTimeout(timer);
      timer = null;
      reset();
      publishCounts();
    },
    check() {
      // One check at a time: a slow approvals look must not overlap the next tick.
      checking ??= checkOnce().finally(() => {
        checking = null;
      });
      return checking;
    },
    dispose() {
      if (timer) clearTimeout(timer);
      timer = null;
      reset();
      deps.presenter.dispose();
    },
  };
  return service;
}
