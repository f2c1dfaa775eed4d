import { useEffect, useRef } from 'react';
import type { SessionRow } from '../../contract';
import { revealBidiControls } from '../common/bidiControls';
import { useAnnounce } from '../shell/Notifier';
import type { ChangeKind } from './useSessionFeed';
import { statusLabel } from './statusInfo';

/** At most this many sessions are named; more are counted. */
const NAMED = 3;

/** What a screen reader says after a poll changed statuses: the eye sees the chip change and the row tint. */
export function statusChangeSentence(changed: SessionRow[], added: number): string {
  const parts: string[] = [];
  if (changed.length > NAMED) parts.push(`${changed.length} sessions changed status.`);
  else
    for (const row of changed)
      parts.push(
        `${revealBidiControls(row.host) || 'A session'} as ${revealBidiControls(row.loginAccount) || '—'} is now ${statusLabel(row.status, row.npsStatus)}.`,
      );
  if (added) parts.push(`${added} new ${added === 1 ? 'session' : 'sessions'}.`);
  return parts.join(' ');
}

/** Announces the status changes and new sessions each poll marks, once each. */
export function useAnnounceStatusChanges(
  marks: ReadonlyMap<string, ChangeKind>,
  find: (id: string) => SessionRow | undefined,
): void {
  const announce = useAnnounce();
  const told = useRef(new Map<string, string>());
  useEffect(() => {
    const changed: SessionRow[] = [];
    let added = 0;
    for (const [id, kind] of marks) {
      const row = find(id);
      if (!row || told.current.get(id) === row.status) continue;
      told.current.set(id, row.status);
      if (kind === 'new') added += 1;
      else changed.push(row);
    }
    for (const id of told.current.keys()) if (!marks.has(id)) told.current.delete(id);
    if (changed.length || added) announce(statusChangeSentence(changed, added));
  }, [marks, find, announce]);
}
