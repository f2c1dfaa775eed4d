/**
 * Which notices a change in the feed deserves: pure rules over the previous and the new rows, so every
 * rule is unit-tested with a table (tests/unit/notifications/noticeRules.test.ts). The service
 * (noticeService.ts) keeps the state these rules read and filters by the user's settings.
 */
import type { ApprovalItem, Notice, NoticeCounts, SessionRow, SessionUiStatus } from '../../contract';

export const ENDING_WARNING_MS = 5 * 60_000;
/** More new requests than this in one poll become one summary notice instead of one each. */
export const MAX_APPROVAL_NOTICES = 3;

/** What the rules need to know besides the rows. */
export interface NoticeContext {
  /** The signed-in user's own session (the dashboard's rows are all theirs; an administrator's feed is not). */
  mine(row: SessionRow): boolean;
  /** This user locked or unlocked it themselves a moment ago: no "locked by an administrator". */
  lockedByMe(id: string): boolean;
  /**
   * This user asked for it a moment ago and it went straight to Available (no approval, no schedule): the
   * user is looking at the result of what they just did.
   */
  createdByMeJustNow(id: string): boolean;
}

const WAITING: ReadonlySet<SessionUiStatus> = new Set(['waitingApproval']);
const NOT_YET: ReadonlySet<SessionUiStatus> = new Set(['scheduled', 'provisioning', 'waitingApproval']);
const GRANTED: ReadonlySet<SessionUiStatus> = new Set(['scheduled', 'provisioning', 'available', 'loggedIn']);
const USABLE: ReadonlySet<SessionUiStatus> = new Set(['available', 'loggedIn']);

function what(row: SessionRow): string {
  const activity = row.activity || 'Session';
  return row.host ? `${activity} on ${row.host}` : activity;
}

/**
 * Names come from the server: a hostile or careless one may be long or hold control characters. They are
 * flattened to one line and cut to what the contract's `Notice` allows, so a notice is never refused.
 */
export function clip(text: string, max: number): string {
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ');
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

function notice(kind: Notice['kind'], row: SessionRow, title: string, body: string, extra?: Partial<Notice>): Notice {
  return {
    kind,
    sessionId: row.id.slice(0, 100),
    title: clip(title, 200),
    body: clip(body, 1000),
    actions: [],
    ...extra,
    id: (extra?.id ?? `${kind}:${row.id}`).slice(0, 200),
  };
}

function isLocked(row: SessionRow): boolean {
  return row.locked || row.status === 'locked';
}

/**
 * The notices for rows that changed in one poll. A row seen for the first time brings none (nothing was
 * observed to happen to it), nor does a row of someone else.
 */
export function sessionNotices(
  before: ReadonlyMap<string, SessionRow>,
  changed: readonly SessionRow[],
  context: NoticeContext,
): Notice[] {
  const notices: Notice[] = [];
  for (const row of changed) {
    const previous = before.get(row.id);
    if (!previous || !context.mine(row)) continue;
    if (WAITING.has(previous.status) && row.status === 'approvalDenied') {
      const comment = row.statusMessage.trim();
      // The server's status message carries the approver's words ("Denied by Rita Reviewer: …").
      notices.push(
        notice('denied', row, 'Request denied', comment ? `${what(row)} — ${comment}` : `${what(row)} was denied.`),
      );
    } else if (WAITING.has(previous.status) && GRANTED.has(row.status)) {
      const ready = USABLE.has(row.status);
      notices.push(
        notice(
          'approved',
          row,
          ready ? 'Request approved — session available' : 'Request approved',
          ready
            ? `${what(row)} was approved and is ready to use.`
            : row.status === 'scheduled'
              ? `${what(row)} was approved; it starts at its scheduled time.`
              : `${what(row)} was approved; it is being prepared.`,
        ),
      );
    } else if (
      NOT_YET.has(previous.status) &&
      USABLE.has(row.status) &&
      !(previous.status === 'provisioning' && context.createdByMeJustNow(row.id))
    ) {
      notices.push(notice('available', row, 'Session available', `${what(row)} is ready to use.`));
    }
    if (!isLocked(previous) && isLocked(row) && !context.lockedByMe(row.id)) {
      const reason = row.statusMessage.trim();
      notices.push(
        notice(
          'locked',
          row,
          'Session locked by an administrator',
          `${what(row)} was locked.${reason ? ` ${reason}` : ''} Ask an administrator to unlock it.`,
        ),
      );
    }
  }
  return notices;
}

/**
 * "Ends in 5 minutes" for each usable own session within 5 minutes of its end, once per end time: an
 * extension moves the end, and the warning comes again when the new end draws near. `warned` maps a
 * session to the end time it was warned about and is updated here.
 */
export function endingNotices(
  rows: Iterable<SessionRow>,
  now: number,
  warned: Map<string, string>,
  mine: (row: SessionRow) => boolean,
): Notice[] {
  const notices: Notice[] = [];
  for (const row of rows) {
    if (!USABLE.has(row.status) || isLocked(row) || !row.endAt || !mine(row)) continue;
    const end = Date.parse(row.endAt);
    if (!Number.isFinite(end)) continue;
    const left = end - now;
    if (left <= 0 || left > ENDING_WARNING_MS || warned.get(row.id) === row.endAt) continue;
    warned.set(row.id, row.endAt);
    const minutes = Math.max(1, Math.ceil(left / 60_000));
    notices.push(
      notice(
        'ending',
        row,
        `Session ends in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`,
        `${what(row)} ends at ${new Date(end).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}. Extend it if you need more time.`,
        { id: `ending:${row.id}:${row.endAt}`, actions: [{ action: 'extend', label: 'Extend…' }] },
      ),
    );
  }
  return notices;
}

/**
 * "Waiting for your approval" for requests that were not pending at the previous look. `known` null is the
 * first look after signing in: the dashboard shows those, no notice.
 */
export function approvalNotices(known: ReadonlySet<string> | null, pending: readonly ApprovalItem[]): Notice[] {
  if (known === null) return [];
  const fresh = pending.filter((item) => !known.has(item.id));
  const each = (item: ApprovalItem): Notice => ({
    id: `approvalWaiting:${item.id}`.slice(0, 200),
    kind: 'approvalWaiting',
    sessionId: item.id.slice(0, 100),
    title: 'Request waiting for your approval',
    body: clip(
      `${item.requester || 'Someone'} asks for ${item.activity || 'a session'}${item.resource ? ` on ${item.resource}` : ''}.`,
      1000,
    ),
    actions: [],
  });
  if (fresh.length <= MAX_APPROVAL_NOTICES) return fresh.map(each);
  return [
    {
      ...each(fresh[0]!),
      id: `approvalWaiting:${fresh.map((item) => item.id).join(',')}`.slice(0, 200),
      title: `${fresh.length} requests waiting for your approval`,
      body: clip(
        `From ${[...new Set(fresh.map((item) => item.requester || 'someone'))].slice(0, 3).join(', ')}${fresh.length > 3 ? ' and others' : ''}.`,
        1000,
      ),
    },
  ];
}

/** The tray's numbers: requests waiting for this approver, and own sessions ready to launch. */
export function noticeCounts(
  rows: Iterable<SessionRow>,
  pendingApprovals: number,
  mine: (row: SessionRow) => boolean,
): NoticeCounts {
  let ready = 0;
  for (const row of rows) if (USABLE.has(row.status) && !isLocked(row) && mine(row)) ready += 1;
  return { waitingApproval: pendingApprovals, readyToLaunch: ready };
}
