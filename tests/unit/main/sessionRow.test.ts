import { describe, expect, it } from 'vitest';
import { toSessionRow } from '../../../main/sessions/sessionRow';
import { fakeSummary } from '../../fakes/fakeNpsClient';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const PAST = '2026-03-01T11:00:00Z';
const FUTURE = '2026-03-01T15:00:00Z';

describe('NPS status → UI status', () => {
  it.each([
    ['Pending', null, PAST, 'provisioning'],
    ['Pending', null, FUTURE, 'scheduled'],
    ['ApprovalRequired', null, PAST, 'waitingApproval'],
    ['ActiveNoLogon', null, PAST, 'available'],
    ['Active', null, PAST, 'loggedIn'],
    ['Cancelling', null, PAST, 'canceling'],
    ['Completed', null, PAST, 'complete'],
    ['CompletedWithErrors', null, PAST, 'failed'],
    ['Completed', 'Failed', PAST, 'failed'],
    ['ApprovalFailed', null, PAST, 'approvalFailed'],
    ['ApprovalDenied', null, PAST, 'approvalDenied'],
    ['Cancelled', null, PAST, 'cancelled'],
    ['Locked', null, PAST, 'locked'],
    ['Unknown', null, PAST, 'unknown'],
    ['SomethingNew', null, PAST, 'unknown'],
    [6, null, FUTURE, 'scheduled'], // int32 form of Pending
    [2, null, PAST, 'available'], // ActiveNoLogon
    [5, null, PAST, 'failed'], // CompletedWithErrors
  ] as const)('%s (sessionStatus %s, start %s) → %s', (status, sessionStatus, start, expected) => {
    const row = toSessionRow(fakeSummary('a', { status, sessionStatus, startDateTimeUtc: start, locked: false }), NOW);
    expect(row.status).toBe(expected);
  });

  it('a locked flag wins over the status', () => {
    const row = toSessionRow(fakeSummary('a', { status: 'Active', locked: true }), NOW);
    expect(row.status).toBe('locked');
    expect(row.locked).toBe(true);
    expect(row.npsStatus).toBe('Active');
  });
});

describe('NPS summary → row fields', () => {
  it('prefers display names, then falls back in the documented order', () => {
    const full = toSessionRow(
      fakeSummary('a', {
        managedResourceDisplayName: 'Web 01',
        hostDisplayName: 'web01.corp',
        managedResourceName: 'WEB01',
        loginAccountName: 'svc-web',
        targetUserDisplayName: 'Web Service',
        userDisplayName: 'Alice',
        createdByDisplayName: 'Creator',
      }),
      NOW,
    );
    expect([full.host, full.loginAccount, full.user]).toEqual(['Web 01', 'svc-web', 'Alice']);

    const sparse = toSessionRow(
      fakeSummary('b', {
        managedResourceDisplayName: null,
        hostDisplayName: '',
        managedResourceName: 'WEB01',
        loginAccountName: null,
        targetUserDisplayName: 'Web Service',
        userDisplayName: null,
        createdByDisplayName: 'Creator',
      }),
      NOW,
    );
    expect([sparse.host, sparse.loginAccount, sparse.user]).toEqual(['WEB01', 'Web Service', 'Creator']);
  });

  it('maps dates, policy and password fields, and never leaves a null where the contract wants text', () => {
    const row = toSessionRow(
      {
        id: 'x',
        createdDateTimeUtc: '2026-01-01T09:59:00Z',
        startDateTimeUtc: PAST,
        endDateTimeUtc: FUTURE,
        accessPolicyName: 'Tier 1',
        canViewPassword: true,
        viewPasswordInSeconds: 20,
        activityType: 1,
      },
      NOW,
    );
    expect(row).toMatchObject({
      requestedAt: '2026-01-01T09:59:00Z',
      startAt: PAST,
      endAt: FUTURE,
      actualStartAt: null,
      policy: 'Tier 1',
      canViewPassword: true,
      viewPasswordInSeconds: 20,
      activityType: 'InteractiveAppLaunch',
      host: '',
      note: '',
      npsStatus: 'Unknown',
      status: 'unknown',
    });
  });
});

describe('connection attributes (seeds 003 and 004)', () => {
  it('names the type of the latest proxy connection, else the connection URI’s scheme', () => {
    const row = toSessionRow(
      fakeSummary('a', {
        proxySessions: [
          { type: 'Rdp', active: false, startDateTimeUtc: '2026-03-01T10:00:00.000Z' },
          { type: 'ssh', active: true, startDateTimeUtc: '2026-03-01T11:00:00.000Z' },
          null,
        ],
        connectionUri: 'rdp://proxy.corp:4489',
        loginDisplayName: 'root@linux-01',
        domainName: 'CORP',
      }),
      NOW,
    );
    expect(row).toMatchObject({
      protocol: 'SSH',
      connectionUri: 'rdp://proxy.corp:4489',
      loginDisplayName: 'root@linux-01',
      domain: 'CORP',
      connections: 2,
      connectedNow: true,
    });
    expect(toSessionRow(fakeSummary('b', { connectionUri: 'rdp://proxy.corp:4489' }), NOW).protocol).toBe('RDP');
  });

  it.each([
    ['a script', { proxySessions: [{ type: '<img src=x onerror=alert(1)>' }] }],
    ['a long name', { proxySessions: [{ type: 'x'.repeat(200) }] }],
    ['a control character', { connectionUri: 'ss\u0000h://host' }],
    ['nothing', { proxySessions: null, connectionUri: null }],
  ])('leaves the type empty when the server sends %s', (_what, fields) => {
    const row = toSessionRow(fakeSummary('a', fields as Parameters<typeof fakeSummary>[1]), NOW);
    expect(row.protocol).toBe('');
    expect(row.connectedNow).toBe(false);
  });

  it('caps the length of the connection URI and account it keeps', () => {
    const row = toSessionRow(
      fakeSummary('a', { connectionUri: `ssh://${'h'.repeat(5000)}`, loginDisplayName: 'a'.repeat(5000) }),
      NOW,
    );
    expect(row.connectionUri!.length).toBe(500);
    expect(row.loginDisplayName!.length).toBe(300);
  });
});
