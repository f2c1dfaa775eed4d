import { describe, expect, it } from 'vitest';
import type { SessionRow } from '../../../contract';
import { approvalItemOf } from '../../../contract/pure/approvalItem';

const base: SessionRow = {
  id: '6f1c2a9e-0000-4000-8000-000000000001',
  status: 'waitingApproval',
  npsStatus: 'ApprovalRequired',
  statusMessage: '',
  requestedAt: '2026-12-01T03:58:00.000Z',
  startAt: '2026-12-01T03:58:00.000Z',
  endAt: '2026-12-01T04:28:00.000Z',
  actualStartAt: null,
  actualEndAt: null,
  host: 'PostgreSQL (production)',
  hostOs: 'Debian 12',
  loginAccount: 'root',
  activity: 'Linux Root Shell (SSH)',
  activityType: 'Interactive',
  resourceType: 'Host',
  userType: 'User',
  user: 'Alice Adams',
  policy: 'Production databases',
  locked: false,
  canViewPassword: false,
  viewPasswordInSeconds: 0,
  note: 'Schema migration',
  ticket: 'CHG-501',
};

describe('approvalItemOf', () => {
  it('lists a session row as the decision dialog shows a request', () => {
    expect(approvalItemOf(base)).toEqual({
      id: base.id,
      status: 'waitingApproval',
      requester: 'Alice Adams',
      activity: 'Linux Root Shell (SSH)',
      resource: 'PostgreSQL (production)',
      policy: 'Production databases',
      requestedAt: base.requestedAt,
      startAt: base.startAt,
      endAt: base.endAt,
      durationMinutes: 30,
      ticket: 'CHG-501',
      note: 'Schema migration',
    });
  });

  // What a server may send: nulls, unreadable dates, an end before its start.
  const hostile: Array<[string, Partial<SessionRow>]> = [
    ['no start', { startAt: null }],
    ['no end', { endAt: null }],
    ['empty start', { startAt: '' }],
    ['unreadable end', { endAt: 'tomorrow-ish' }],
    ['end before start', { endAt: '2026-12-01T03:00:00.000Z' }],
    ['end at start', { endAt: base.startAt }],
  ];
  it.each(hostile)('gives no duration for %s', (_what, patch) => {
    expect(approvalItemOf({ ...base, ...patch }).durationMinutes).toBeNull();
  });

  it('keeps names as they came (the dialog isolates them when it shows them)', () => {
    const item = approvalItemOf({ ...base, user: '\u202eevil', host: '', ticket: '' });
    expect(item.requester).toBe('\u202eevil');
    expect(item.resource).toBe('');
    expect(item.ticket).toBe('');
  });
});
