/**
 * Enums as ints (their position in the Models tables), names in any case, and values nobody knows; and
 * summaries with every nullable field null or missing. None of it may break a row.
 */
import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_TYPE,
  ACTION_LOG_TYPE,
  ACTIVITY_TYPE,
  MANAGED_RESOURCE_TYPE,
  SESSION_STATUS,
  SESSION_SUMMARY_STATUS,
  enumLabel,
  enumName,
} from '../../../main/nps/npsEnums';
import { NpsLogCollection, NpsSessionPage, NpsSessionSummary } from '../../../main/nps/npsSchemas';
import { toSessionRow } from '../../../main/sessions/sessionRow';

const NOW = Date.parse('2026-03-01T12:00:00Z');

describe('enum values', () => {
  it.each([
    // The int values are the positions in the reference's "Enumerated Values" tables.
    [SESSION_SUMMARY_STATUS, 0, 'Unknown'],
    [SESSION_SUMMARY_STATUS, 2, 'ActiveNoLogon'],
    [SESSION_SUMMARY_STATUS, 6, 'Pending'],
    [SESSION_SUMMARY_STATUS, 11, 'Locked'],
    [SESSION_STATUS, 3, 'Complete'],
    [SESSION_STATUS, 4, 'Failed'],
    [SESSION_STATUS, 8, 'ApprovalRequired'],
    [ACTIVITY_TYPE, 0, 'Interactive'],
    [ACTIVITY_TYPE, 3, 'CredentialRelease'],
    [ACCOUNT_TYPE, 1, 'Application'],
    [MANAGED_RESOURCE_TYPE, 5, 'Database'],
    [ACTION_LOG_TYPE, 3, 'Error'],
  ] as const)('%j: %s and its name in any case are the same value', (names, int, name) => {
    expect(enumName(int, names)).toBe(name);
    expect(enumName(String(int), names)).toBe(name);
    expect(enumName(name, names)).toBe(name);
    expect(enumName(name.toLowerCase(), names)).toBe(name);
    expect(enumName(name.toUpperCase(), names)).toBe(name);
    expect(enumName(` ${name} `, names)).toBe(name);
  });

  it.each([
    [42, 'Unknown (42)'],
    [-1, 'Unknown (-1)'],
    [1.5, 'Unknown (1.5)'],
    ['Frobbed', 'Unknown (Frobbed)'],
    ['12', 'Unknown (12)'],
    [null, ''],
    [undefined, ''],
    ['', ''],
  ])('%j → %j', (value, label) => {
    expect(enumLabel(value, SESSION_SUMMARY_STATUS)).toBe(label);
  });
});

describe('session summaries with ints, names and nulls', () => {
  it.each([
    // status, sessionStatus → what the user reads
    [1, 1, 'loggedIn', 'Active'],
    ['active', 'active', 'loggedIn', 'Active'],
    ['ACTIVENOLOGON', 1, 'available', 'ActiveNoLogon'],
    [2, 'Active', 'available', 'ActiveNoLogon'],
    [3, 2, 'canceling', 'Cancelling'],
    [4, 3, 'complete', 'Completed'],
    [5, 4, 'failed', 'CompletedWithErrors'],
    [4, 4, 'failed', 'Completed'], // sessionStatus Failed wins
    [7, 5, 'cancelled', 'Cancelled'],
    [8, 8, 'waitingApproval', 'ApprovalRequired'],
    [9, 6, 'approvalDenied', 'ApprovalDenied'],
    [10, 7, 'approvalFailed', 'ApprovalFailed'],
    [11, 1, 'locked', 'Locked'],
    [null, 3, 'complete', 'Complete'], // no status: sessionStatus says what it can
    [undefined, 'cancelling', 'canceling', 'Cancelling'],
    [0, 8, 'waitingApproval', 'ApprovalRequired'], // "Unknown" defers to sessionStatus too
    [0, null, 'unknown', 'Unknown'],
    [null, null, 'unknown', 'Unknown'],
    [42, 1, 'unknown', 'Unknown (42)'], // a value we do not know is shown, not guessed
    ['Frobbed', null, 'unknown', 'Unknown (Frobbed)'],
    [null, 99, 'unknown', 'Unknown (99)'],
  ])('status %j, sessionStatus %j → %s (%s)', (status, sessionStatus, ui, npsStatus) => {
    const summary = NpsSessionSummary.parse({ id: 'a', status, sessionStatus, startDateTimeUtc: null });
    const row = toSessionRow(summary, NOW);
    expect(row.status).toBe(ui);
    expect(row.npsStatus).toBe(npsStatus);
  });

  it('activityType, userType and managedResourceType read the same as ints or names', () => {
    const asInts = toSessionRow(
      NpsSessionSummary.parse({ id: 'a', activityType: 3, userType: 1, managedResourceType: 5 }),
      NOW,
    );
    const asNames = toSessionRow(
      NpsSessionSummary.parse({
        id: 'a',
        activityType: 'credentialrelease',
        userType: 'APPLICATION',
        managedResourceType: 'database',
      }),
      NOW,
    );
    expect([asInts.activityType, asInts.userType, asInts.resourceType]).toEqual([
      'CredentialRelease',
      'Application',
      'Database',
    ]);
    expect([asNames.activityType, asNames.userType, asNames.resourceType]).toEqual([
      asInts.activityType,
      asInts.userType,
      asInts.resourceType,
    ]);
    const unknown = toSessionRow(
      NpsSessionSummary.parse({ id: 'a', activityType: 9, userType: 'Robot', managedResourceType: -3 }),
      NOW,
    );
    expect([unknown.activityType, unknown.userType, unknown.resourceType]).toEqual([
      'Unknown (9)',
      'Unknown (Robot)',
      'Unknown (-3)',
    ]);
  });

  it('a summary with every nullable field null still makes a row of empty text', () => {
    const nulls = Object.fromEntries(
      [
        'hostDisplayName',
        'userDisplayName',
        'targetUserDisplayName',
        'canViewPassword',
        'viewPasswordInSeconds',
        'managedResourceName',
        'managedResourceOs',
        'managedResourceDisplayName',
        'createdByDisplayName',
        'startDateTimeUtc',
        'actualStartDateTimeUtc',
        'endDateTimeUtc',
        'actualEndDateTimeUtc',
        'createdDateTimeUtc',
        'sessionStatus',
        'status',
        'statusMessage',
        'activityName',
        'activityType',
        'platformName',
        'userType',
        'accessPolicyName',
        'note',
        'ticket',
        'managedResourceType',
        'loginAccountName',
        'locked',
        'proxySessions',
      ].map((key) => [key, null]),
    );
    const row = toSessionRow(NpsSessionSummary.parse({ id: 'a', ...nulls }), NOW);
    expect(row).toMatchObject({
      status: 'unknown',
      npsStatus: 'Unknown',
      host: '',
      loginAccount: '',
      user: '',
      startAt: null,
      endAt: null,
      requestedAt: null,
      activityType: '',
      resourceType: '',
      locked: false,
      canViewPassword: false,
      viewPasswordInSeconds: 0,
    });
  });
});

describe('pages and logs', () => {
  it.each([
    [{ data: null, recordsTotal: 0 }, 0, 0],
    [{ data: null }, 0, null],
    [{}, 0, null],
    [{ data: [{ id: 'a' }] }, 1, null],
    [{ data: [{ id: 'a' }], recordsTotal: null }, 1, null],
    [{ data: [{ id: 'a' }], recordsTotal: 7 }, 1, 7],
  ])('%j → %i rows, recordsTotal %s', (body, rows, total) => {
    const page = NpsSessionPage.parse(body);
    expect(page.data).toHaveLength(rows);
    expect(page.recordsTotal).toBe(total);
  });

  it('still refuses what is not legal: a row without an id, a string where a number belongs', () => {
    expect(NpsSessionPage.safeParse({ data: [{ hostDisplayName: 'x' }] }).success).toBe(false);
    expect(NpsSessionPage.safeParse({ data: [], recordsTotal: '3' }).success).toBe(false);
  });

  it('null log lines are no lines; log status ints, names and dates without an offset read right', () => {
    expect(NpsLogCollection.parse({ lines: null, totalCount: null }).lines ?? []).toEqual([]);
    const parsed = NpsLogCollection.parse({
      lines: [
        { statusString: null, status: 3, logMessage: null, lineNumber: 1, timestamp: '2026-03-01T12:00:00.1234567' },
      ],
    });
    expect(parsed.lines?.[0]?.timestamp).toBe('2026-03-01T12:00:00.123Z');
  });
});
