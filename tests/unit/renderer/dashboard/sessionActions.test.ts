import { describe, expect, it } from 'vitest';
import { SessionUiStatus, type SessionRow } from '../../../../contract';
import {
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
    ['rita', 'someone else’s, waiting', row('waitingApproval'), ['approve']],
    ['rita', 'her own, waiting', row('waitingApproval', { user: 'Rita Reviewer' }), ['end']],
    ['rita', 'someone else’s, available', row('available'), ['copy', 'view']],
    ['adam', 'someone else’s, available', row('available'), ['copy', 'end', 'extend', 'lock', 'view']],
    ['adam', 'someone else’s, locked', row('locked', { locked: true }), ['end', 'unlock']],
    ['adam', 'someone else’s, waiting', row('waitingApproval'), ['approve', 'end']],
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
