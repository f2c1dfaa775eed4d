import { createContext, useContext, useEffect } from 'react';
import type { SessionRow } from '../../contract';

/**
 * The rows of the table on screen, for the quick finder (one feed, no second watch). Held in a ref, not
 * state: publishing on every poll must not re-render the frame.
 */
export interface SessionRowsRegistry {
  current(): SessionRow[];
  publish(rows: SessionRow[]): void;
}

export const SessionRowsContext = createContext<SessionRowsRegistry>({ current: () => [], publish: () => undefined });

export function createSessionRowsRegistry(): SessionRowsRegistry {
  let rows: SessionRow[] = [];
  return {
    current: () => rows,
    publish: (next) => {
      rows = next;
    },
  };
}

export function usePublishSessionRows(rows: SessionRow[]): void {
  const { publish } = useContext(SessionRowsContext);
  useEffect(() => publish(rows), [publish, rows]);
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
