import { describe, expect, it } from 'vitest';
import type { SessionRow } from '../../../contract';
import { credentialsUsable } from '../../../renderer/credentials/CredentialButtons';
import { findSessions } from '../../../renderer/credentials/sessionRows';
import { createFakePam } from '../../fakes/fakePam';

const rows: SessionRow[] = createFakePam({ extraSessions: 0 }).rows();

describe('quick finder search', () => {
  it('matches every word against host, login account and activity, usable sessions first', () => {
    const found = findSessions(rows, 'web01 sbpam', credentialsUsable);
    expect(found.length).toBeGreaterThan(0);
    for (const row of found) {
      const text = `${row.host} ${row.loginAccount} ${row.activity}`.toLowerCase();
      expect(text).toContain('web01');
      expect(text).toContain('sbpam');
    }
    const all = findSessions(rows, '', credentialsUsable);
    expect(all).toHaveLength(rows.length);
    const firstUnusable = all.findIndex((row) => !credentialsUsable(row));
    expect(all.slice(firstUnusable).some(credentialsUsable)).toBe(false);
    expect(findSessions(rows, 'no such host anywhere', credentialsUsable)).toEqual([]);
  });

  it('offers credentials only while a session is Available or Logged In', () => {
    const byStatus = (status: SessionRow['status']) => rows.find((row) => row.status === status)!;
    expect(credentialsUsable(byStatus('available'))).toBe(true);
    expect(credentialsUsable(byStatus('loggedIn'))).toBe(true);
    for (const status of ['provisioning', 'waitingApproval', 'canceling', 'complete', 'locked'] as const) {
      expect(credentialsUsable(byStatus(status)), status).toBe(false);
    }
  });
});
