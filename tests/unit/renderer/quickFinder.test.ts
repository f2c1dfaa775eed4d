import { describe, expect, it } from 'vitest';
import type { SessionRow } from '../../../contract';
import { credentialsUsable } from '../../../renderer/credentials/CredentialButtons';
import { createSessionRowsRegistry, findSessions } from '../../../renderer/credentials/sessionRows';
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

describe("the finder's rows registry", () => {
  const [a, b, c] = rows as [SessionRow, SessionRow, SessionRow];
  const delta = (scope: 'mine' | 'all', upserted: SessionRow[], removed: string[] = []) => ({
    scope,
    upserted,
    removed,
    fetchedAt: '2026-12-01T12:00:00.000Z',
  });

  it("holds the shown table's rows, and leaves the deltas to it while it is shown", () => {
    const registry = createSessionRowsRegistry();
    const detach = registry.attach();
    registry.publish([a, b], 'mine');
    registry.apply(delta('mine', [c], [a.id]));
    expect(registry.current()).toEqual([a, b]);
    detach();
  });

  it('while no table is shown (its view hidden behind a terminal), applies main’s deltas of the same scope', () => {
    const registry = createSessionRowsRegistry();
    const detach = registry.attach();
    registry.publish([a, b], 'mine');
    detach();
    detach(); // twice is once
    const ended = { ...b, status: 'canceling' as const };
    registry.apply(delta('mine', [ended, c], [a.id]));
    expect(registry.current()).toEqual([ended, c]);
    // Another scope's delta (the administrators' Sessions tab) is not these rows.
    registry.apply(delta('all', [a]));
    expect(registry.current()).toEqual([ended, c]);
    // Shown again: the table's snapshot replaces the copy.
    const again = registry.attach();
    registry.publish([a], 'mine');
    expect(registry.current()).toEqual([a]);
    again();
  });
});
