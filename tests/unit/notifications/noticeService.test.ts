import { describe, expect, it } from 'vitest';
import type { ApprovalItem, NoticePreferences, SessionRow, SessionUiStatus, SignedInUser } from '../../../contract';
import { createNoticeService, OWN_ACTION_MS } from '../../../main/notifications/noticeService';
import { createRecordingNoticePresenter } from '../../fakes/recordingNoticePresenter';
import { MemoryLogger } from '../../fakes/memoryLogger';

const alice: SignedInUser = { login: 'alice', displayName: 'Alice Anders', roles: ['user'], isAdmin: false };
const rita: SignedInUser = { login: 'rita', displayName: 'Rita Reyes', roles: ['approver'], isAdmin: false };

function row(id: string, status: SessionUiStatus, patch: Partial<SessionRow> = {}): SessionRow {
  return {
    id,
    status,
    npsStatus: status,
    statusMessage: '',
    requestedAt: null,
    startAt: null,
    endAt: null,
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

function setup(options: { user?: SignedInUser; prefs?: NoticePreferences; pending?: () => ApprovalItem[] } = {}) {
  const presenter = createRecordingNoticePresenter();
  let now = Date.parse('2026-03-01T12:00:00Z');
  let prefs = options.prefs;
  const service = createNoticeService({
    presenter,
    preferences: () => prefs,
    user: () => options.user ?? alice,
    pendingApprovals: async () => options.pending?.() ?? [],
    intervalMs: () => 1000,
    log: new MemoryLogger(),
    now: () => now,
  });
  const delta = (scope: 'mine' | 'all', upserted: SessionRow[], removed: string[] = []) =>
    service.delta({ scope, upserted, removed, fetchedAt: new Date(now).toISOString() });
  return {
    service,
    presenter,
    delta,
    advance: (ms: number) => (now += ms),
    setPrefs: (next: NoticePreferences) => (prefs = next),
    at: (minutes: number) => new Date(now + minutes * 60_000).toISOString(),
  };
}

describe('noticeService', () => {
  it('derives notices from the feed after its snapshot, and counts sessions ready to launch', () => {
    const { service, presenter, delta } = setup();
    service.snapshot('mine', [row('s1', 'waitingApproval'), row('s2', 'available')]);
    expect(presenter.shown).toEqual([]);
    expect(presenter.counts.at(-1)).toEqual({ waitingApproval: 0, readyToLaunch: 1 });
    delta('mine', [row('s1', 'available')]);
    expect(presenter.shown.map((n) => [n.kind, n.sessionId])).toEqual([['approved', 's1']]);
    expect(presenter.counts.at(-1)).toEqual({ waitingApproval: 0, readyToLaunch: 2 });
    delta('mine', [], ['s2']);
    expect(presenter.counts.at(-1)).toEqual({ waitingApproval: 0, readyToLaunch: 1 });
    // A delta of a scope nobody watches (a late one from before a change of tab) is ignored.
    delta('all', [row('s1', 'locked', { locked: true })]);
    expect(presenter.shown).toHaveLength(1);
  });

  it('leaves out the kinds the user turned off', () => {
    const { service, presenter, delta, setPrefs } = setup({ prefs: { decided: false } });
    service.snapshot('mine', [row('s1', 'waitingApproval'), row('s2', 'waitingApproval'), row('s3', 'available')]);
    delta('mine', [row('s1', 'approvalDenied')]);
    expect(presenter.shown).toEqual([]);
    setPrefs({ decided: true, locked: false });
    delta('mine', [row('s2', 'provisioning'), row('s3', 'locked', { locked: true })]);
    expect(presenter.shown.map((n) => n.kind)).toEqual(['approved']);
  });

  it('is quiet about the user’s own lock for a minute', () => {
    const { service, presenter, delta, advance } = setup();
    service.snapshot('mine', [row('s1', 'available'), row('s2', 'available')]);
    service.acted('lock', ['s1', 's2']);
    delta('mine', [row('s1', 'locked', { locked: true })]);
    expect(presenter.shown).toEqual([]);
    advance(OWN_ACTION_MS);
    delta('mine', [row('s2', 'locked', { locked: true })]);
    expect(presenter.shown.map((n) => n.kind)).toEqual(['locked']);
  });

  it('is quiet when a request the user just made becomes Available at once, not when it waited first', () => {
    const { service, presenter, delta } = setup();
    service.snapshot('mine', []);
    delta('mine', [row('now', 'provisioning'), row('later', 'scheduled')]);
    service.acted('create', ['now', 'later']);
    delta('mine', [row('now', 'available'), row('later', 'provisioning')]);
    delta('mine', [row('later', 'available')]);
    expect(presenter.shown.map((n) => [n.kind, n.sessionId])).toEqual([['available', 'later']]);
  });

  it('warns when an own session is five minutes from its end, once', async () => {
    const { service, presenter, at, advance } = setup();
    service.snapshot('mine', [row('s1', 'available', { endAt: at(7) })]);
    await service.check();
    expect(presenter.shown).toEqual([]);
    advance(2.5 * 60_000);
    await service.check();
    await service.check();
    expect(presenter.shown.map((n) => [n.kind, n.title])).toEqual([['ending', 'Session ends in 5 minutes']]);
  });

  it('looks for requests waiting for an approver, and is quiet after signing out', async () => {
    const item = (id: string): ApprovalItem => ({
      id,
      status: 'waitingApproval',
      requester: 'Alice Anders',
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
    let pending = [item('r1')];
    const { service, presenter, advance } = setup({ user: rita, pending: () => pending });
    await service.check();
    expect(presenter.shown).toEqual([]);
    expect(presenter.counts.at(-1)).toEqual({ waitingApproval: 1, readyToLaunch: 0 });
    pending = [item('r1'), item('r2')];
    advance(1000);
    await service.check();
    expect(presenter.shown.map((n) => [n.kind, n.sessionId])).toEqual([['approvalWaiting', 'r2']]);
    expect(presenter.counts.at(-1)).toEqual({ waitingApproval: 2, readyToLaunch: 0 });
    // The dashboard's own fetch counts as a look.
    service.approvalsSeen([item('r2')]);
    expect(presenter.counts.at(-1)).toEqual({ waitingApproval: 1, readyToLaunch: 0 });
    service.setSignedIn(false);
    expect(presenter.counts.at(-1)).toEqual({ waitingApproval: 0, readyToLaunch: 0 });
    pending = [item('r3')];
    await service.check();
    expect(presenter.shown).toHaveLength(1); // the first look after a sign-out is a baseline again
  });

  it('lets the core poll the resting feed at each check (notifications while the window is hidden)', async () => {
    const presenter = createRecordingNoticePresenter();
    let refreshed = 0;
    const service = createNoticeService({
      presenter,
      preferences: () => undefined,
      user: () => alice,
      pendingApprovals: async () => [],
      intervalMs: () => 1000,
      backgroundRefresh: async () => {
        refreshed += 1;
        if (refreshed === 2) throw new Error('offline');
      },
      log: new MemoryLogger(),
    });
    await service.check();
    await service.check(); // a failed refresh is logged, the check goes on
    await service.check();
    expect(refreshed).toBe(3);
  });

  it('does not ask a plain user’s server for approvals', async () => {
    let asked = 0;
    const { service } = setup({
      pending: () => {
        asked += 1;
        return [];
      },
    });
    await service.check();
    expect(asked).toBe(0);
  });
});
