import { describe, expect, it } from 'vitest';
import type { SessionRow } from '../../../contract';
import { canLaunchSsh, isSshSession } from '../../../renderer/terminal/sshSessions';
import { createFakePam } from '../../fakes/fakePam';

const base: SessionRow = createFakePam({ extraSessions: 0 }).rows()[0]!;
const row = (patch: Partial<SessionRow>): SessionRow => ({ ...base, activityType: '', ...patch });

describe('which sessions offer Launch (SSH)', () => {
  it('recognises SSH by the activity, or a Linux/Unix host without RDP', () => {
    expect(isSshSession(row({ activity: 'Linux Root Shell (SSH)', hostOs: '' }))).toBe(true);
    expect(isSshSession(row({ activity: 'Operator shell', hostOs: 'Ubuntu Linux 24.04' }))).toBe(true);
    expect(isSshSession(row({ activity: 'Windows Admin (RDP)', hostOs: 'Windows Server 2022' }))).toBe(false);
    expect(isSshSession(row({ activity: 'Desktop (RDP)', hostOs: 'Linux' }))).toBe(false);
    expect(isSshSession(row({ activity: 'Admin', activityType: 'SSH', hostOs: '' }))).toBe(true);
    expect(isSshSession(row({ activity: 'Admin', activityType: 'RDP', hostOs: 'Linux' }))).toBe(false);
  });

  it('only while Available or Logged In and not locked', () => {
    const ssh = { activity: 'Linux Root Shell (SSH)' };
    expect(canLaunchSsh(row({ ...ssh, status: 'available', locked: false }))).toBe(true);
    expect(canLaunchSsh(row({ ...ssh, status: 'loggedIn', locked: false }))).toBe(true);
    expect(canLaunchSsh(row({ ...ssh, status: 'loggedIn', locked: true }))).toBe(false);
    for (const status of ['provisioning', 'waitingApproval', 'canceling', 'complete', 'locked'] as const)
      expect(canLaunchSsh(row({ ...ssh, status, locked: false })), status).toBe(false);
  });
});
