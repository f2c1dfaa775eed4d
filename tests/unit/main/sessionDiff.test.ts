import { describe, expect, it } from 'vitest';
import type { SessionRow } from '../../../contract';
import { diffRows, indexRows } from '../../../main/sessions/sessionDiff';
import { toSessionRow } from '../../../main/sessions/sessionRow';
import { fakeSummary } from '../../fakes/fakeNpsClient';

const rowsOf = (count: number, status = 'ActiveNoLogon'): SessionRow[] =>
  Array.from({ length: count }, (_, i) =>
    toSessionRow(fakeSummary(`id-${i}`, { status, managedResourceDisplayName: `host-${i}` })),
  );

describe('diffRows', () => {
  it('reports only changed and new rows, and the ids that left', () => {
    const before = rowsOf(5);
    const after = rowsOf(5).slice(1); // id-0 left
    after[1] = { ...after[1]!, status: 'canceling', npsStatus: 'Cancelling' }; // id-2 changed
    after.push(toSessionRow(fakeSummary('new-1'))); // new

    const diff = diffRows(indexRows(before), after);
    expect(diff.upserted.map((r) => r.id)).toEqual(['id-2', 'new-1']);
    expect(diff.removed).toEqual(['id-0']);
  });

  it('an unchanged poll yields an empty diff', () => {
    const diff = diffRows(indexRows(rowsOf(3)), rowsOf(3));
    expect(diff).toMatchObject({ upserted: [], removed: [] });
  });

  it('notices a change in any shown field', () => {
    const [row] = rowsOf(1);
    const previous = indexRows([row!]);
    expect(diffRows(previous, [{ ...row! }]).upserted).toHaveLength(0);
    for (const change of [
      { note: 'n' },
      { locked: true },
      { endAt: 'later' },
      { viewPasswordInSeconds: 5 },
      { ticket: 'T-1' },
    ]) {
      expect(diffRows(previous, [{ ...row!, ...change }]).upserted).toHaveLength(1);
    }
  });

  it('finds the one changed row among 10,000 fresh ones, poll after poll', () => {
    // Through JSON, like real answers: every poll brings fresh strings, none shared with the previous one.
    const fresh = () =>
      JSON.parse(
        JSON.stringify(
          Array.from({ length: 10_000 }, (_, i) =>
            fakeSummary(`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, {
              managedResourceDisplayName: `host-${i}`,
            }),
          ),
        ),
      ) as ReturnType<typeof fakeSummary>[];
    const summaries = fresh();
    const previous = indexRows(summaries.map((s) => toSessionRow(s)));
    const polls = Array.from({ length: 16 }, () => {
      const poll = fresh();
      poll[42] = { ...poll[42]!, status: 'Cancelling' };
      return poll;
    });

    // The time this takes is measured by `npm run bench -- dashboard` (a poll's cost), not here.
    for (const poll of polls) {
      const diff = diffRows(
        previous,
        poll.map((s) => toSessionRow(s, Date.now())),
      );
      expect(diff.upserted.map((row) => row.id)).toEqual([poll[42]!.id]);
    }
  });
});
