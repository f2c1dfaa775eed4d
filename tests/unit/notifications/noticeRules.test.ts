import { describe, expect, it } from 'vitest';
import { Notice, type ApprovalItem, type SessionRow, type SessionUiStatus } from '../../../contract';
import {
  approvalNotices,
  endingNotices,
  noticeCounts,
  sessionNotices,
  type NoticeContext,
} from '../../../main/notifications/noticeRules';

const NOW = Date.parse('2026-03-01T12:00:00Z');

function row(id: string, status: SessionUiStatus, patch: Partial<SessionRow> = {}): SessionRow {
  return {
    id,
    status,
    npsStatus: status,
    statusMessage: '',
    requestedAt: '2026-03-01T11:00:00.000Z',
    startAt: '2026-03-01T11:00:00.000Z',
    endAt: '2026-03-01T13:00:00.000Z',
    actualStartAt: null,
    actualEndAt: null,
    host: 'lnx-db-01',
    hostOs: 'Linux',
    loginAccount: 'svc',
    activity: 'Linux Root Shell (SSH)',
    activityType: 'SSH',
    resourceType: 'Host',
    userType: 'User',
    user: 'Alice Anders',
    policy: 'Production databases',
    locked: false,
    canViewPassword: true,
    viewPasswordInSeconds: 20,
    note: '',
    ticket: '',
    ...patch,
  };
}

const mineOnly: NoticeContext = { mine: () => true, lockedByMe: () => false, createdByMeJustNow: () => false };

function kindsFor(before: SessionRow, after: SessionRow, context: NoticeContext = mineOnly): string[] {
  return sessionNotices(new Map([[before.id, before]]), [after], context).map((n) => n.kind);
}

describe('sessionNotices', () => {
  // before → after: the notices a user gets about their own session.
  const table: Array<[SessionUiStatus, SessionUiStatus, string[]]> = [
    ['waitingApproval', 'provisioning', ['approved']],
    ['waitingApproval', 'available', ['approved']],
    ['waitingApproval', 'scheduled', ['approved']],
    ['waitingApproval', 'approvalDenied', ['denied']],
    ['waitingApproval', 'waitingApproval', []],
    ['waitingApproval', 'cancelled', []],
    ['provisioning', 'available', ['available']],
    ['scheduled', 'available', ['available']],
    ['scheduled', 'provisioning', []],
    ['provisioning', 'loggedIn', ['available']],
    ['available', 'loggedIn', []],
    ['available', 'canceling', []],
    ['available', 'complete', []],
    ['provisioning', 'failed', []],
    ['available', 'locked', ['locked']],
    ['locked', 'locked', []],
    ['locked', 'available', []],
  ];
  it.each(table)('%s → %s: %j', (from, to, kinds) => {
    expect(kindsFor(row('s1', from), row('s1', to))).toEqual(kinds);
  });

  it('says what was approved or denied, with the approver’s comment', () => {
    const [denied] = sessionNotices(
      new Map([['s1', row('s1', 'waitingApproval')]]),
      [row('s1', 'approvalDenied', { statusMessage: 'Denied by Rita: Use the staging box' })],
      mineOnly,
    );
    expect(denied).toMatchObject({
      kind: 'denied',
      sessionId: 's1',
      title: 'Request denied',
      body: 'Linux Root Shell (SSH) on lnx-db-01 — Denied by Rita: Use the staging box',
    });
    const [approved] = sessionNotices(
      new Map([['s1', row('s1', 'waitingApproval')]]),
      [row('s1', 'available')],
      mineOnly,
    );
    expect(approved?.title).toBe('Request approved — session available');
  });

  it('brings nothing for a row seen for the first time, or for someone else’s session', () => {
    expect(sessionNotices(new Map(), [row('s1', 'available')], mineOnly)).toEqual([]);
    const others: NoticeContext = { ...mineOnly, mine: (r) => r.user === 'Alice Anders' };
    expect(
      kindsFor(row('s1', 'waitingApproval', { user: 'Bob' }), row('s1', 'available', { user: 'Bob' }), others),
    ).toEqual([]);
    expect(kindsFor(row('s1', 'waitingApproval'), row('s1', 'available'), others)).toEqual(['approved']);
  });

  it('is quiet about what the user just did: their own lock, a request that went straight to Available', () => {
    expect(
      kindsFor(row('s1', 'available'), row('s1', 'locked', { locked: true }), { ...mineOnly, lockedByMe: () => true }),
    ).toEqual([]);
    expect(kindsFor(row('s1', 'available'), row('s1', 'available', { locked: true }))).toEqual(['locked']);
    const justCreated = { ...mineOnly, createdByMeJustNow: () => true };
    expect(kindsFor(row('s1', 'provisioning'), row('s1', 'available'), justCreated)).toEqual([]);
    // A scheduled start or an approval is not the user's doing, even just after asking.
    expect(kindsFor(row('s1', 'scheduled'), row('s1', 'available'), justCreated)).toEqual(['available']);
    expect(kindsFor(row('s1', 'waitingApproval'), row('s1', 'available'), justCreated)).toEqual(['approved']);
  });
});

describe('endingNotices', () => {
  const at = (minutes: number) => new Date(NOW + minutes * 60_000).toISOString();
  const mine = () => true;

  it('warns once per end time, within five minutes of the end, for usable sessions only', () => {
    const warned = new Map<string, string>();
    const rows = [
      row('a', 'available', { endAt: at(4) }),
      row('b', 'loggedIn', { endAt: at(5) }),
      row('c', 'available', { endAt: at(6) }),
      row('d', 'provisioning', { endAt: at(3) }),
      row('e', 'available', { endAt: at(-1) }),
      row('f', 'available', { endAt: null }),
      row('g', 'available', { endAt: 'soon' }),
      row('h', 'available', { endAt: at(2), locked: true }),
    ];
    const first = endingNotices(rows, NOW, warned, mine);
    expect(first.map((n) => n.sessionId)).toEqual(['a', 'b']);
    expect(first[0]).toMatchObject({
      title: 'Session ends in 4 minutes',
      actions: [{ action: 'extend', label: 'Extend…' }],
    });
    expect(endingNotices(rows, NOW + 30_000, warned, mine)).toEqual([]);
    // Extended, and the new end draws near: warned again.
    const extended = [row('a', 'available', { endAt: at(34) })];
    expect(endingNotices(extended, NOW, warned, mine)).toEqual([]);
    expect(endingNotices(extended, NOW + 30 * 60_000, warned, mine).map((n) => n.sessionId)).toEqual(['a']);
  });

  it('leaves other people’s sessions alone', () => {
    expect(endingNotices([row('a', 'available', { endAt: at(3) })], NOW, new Map(), () => false)).toEqual([]);
  });
});

describe('approvalNotices', () => {
  const item = (id: string, requester = 'Alice Anders'): ApprovalItem => ({
    id,
    status: 'waitingApproval',
    requester,
    activity: 'Linux Root Shell (SSH)',
    resource: 'lnx-db-01',
    policy: 'Production databases',
    requestedAt: null,
    startAt: null,
    endAt: null,
    durationMinutes: 30,
    ticket: '',
    note: '',
  });

  it('is quiet at the first look after signing in, then notices each new request', () => {
    expect(approvalNotices(null, [item('r1')])).toEqual([]);
    const notices = approvalNotices(new Set(['r1']), [item('r1'), item('r2', 'Bob')]);
    expect(notices).toEqual([
      expect.objectContaining({
        kind: 'approvalWaiting',
        sessionId: 'r2',
        title: 'Request waiting for your approval',
        body: 'Bob asks for Linux Root Shell (SSH) on lnx-db-01.',
      }),
    ]);
    expect(approvalNotices(new Set(['r1', 'r2']), [item('r2')])).toEqual([]);
  });

  it('sums up a burst in one notice', () => {
    const burst = ['a', 'b', 'c', 'd', 'e'].map((id) => item(id, id === 'a' ? 'Bob' : 'Alice Anders'));
    const notices = approvalNotices(new Set(), burst);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({
      title: '5 requests waiting for your approval',
      body: 'From Bob, Alice Anders and others.',
    });
  });
});

describe('noticeCounts', () => {
  it('counts own usable, unlocked sessions and the waiting requests', () => {
    const rows = [
      row('a', 'available'),
      row('b', 'loggedIn'),
      row('c', 'available', { locked: true }),
      row('d', 'waitingApproval'),
      row('e', 'available', { user: 'Bob' }),
    ];
    expect(noticeCounts(rows, 2, (r) => r.user === 'Alice Anders')).toEqual({ waitingApproval: 2, readyToLaunch: 2 });
  });
});

describe('hostile names from the server', () => {
  const hostile: Array<[string, Partial<SessionRow>]> = [
    ['a 5,000-character host', { host: 'h'.repeat(5000) }],
    ['control characters and newlines', { activity: 'Shell\u0000\u001b[31m\nrm -rf', host: 'db\r\n01' }],
    ['a 5,000-character comment', { statusMessage: 'x'.repeat(5000) }],
    ['a very long id', { id: 'i'.repeat(500) }],
    ['empty names', { host: '', activity: '' }],
  ];
  it.each(hostile)('%s still makes a notice the contract accepts, on one line', (_what, patch) => {
    const before = row(patch.id ?? 's1', 'waitingApproval', patch);
    const after = row(patch.id ?? 's1', 'approvalDenied', { ...patch, statusMessage: patch.statusMessage ?? 'no' });
    const notices = [
      ...sessionNotices(new Map([[before.id, before]]), [after], mineOnly),
      ...endingNotices(
        [row(before.id, 'available', { ...patch, endAt: new Date(NOW + 60_000).toISOString() })],
        NOW,
        new Map(),
        () => true,
      ),
    ];
    expect(notices).toHaveLength(2);
    for (const notice of notices) {
      expect(Notice.safeParse(notice).success).toBe(true);
      expect(notice.body).not.toMatch(/[\u0000-\u001f]/);
    }
  });
});

describe('tray icon', () => {
  it('draws a square icon, with a dot only when something waits, and says the counts in its tooltip', async () => {
    const { trayIconBitmap, trayTooltip } = await import('../../../main/platform/trayIcon');
    const calm = trayIconBitmap(22, false);
    const busy = trayIconBitmap(22, true);
    expect(calm.length).toBe(22 * 22 * 4);
    expect(busy.equals(calm)).toBe(false);
    expect(calm.readUInt32LE(0)).toBe(0); // transparent corner (rounded)
    expect(trayTooltip({ waitingApproval: 0, readyToLaunch: 0 })).toBe('PAM Desk');
    expect(trayTooltip({ waitingApproval: 2, readyToLaunch: 1 })).toBe(
      'PAM Desk — 2 requests waiting for approval · 1 session ready to launch',
    );
  });
});
