import { describe, expect, it } from 'vitest';
import { formatDateTimeSeconds } from '../../../renderer/common/formatDate';
import { serverSentence } from '../../../renderer/common/serverText';
import { logFileName, logText } from '../../../renderer/sessionLogs/logText';

const header = {
  id: '8f0e2a4c-1b3d-4e5f-8a9b-0c1d2e3f4a5b',
  host: 'lnx-web01',
  loginAccount: 'root',
  activity: 'SSH as root',
  user: 'Alice Smith',
};

describe('session log text file', () => {
  it('names the file after the session', () => {
    expect(logFileName(header.id)).toBe('session-8f0e2a4c-1b3d-4e5f-8a9b-0c1d2e3f4a5b-log.txt');
    expect(logFileName('../../etc/passwd')).toBe('session-_etc_passwd-log.txt');
  });

  it('heads with the session, then one local-time line per entry in the dialog’s words', () => {
    const text = logText({ ...header, cachedAt: '2026-11-30T10:00:00.000Z' }, [
      { lineNumber: 1, timestamp: '2026-11-30T09:00:01.000Z', status: 'Information', message: 'session started' },
      { lineNumber: 2, timestamp: '2026-11-30T09:05:00.000Z', status: 'CompletedWithErrors', message: 'a\nb\r\nc' },
    ]);
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('Session Logs — lnx-web01 — root · SSH as root · Alice Smith');
    expect(lines[1]).toBe(`Session ID: ${header.id}`);
    expect(lines[2]).toBe(`Cached copy as of ${formatDateTimeSeconds('2026-11-30T10:00:00.000Z')}`);
    expect(lines[3]).toBe('2 lines');
    expect(lines[5]).toBe(
      `${formatDateTimeSeconds('2026-11-30T09:00:01.000Z')}  Information  ${serverSentence('session started')}`,
    );
    // Enum names in words; a message's line breaks folded so an entry cannot forge the next line.
    expect(lines[6]).toBe(`${formatDateTimeSeconds('2026-11-30T09:05:00.000Z')}  Failed  a ⏎ b ⏎ c`);
    expect(lines).toHaveLength(8);
    expect(lines[7]).toBe('');
  });

  it('says nothing of a cache for lines from the server, and counts one line as a line', () => {
    const text = logText({ ...header, user: null }, [
      { lineNumber: 1, timestamp: '2026-11-30T09:00:01.000Z', status: 'Information', message: 'x' },
    ]);
    expect(text).not.toMatch(/Cached/);
    expect(text.split('\r\n')[0]).toBe('Session Logs — lnx-web01 — root · SSH as root');
    expect(text).toMatch(/\r\n1 line\r\n/);
  });
});
