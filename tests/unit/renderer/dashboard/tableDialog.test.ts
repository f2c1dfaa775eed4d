import { describe, expect, it } from 'vitest';
import { afterClosing, detailsIdOf, type TableDialog } from '../../../../renderer/dashboard/tableDialog';
import { createFakePam } from '../../../fakes/fakePam';

const [session] = createFakePam({ extraSessions: 0 }).rows();

describe('the table dialog', () => {
  it('shows the details of the open details, and beneath a dialog opened from them', () => {
    expect(detailsIdOf(null)).toBeNull();
    expect(detailsIdOf({ kind: 'details', sessionId: 's1' })).toBe('s1');
    expect(detailsIdOf({ kind: 'logs', session: session!, over: session!.id })).toBe(session!.id);
    expect(detailsIdOf({ kind: 'logs', session: session! })).toBeNull();
    expect(detailsIdOf({ kind: 'choosingView' })).toBeNull();
  });

  const closes: Array<[string, TableDialog | null, TableDialog | null]> = [
    ['nothing open', null, null],
    ['the details', { kind: 'details', sessionId: 's1' }, null],
    ['logs from the toolbar', { kind: 'logs', session: session! }, null],
    ['logs from the details', { kind: 'logs', session: session!, over: 's1' }, { kind: 'details', sessionId: 's1' }],
    [
      'Extend from a notice',
      { kind: 'extending', session: session!, over: 's1' },
      { kind: 'details', sessionId: 's1' },
    ],
    ['End', { kind: 'ending', sessions: [session!] }, null],
    ['Lock', { kind: 'locking', sessions: [session!], lock: true }, null],
    ['the view chooser', { kind: 'choosingView' }, null],
  ];
  it.each(closes)('closing %s goes back to what was beneath', (_, open, after) => {
    expect(afterClosing(open)).toEqual(after);
  });
});
