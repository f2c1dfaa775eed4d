/** Times in the viewer's zone (west of UTC here), whatever form of UTC reached the view. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as FormatDate from '../../../renderer/common/formatDate';

const savedTz = process.env.TZ;
let formatDate: typeof FormatDate;

beforeAll(async () => {
  process.env.TZ = 'America/Los_Angeles';
  // The module builds its formatters on load, in the zone of that moment.
  formatDate = await import('../../../renderer/common/formatDate');
});
afterAll(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

describe('formatDate', () => {
  it.each([
    '2026-11-30T18:39:04.123Z',
    '2026-11-30T18:39:04.1234567',
    '2026-11-30T18:39:04',
    '2026-11-30T10:39:04-08:00',
  ])('%s is 10:39 in Los Angeles', (text) => {
    expect(formatDate.formatTime(text)).toMatch(/^10:39:04\s?AM$/);
  });

  it('sorts offset-less and Z dates by instant, missing last', () => {
    const { compareIso } = formatDate;
    expect(compareIso('2026-11-30T18:39:04.1234567', '2026-11-30T18:40:00.000Z')).toBe(-1);
    expect(compareIso('2026-11-30T18:39:04', '2026-11-30T18:39:04.000Z')).toBe(0);
    expect(compareIso(null, '2026-11-30T18:39:04Z')).toBe(1);
  });

  it('shows nothing for what is not a date', () => {
    expect(formatDate.formatDateTime('soon')).toBe('');
    expect(formatDate.formatDateTime(null)).toBe('');
  });
});
