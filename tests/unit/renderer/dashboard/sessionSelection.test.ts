import { describe, expect, it } from 'vitest';
import type { SessionRow } from '../../../../contract';
import { noFilters } from '../../../../renderer/dashboard/sessionFilter';
import { toggleSelected, visibleSelection } from '../../../../renderer/dashboard/sessionSelection';
import { createFakePam } from '../../../fakes/fakePam';

const rows: SessionRow[] = createFakePam({ extraSessions: 10 }).rows();
const byId = new Map(rows.map((row) => [row.id, row]));
const find = (id: string) => byId.get(id);

describe('selection and search', () => {
  const [first, second] = [rows[0]!, rows.find((row) => row.host !== rows[0]!.host)!];
  const both = { type: 'include' as const, ids: new Set([first.id, second.id]) };

  it('keeps every selected session while no search hides one, as the same model', () => {
    const result = visibleSelection(both, rows, find, noFilters);
    expect(result.sessions.map((row) => row.id)).toEqual([first.id, second.id]);
    expect(result.model).toBe(both);
  });

  it('acts only on the selected sessions the search shows', () => {
    const result = visibleSelection(both, rows, find, { ...noFilters, resource: first.host });
    expect(result.sessions.map((row) => row.id)).toEqual([first.id]);
    expect([...result.model.ids]).toEqual([first.id]);
  });

  it('drops sessions that left the feed', () => {
    const gone = { type: 'include' as const, ids: new Set([first.id, 'no-longer-there']) };
    expect(visibleSelection(gone, rows, find, noFilters).sessions.map((row) => row.id)).toEqual([first.id]);
  });
});

describe('Space on a row', () => {
  const [first, second] = rows;
  it('checks an unchecked row and unchecks a checked one, keeping the others', () => {
    const one = { type: 'include' as const, ids: new Set([first!.id]) };
    expect([...toggleSelected(one, rows, second!.id).ids]).toEqual([first!.id, second!.id]);
    expect([...toggleSelected(one, rows, first!.id).ids]).toEqual([]);
  });

  it('turns an exclude model into the rows it stands for', () => {
    const allButFirst = { type: 'exclude' as const, ids: new Set([first!.id]) };
    const toggled = toggleSelected(allButFirst, rows, second!.id);
    expect(toggled.type).toBe('include');
    expect(toggled.ids.size).toBe(rows.length - 2);
    expect(toggled.ids.has(first!.id) || toggled.ids.has(second!.id)).toBe(false);
  });
});
