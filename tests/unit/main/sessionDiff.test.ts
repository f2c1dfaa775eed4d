import { describe, expect, it } from 'vitest';
import type { SessionRow } from '../../../contract';
import { diffRows, signaturesOf } from '../../../main/sessions/sessionDiff';
import { toSessionRow } from '../../../main/sessions/sessionRow';
import { fakeSummary } from '../../fakes/fakeNpsClient';

const rowsOf = (count: number, status = 'ActiveNoLogon'): SessionRow[] =>
  Array.from({ length: count }, (_, i) => toSessionRow(fakeSummary(`id-${i}`, { status, managedResourceDisplayName: `host-${i}` })));

describe('diffRows', () => {
  it('reports only changed and new rows, and the ids that left', () => {
    const before = rowsOf(5);
    const after = rowsOf(5).slice(1); // id-0 left
    after[1] = { ...after[1]!, status: 'canceling', npsStatus: 'Cancelling' }; // id-2 changed
    after.push(toSessionRow(fakeSummary('new-1'))); // new

    const diff = diffRows(signaturesOf(before), after);
    expect(diff.upserted.map((r) => r.id)).toEqual(['id-2', 'new-1']);
    expect(diff.removed).toEqual(['id-0']);
  });

  it('an unchanged poll yields an empty diff', () => {
    const diff = diffRows(signaturesOf(rowsOf(3)), rowsOf(3));
    expect(diff).toMatchObject({ upserted: [], removed: [] });
  });

  it('notices a change in any shown field', () => {
    const [row] = rowsOf(1);
    const previous = signaturesOf([row!]);
    for (const change of [{ note: 'n' }, { locked: true }, { endAt: 'later' }, { viewPasswordInSeconds: 5 }, { ticket: 'T-1' }]) {
      expect(diffRows(previous, [{ ...row!, ...change }]).upserted).toHaveLength(1);
    }
  });

  it('maps and diffs 10,000 rows in a few milliseconds', () => {
    const summaries = Array.from({ length: 10_000 }, (_, i) => fakeSummary(`id-${i}`, { managedResourceDisplayName: `host-${i}` }));
    const previous = signaturesOf(summaries.map((s) => toSessionRow(s)));
    summaries[42] = { ...summaries[42]!, status: 'Cancelling' };

    const timings: number[] = [];
    let upserted = 0;
    for (let run = 0; run < 7; run += 1) {
      const started = performance.now();
      const now = Date.now();
      const diff = diffRows(previous, summaries.map((s) => toSessionRow(s, now)));
      timings.push(performance.now() - started);
      upserted = diff.upserted.length;
    }
    timings.sort((a, b) => a - b);
    const median = timings[3]!;
    console.info(`[bench] map+diff 10,000 rows: median ${median.toFixed(2)} ms`);
    expect(upserted).toBe(1);
    // Generous bound for a shared 2-core CI machine; typical is well under 10 ms.
    expect(median).toBeLessThan(50);
  });
});
