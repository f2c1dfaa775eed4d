/** Server answers as sentences: no enum names, no ids, dates in the viewer's zone. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as ServerText from '../../../renderer/common/serverText';

const savedTz = process.env.TZ;
let text: typeof ServerText;

beforeAll(async () => {
  process.env.TZ = 'America/New_York';
  text = await import('../../../renderer/common/serverText');
});
afterAll(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

describe('server text as sentences', () => {
  it.each([
    ['The session has already ended (CompletedWithErrors).', 'The session has already ended (failed).'],
    [
      'The session is not waiting for approval (it is ActiveNoLogon).',
      'The session is not waiting for approval (it is available).',
    ],
    ['ApprovalRequired', 'Waiting for Approval'],
    ['Session 497f6eca-6276-4993-bfeb-53cbbbba6f08 was not found.', 'Session was not found.'],
    ['Access policy (B968355D-4DBB-453C-8C65-8FCB2D303AA7) was not found.', 'Access policy was not found.'],
    ['Active sessions: none', 'Active sessions: none'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(text.serverSentence(input)).toBe(expected);
  });

  it('writes timestamps in the viewer’s locale and time zone, however the server wrote them', () => {
    const local = text.serverSentence('Session scheduled to start at 2026-11-30T18:39:04.000Z');
    expect(local).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    expect(local).toMatch(/1:39:04\sPM/); // 18:39 UTC is 13:39 in New York
    expect(text.serverSentence('at 2026-11-30T18:39:04.1234567')).toMatch(/1:39:04\sPM/); // no offset: UTC
  });

  it('words every enum value the API documents, in any case, and keeps what it does not know', () => {
    expect(text.enumWords('InteractiveAppLaunch')).toBe('Interactive app launch');
    expect(text.enumWords('azureadtenant')).toBe('Azure AD tenant');
    expect(text.enumWords('CompletedWithErrors')).toBe('Failed');
    expect(text.enumWords('Warn')).toBe('Warning');
    expect(text.enumWords('Unknown (42)')).toBe('Unknown (42)');
    expect(text.enumWords('')).toBe('');
  });

  it('leaves hostile text as text (no pattern blow-up on long input)', () => {
    const long = `${'a-'.repeat(50_000)}ApprovalRequired`;
    expect(text.serverSentence(long).endsWith('waiting for approval')).toBe(true);
    expect(text.serverSentence('<b>ActiveNoLogon</b>')).toBe('<b>available</b>');
  });
});
