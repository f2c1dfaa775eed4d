import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { SessionDelta, SessionRow, SessionScope } from '../../contract';
import { perfMark } from '../common/perfMark';
import { usePam } from '../pam';
import { flushSync } from 'react-dom';

export type ChangeKind = 'status' | 'new';

export interface SessionFeed {
  rows: SessionRow[];
  /** The row with this id among `rows` (a live index, no copy per poll). */
  find(id: string): SessionRow | undefined;
  /** Rows whose status changed (or that appeared) in a recent poll, for a few seconds. */
  changed: ReadonlyMap<string, ChangeKind>;
  loading: boolean;
  error: unknown;
  fetchedAt: string | null;
  retry(): void;
}

const CHANGE_MARK_MS = 6000;

/**
 * Watches one scope: loads the snapshot, then applies deltas in place. Deltas that arrive while the
 * snapshot is in flight are queued and replayed if they are newer, so nothing is lost or applied twice.
 */
export function useSessionFeed(scope: SessionScope): SessionFeed {
  const pam = usePam();
  const [rows, setRows] = useState<SessionRow[]>([]);
  const [changed, setChanged] = useState<ReadonlyMap<string, ChangeKind>>(new Map());
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [fetchedAt, setFetchedAt] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const byId = useRef(new Map<string, SessionRow>());
  const changedAt = useRef(new Map<string, { kind: ChangeKind; at: number }>());

  useEffect(() => {
    let cancelled = false;
    let queued: SessionDelta[] | null = [];
    let expiryTimer: ReturnType<typeof setTimeout> | undefined;

    const publishChanged = () => {
      const now = Date.now();
      for (const [id, mark] of changedAt.current) if (now - mark.at >= CHANGE_MARK_MS) changedAt.current.delete(id);
      setChanged(new Map([...changedAt.current].map(([id, mark]) => [id, mark.kind])));
      clearTimeout(expiryTimer);
      if (changedAt.current.size) {
        const oldest = Math.min(...[...changedAt.current.values()].map((mark) => mark.at));
        expiryTimer = setTimeout(publishChanged, Math.max(50, oldest + CHANGE_MARK_MS - now));
      }
    };

    const apply = (delta: SessionDelta) => {
      const map = byId.current;
      const now = Date.now();
      for (const row of delta.upserted) {
        const before = map.get(row.id);
        if (!before) changedAt.current.set(row.id, { kind: 'new', at: now });
        else if (before.status !== row.status) changedAt.current.set(row.id, { kind: 'status', at: now });
        map.set(row.id, row);
      }
      for (const id of delta.removed) {
        map.delete(id);
        changedAt.current.delete(id);
      }
      setRows(Array.from(map.values()));
      setFetchedAt(delta.fetchedAt);
      publishChanged();
    };

    const offDelta = pam.sessions.onDelta((delta) => {
      if (delta.scope !== scope || cancelled) return;
      perfMark('pam:delta-received');
      if (queued) queued.push(delta);
      else {
        // One task from message to commit: the poll's cost is measurable and never spread over frames.
        flushSync(() => apply(delta));
        perfMark('pam:delta-applied');
      }
    });

    pam.sessions.watch({ scope }).then(
      (snapshot) => {
        if (cancelled) return;
        perfMark('pam:snapshot-received');
        byId.current = new Map(snapshot.rows.map((row) => [row.id, row]));
        changedAt.current.clear();
        setRows(snapshot.rows);
        setFetchedAt(snapshot.fetchedAt);
        setChanged(new Map());
        setLoading(false);
        const pending = queued ?? [];
        queued = null;
        for (const delta of pending) if (delta.fetchedAt > snapshot.fetchedAt) apply(delta);
      },
      (failure: unknown) => {
        if (cancelled) return;
        queued = null;
        setError(failure);
        setLoading(false);
      },
    );

    return () => {
      cancelled = true;
      clearTimeout(expiryTimer);
      offDelta();
    };
  }, [pam, scope, attempt]);

  useLayoutEffect(() => perfMark('pam:rows-committed'), [rows]);

  const retry = useCallback(() => {
    setLoading(true);
    setError(null);
    setAttempt((n) => n + 1);
  }, []);
  const find = useCallback((id: string) => byId.current.get(id), []);
  return { rows, find, changed, loading, error, fetchedAt, retry };
}
