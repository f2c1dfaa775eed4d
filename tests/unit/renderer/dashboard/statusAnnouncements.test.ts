import { describe, expect, it } from 'vitest';
import type { SessionRow } from '../../../../contract';
import { statusChangeSentence } from '../../../../renderer/dashboard/useAnnounceStatusChanges';
import { terminalTheme } from '../../../../renderer/terminal/terminalTheme';
import { createFakePam } from '../../../fakes/fakePam';

const rows: SessionRow[] = createFakePam({ extraSessions: 10 }).rows();

describe('status change announcements', () => {
  it('names up to three changed sessions with their new status, and counts new ones', () => {
    const row = { ...rows[0]!, host: 'db-01', loginAccount: 'root', status: 'loggedIn' as const };
    expect(statusChangeSentence([row], 0)).toBe('db-01 as root is now Logged In.');
    expect(statusChangeSentence([row], 2)).toBe('db-01 as root is now Logged In. 2 new sessions.');
    expect(statusChangeSentence([], 1)).toBe('1 new session.');
  });

  it('counts instead of naming when many change at once, and shows bidi controls in names', () => {
    expect(statusChangeSentence(rows.slice(0, 5), 0)).toBe('5 sessions changed status.');
    const spoofed = { ...rows[0]!, host: 'svc\u202Enimda', loginAccount: '', status: 'locked' as const };
    expect(statusChangeSentence([spoofed], 0)).toBe('svc[U+202E]nimda as — is now Locked.');
  });
});

describe('terminal theme', () => {
  const luminance = (hex: string) => {
    const [r, g, b] = [1, 3, 5]
      .map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
      .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const contrast = (a: string, b: string) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
    return (hi + 0.05) / (lo + 0.05);
  };

  it.each(['light', 'dark'] as const)('keeps text readable on its %s background (4.5:1)', (mode) => {
    const theme = terminalTheme(mode);
    expect(contrast(theme.foreground!, theme.background!)).toBeGreaterThanOrEqual(4.5);
    if (mode === 'light')
      for (const color of [theme.yellow, theme.brightYellow, theme.green, theme.cyan, theme.white])
        expect(contrast(color!, theme.background!), color).toBeGreaterThanOrEqual(4.5);
  });
});
