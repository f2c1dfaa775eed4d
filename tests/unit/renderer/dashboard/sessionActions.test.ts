import { describe, expect, it } from 'vitest';
import { SessionUiStatus, type SessionRow } from '../../../../contract';
import {
  decidesRequests,
  selectionVerdict,
  sessionActions,
  type SessionAction,
  type Viewer,
} from '../../../../renderer/dashboard/sessionActions';

function row(status: SessionUiStatus, patch: Partial<SessionRow> = {}): SessionRow {
  return {
    id: `id-${status}`,
    status,
    npsStatus: status,
    statusMessage: '',
    requestedAt: null,
    startAt: null,
    endAt: null,
    actualStartAt: null,
    actualEndAt: null,
    host: 'lnx-db-01',
    hostOs: 'Debian 12',
    loginAccount: 'root',
    activity: 'Linux Root Shell (SSH)',
    activityType: 'Interactive',
    resourceType: 'Host',
    userType: 'User',
    user: 'Alice Adams',
    policy: 'Production databases',
    locked: false,
    canViewPassword: true,
    viewPasswordInSeconds: 20,
    note: '',
    ticket: '',
    ...patch,
  };
}

const viewers: Record<string, Viewer | null> = {
  dashboard: null,
  alice: { login: 'alice', displayName: 'Alice Adams', roles: ['user'], isAdmin: false },
  helen: { login: 'helen', displayName: 'Helen Helpdesk', roles: ['helpdesk'], isAdmin: false },
  rita: { login: 'rita', displayName: 'Rita Reviewer', roles: ['approver'], isAdmin: false },
  adam: { login: 'adam', displayName: 'Adam Admin', roles: ['admin'], isAdmin: true },
};

const RDP = { activity: 'Windows Admin (RDP)', hostOs: 'Windows Server 2022' };
const OTHER = { activity: 'Database Administration', activityType: 'Database', hostOs: 'z/OS' };
const allowedOf = (r: SessionRow, viewer: Viewer | null): SessionAction[] =>
  (Object.entries(sessionActions(r, viewer)) as Array<[SessionAction, { allowed: boolean }]>)
    .filter(([, verdict]) => verdict.allowed)
    .map(([action]) => action)
    .sort();

describe('sessionActions', () => {
  // viewer × session → what is offered (sorted).
  const table: Array<[string, string, SessionRow, SessionAction[]]> = [
    ['dashboard', 'available SSH', row('available'), ['copy', 'end', 'extend', 'launch', 'view']],
    ['dashboard', 'logged-in SSH', row('loggedIn'), ['copy', 'end', 'extend', 'launch', 'view']],
    ['dashboard', 'available RDP', row('available', RDP), ['copy', 'end', 'extend', 'launch', 'view']],
    ['dashboard', 'available, neither SSH nor RDP', row('available', OTHER), ['copy', 'end', 'extend', 'view']],
    [
      'dashboard',
      'available, password hidden',
      row('available', { canViewPassword: false }),
      ['copy', 'end', 'extend', 'launch'],
    ],
    ['dashboard', 'available but locked', row('available', { locked: true }), ['end']],
    ['dashboard', 'locked', row('locked', { locked: true }), ['end']],
    ['dashboard', 'waiting for approval', row('waitingApproval'), ['end']],
    ['dashboard', 'scheduled', row('scheduled'), ['end']],
    ['dashboard', 'provisioning', row('provisioning'), ['end']],
    ['dashboard', 'canceling', row('canceling'), []],
    ['dashboard', 'complete', row('complete'), []],
    ['dashboard', 'denied', row('approvalDenied'), []],
    ['dashboard', 'approval failed', row('approvalFailed'), []],
    ['dashboard', 'failed', row('failed'), []],
    ['dashboard', 'cancelled', row('cancelled'), []],
    ['dashboard', 'unknown', row('unknown'), []],
    ['alice', 'her own, available', row('available'), ['copy', 'end', 'extend', 'launch', 'view']],
    ['alice', 'her own, waiting', row('waitingApproval'), ['end']],
    ['helen', 'someone else’s, available', row('available'), ['copy', 'view']],
    ['helen', 'someone else’s, waiting', row('waitingApproval'), []],
    ['rita', 'someone else’s, waiting', row('waitingApproval'), ['approve', 'deny']],
    ['rita', 'her own, waiting', row('waitingApproval', { user: 'Rita Reviewer' }), ['end']],
    ['rita', 'someone else’s, available', row('available'), ['copy', 'view']],
    ['adam', 'someone else’s, available', row('available'), ['copy', 'end', 'extend', 'lock', 'view']],
    ['adam', 'someone else’s, locked', row('locked', { locked: true }), ['end', 'unlock']],
    ['adam', 'someone else’s, waiting', row('waitingApproval'), ['approve', 'deny', 'end']],
    ['adam', 'his own, waiting', row('waitingApproval', { user: 'Adam Admin' }), ['end']],
    ['adam', 'his own by login, waiting', row('waitingApproval', { user: 'adam' }), ['end']],
    [
      'adam',
      'his own, available',
      row('available', { user: 'Adam Admin' }),
      ['copy', 'end', 'extend', 'launch', 'lock', 'view'],
    ],
    ['adam', 'someone else’s, complete', row('complete'), []],
  ];
  it.each(table)('%s, %s', (viewer, _what, session, allowed) => {
    expect(allowedOf(session, viewers[viewer]!)).toEqual(allowed);
  });

  it('explains every refusal in words, and says nothing for what is allowed', () => {
    for (const viewer of Object.values(viewers)) {
      for (const status of SessionUiStatus.options) {
        for (const flags of [{}, { locked: true }, { canViewPassword: false }, RDP, { user: 'Someone Else' }]) {
          for (const verdict of Object.values(sessionActions(row(status, flags), viewer))) {
            if (verdict.allowed) expect(verdict.reason).toBe('');
            else expect(verdict.reason).toMatch(/^[A-Z0-9].{10,}\.$/);
          }
        }
      }
    }
  });

  it('says why, in the user’s terms', () => {
    expect(sessionActions(row('waitingApproval'), null).extend.reason).toBe(
      'Only an available or logged-in session can be extended. The request is waiting for approval.',
    );
    expect(sessionActions(row('available', { locked: true }), null).launch.reason).toBe(
      'An administrator locked the session.',
    );
    expect(sessionActions(row('available', { canViewPassword: false }), null).view.reason).toBe(
      'The policy does not let you see this password.',
    );
    expect(sessionActions(row('waitingApproval', { user: 'Rita Reviewer' }), viewers['rita']!).approve.reason).toBe(
      'Nobody approves their own request.',
    );
    expect(sessionActions(row('available'), viewers['helen']!).end.reason).toBe(
      'Only administrators end other people’s sessions.',
    );
  });
});

describe('approve and deny', () => {
  const deciders = ['rita', 'adam'] as const;
  const notWaiting = SessionUiStatus.options.filter((status) => status !== 'waitingApproval');

  it('are one rule: whoever may approve a request may deny it, and the other way round', () => {
    for (const viewer of Object.values(viewers)) {
      for (const status of SessionUiStatus.options) {
        for (const flags of [
          {},
          { locked: true },
          { user: 'Rita Reviewer' },
          { user: 'Adam Admin' },
          { user: 'adam' },
        ]) {
          const verdicts = sessionActions(row(status, flags), viewer);
          expect(verdicts.deny.allowed).toBe(verdicts.approve.allowed);
        }
      }
    }
  });

  it('are offered to approvers and administrators on someone else’s waiting request, locked or not', () => {
    for (const name of deciders) {
      for (const flags of [{}, { locked: true }, { user: 'Bob Brown' }]) {
        const verdicts = sessionActions(row('waitingApproval', flags), viewers[name]!);
        expect(verdicts.approve).toEqual({ allowed: true, reason: '' });
        expect(verdicts.deny).toEqual({ allowed: true, reason: '' });
      }
    }
  });

  it('are refused on a request that is not waiting, whoever looks', () => {
    for (const name of deciders) {
      for (const status of notWaiting) {
        const verdicts = sessionActions(row(status), viewers[name]!);
        expect(verdicts.approve.reason).toBe('Only a request waiting for approval can be approved.');
        expect(verdicts.deny.reason).toBe('Only a request waiting for approval can be denied.');
      }
    }
  });

  it('are refused on one’s own request, by display name or login', () => {
    for (const [name, user] of [
      ['rita', 'Rita Reviewer'],
      ['rita', 'rita'],
      ['adam', 'Adam Admin'],
      ['adam', 'adam'],
    ] as const) {
      const verdicts = sessionActions(row('waitingApproval', { user }), viewers[name]!);
      expect(verdicts.approve.reason).toBe('Nobody approves their own request.');
      expect(verdicts.deny.reason).toBe('Nobody denies their own request.');
    }
  });

  it('are refused to plain users and helpdesk staff, and on the own dashboard', () => {
    for (const name of ['alice', 'helen'] as const) {
      const verdicts = sessionActions(row('waitingApproval', { user: 'Bob Brown' }), viewers[name]!);
      expect(verdicts.approve.reason).toBe('Only approvers and administrators approve requests.');
      expect(verdicts.deny.reason).toBe('Only approvers and administrators deny requests.');
    }
    expect(sessionActions(row('waitingApproval'), null).approve.allowed).toBe(false);
    expect(sessionActions(row('waitingApproval'), null).deny.allowed).toBe(false);
  });

  it('knows who decides at all', () => {
    expect(Object.fromEntries(Object.entries(viewers).map(([name, v]) => [name, decidesRequests(v)]))).toEqual({
      dashboard: false,
      alice: false,
      helen: false,
      rita: true,
      adam: true,
    });
    // An administrator by role alone (the flag unset) decides too.
    expect(decidesRequests({ ...viewers['alice']!, roles: ['admin'] })).toBe(true);
  });

  it('on a selection: only the waiting requests of others are decided, the rest explained', () => {
    const rows = [
      { ...row('waitingApproval'), id: 'a' },
      { ...row('available'), id: 'b' },
      { ...row('waitingApproval', { user: 'Adam Admin' }), id: 'c' },
      { ...row('waitingApproval', { user: 'Bob Brown' }), id: 'd' },
    ];
    const approve = selectionVerdict(rows, viewers['adam']!, 'approve');
    expect(approve.allowed.map((r) => r.id)).toEqual(['a', 'd']);
    expect(approve.reason).toBe('2 of 4 selected: Only a request waiting for approval can be approved.');
    expect(selectionVerdict(rows, viewers['adam']!, 'deny').allowed.map((r) => r.id)).toEqual(['a', 'd']);
    expect(selectionVerdict([rows[2]!], viewers['adam']!, 'deny')).toEqual({
      allowed: [],
      reason: 'Nobody denies their own request.',
    });
    expect(selectionVerdict(rows, viewers['helen']!, 'approve')).toEqual({
      allowed: [],
      reason: '4 of 4 selected: Only approvers and administrators approve requests.',
    });
  });
});

describe('selectionVerdict', () => {
  it('offers an action when some selected sessions allow it, and names why the others do not', () => {
    const rows = [row('available'), { ...row('complete'), id: 'b' }, { ...row('complete'), id: 'c' }];
    const verdict = selectionVerdict(rows, null, 'end');
    expect(verdict.allowed.map((r) => r.id)).toEqual(['id-available']);
    expect(verdict.reason).toBe('2 of 3 selected: The session has ended.');
    expect(selectionVerdict([row('complete')], null, 'end')).toEqual({ allowed: [], reason: 'The session has ended.' });
    expect(selectionVerdict([], null, 'end').reason).toBe('Select a session first.');
    expect(selectionVerdict([row('available')], null, 'end')).toEqual({ allowed: [row('available')], reason: '' });
  });
});
