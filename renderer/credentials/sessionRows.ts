import { createContext, useContext, useEffect } from 'react';
import type { SessionDelta, SessionRow, SessionScope } from '../../contract';

/**
 * The rows of the table on screen, for the quick finder and the deep-link dialog (one feed, no second watch).
 * Held outside React state: publishing on every poll must not re-render the frame. While a table is mounted
 * and shown it publishes its rows; while none is (the view behind a terminal or desktop tab is hidden, and a
 * hidden view's subscriptions stop), main's deltas for the scope last published keep the copy current.
 */
export interface SessionRowsRegistry {
  current(): SessionRow[];
  publish(rows: SessionRow[], scope: SessionScope): void;
  /** A publisher is shown; the returned function says it is gone or hidden. */
  attach(): () => void;
  /** A delta from main's feed: applied while no publisher is shown, to rows of the same scope. */
  apply(delta: SessionDelta): void;
}

export const SessionRowsContext = createContext<SessionRowsRegistry>({
  current: () => [],
  publish: () => undefined,
  attach: () => () => undefined,
  apply: () => undefined,
});

export function createSessionRowsRegistry(): SessionRowsRegistry {
  let scope: SessionScope | null = null;
  let publishers = 0;
  // One of the two is always set: the rows as an array, or by id once deltas were applied to them.
  let rows: SessionRow[] | null = [];
  let byId: Map<string, SessionRow> | null = null;
  return {
    current: () => (rows ??= Array.from(byId!.values())),
    publish: (next, nextScope) => {
      scope = nextScope;
      rows = next;
      byId = null;
    },
    attach: () => {
      publishers += 1;
      let attached = true;
      return () => {
        if (attached) publishers -= 1;
        attached = false;
      };
    },
    apply: (delta) => {
      if (publishers > 0 || delta.scope !== scope) return;
      byId ??= new Map(rows!.map((row) => [row.id, row]));
      for (const row of delta.upserted) byId.set(row.id, row);
      for (const id of delta.removed) byId.delete(id);
      rows = null;
    },
  };
}

export function usePublishSessionRows(rows: SessionRow[], scope: SessionScope): void {
  const registry = useContext(SessionRowsContext);
  useEffect(() => registry.attach(), [registry]);
  useEffect(() => registry.publish(rows, scope), [registry, rows, scope]);
}

/** Every word must appear in the host, the login account or the activity; usable sessions first. */
export function findSessions(
  rows: readonly SessionRow[],
  query: string,
  usable: (row: SessionRow) => boolean,
): SessionRow[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = rows.filter((row) => {
    const text = `${row.host} ${row.loginAccount} ${row.activity}`.toLowerCase();
    return words.every((word) => text.includes(word));
  });
  return matches.sort(
    (a, b) => Number(usable(b)) - Number(usable(a)) || (b.requestedAt ?? '').localeCompare(a.requestedAt ?? ''),
  );
}
