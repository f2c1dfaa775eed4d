import { describe, expect, it } from 'vitest';
import type { SessionRow } from '../../../../contract';
import {
  connectionTarget,
  durationMs,
  formatDuration,
  sessionLink,
  sessionSummary,
  sessionTypeOf,
} from '../../../../renderer/dashboard/sessionShare';
import { createFakePam } from '../../../fakes/fakePam';

const base: SessionRow = createFakePam({ extraSessions: 0 }).rows()[0]!;
const row = (patch: Partial<SessionRow>): SessionRow => ({ ...base, ...patch });

describe('session type', () => {
  it('takes the server’s protocol first, then the activity, then the host', () => {
    expect(sessionTypeOf(row({ protocol: 'SSH', activity: 'RDP to server' }))).toBe('SSH');
    expect(sessionTypeOf(row({ protocol: '', activity: 'Remote Desktop', activityType: '', hostOs: 'Linux' }))).toBe(
      'RDP',
    );
    expect(
      sessionTypeOf(row({ protocol: undefined, activity: 'Admin', activityType: '', hostOs: 'Ubuntu Linux' })),
    ).toBe('SSH');
    expect(
      sessionTypeOf(row({ activity: 'Admin', activityType: '', hostOs: 'Windows Server 2022', resourceType: 'Host' })),
    ).toBe('RDP');
    expect(sessionTypeOf(row({ activity: 'Query', activityType: '', hostOs: '', resourceType: 'Database' }))).toBe(
      'Database',
    );
    expect(sessionTypeOf(row({ activity: 'Query', activityType: '', hostOs: '', resourceType: 'Host' }))).toBe('');
  });
});

describe('duration', () => {
  const start = '2026-03-01T10:00:00.000Z';
  it('runs from the actual start to the actual end, or to now', () => {
    expect(durationMs(row({ actualStartAt: start, actualEndAt: '2026-03-01T11:05:00.000Z' }), 0)).toBe(65 * 60_000);
    expect(durationMs(row({ actualStartAt: start, actualEndAt: null }), Date.parse(start) + 30_000)).toBe(30_000);
    expect(durationMs(row({ actualStartAt: null }), Date.now())).toBeNull();
    expect(durationMs(row({ actualStartAt: 'soon' }), Date.now())).toBeNull();
  });
  it.each([
    [null, ''],
    [45_000, '45 s'],
    [12 * 60_000, '12 min'],
    [185 * 60_000, '3 h 05 min'],
    [52 * 3_600_000, '2 d 4 h'],
  ])('%s ms reads %j', (ms, text) => expect(formatDuration(ms)).toBe(text));
});

describe('connection target', () => {
  it('reads address and port of a URL, nothing of anything else', () => {
    expect(connectionTarget('ssh://root%2Bx@proxy.corp:4422')).toEqual({ address: 'proxy.corp', port: '4422' });
    expect(connectionTarget('rdp://10.0.0.5')).toEqual({ address: '10.0.0.5', port: '' });
    expect(connectionTarget('not a url')).toBeNull();
    expect(connectionTarget('')).toBeNull();
    expect(connectionTarget(undefined)).toBeNull();
  });
});

describe('sharing', () => {
  const server = 'https://pam.corp:6500';
  it('links to the session on its server, both encoded', () => {
    expect(sessionLink(server, base.id)).toBe(
      `pam-desk://session?server=https%3A%2F%2Fpam.corp%3A6500&session=${base.id}`,
    );
    const link = new URL(sessionLink('https://a.b/?x=1&session=evil', 'id&server=x'));
    expect(link.searchParams.get('server')).toBe('https://a.b/?x=1&session=evil');
    expect(link.searchParams.get('session')).toBe('id&server=x');
  });

  it('summarises what a reviewer needs on one line per field, never a secret, names kept on one line', () => {
    const text = sessionSummary(row({ host: 'db-01\nStatus: Complete', ticket: 'CHG-42' }), server, Date.now());
    const lines = text.split('\n');
    expect(lines[0]).toBe(`Session: db-01 Status: Complete as ${base.loginAccount}`);
    expect(text).toContain(`Session ID: ${base.id}`);
    expect(text).toContain('Ticket: CHG-42');
    expect(text).toContain(`Open in PAM Desk: ${sessionLink(server, base.id)}`);
    expect(text).not.toMatch(/password/i);
    expect(sessionSummary(row({ user: 'svc\u202Enimda' }), server, 0)).toContain('User: svc[U+202E]nimda');
  });
});
