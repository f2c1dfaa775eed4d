/**
 * Cheap change detection between two polls: one signature string per row, compared by id.
 * 10,000 rows diff in a few milliseconds (see tests/unit/main/sessionDiff.test.ts).
 */
import type { SessionRow } from '../../contract';

const SEPARATOR = '\u001f';

/** Every field the UI shows, joined; two rows with equal signatures look the same to a user. */
export function rowSignature(row: SessionRow): string {
  return (
    row.status + SEPARATOR + row.npsStatus + SEPARATOR + row.statusMessage + SEPARATOR +
    row.requestedAt + SEPARATOR + row.startAt + SEPARATOR + row.endAt + SEPARATOR +
    row.actualStartAt + SEPARATOR + row.actualEndAt + SEPARATOR + row.host + SEPARATOR +
    row.hostOs + SEPARATOR + row.loginAccount + SEPARATOR + row.activity + SEPARATOR +
    row.activityType + SEPARATOR + row.user + SEPARATOR + row.policy + SEPARATOR +
    row.locked + SEPARATOR + row.canViewPassword + SEPARATOR + row.viewPasswordInSeconds + SEPARATOR +
    row.note + SEPARATOR + row.ticket
  );
}

export interface RowDiff {
  upserted: SessionRow[];
  removed: string[];
  /** The signatures of `next`, to diff the following poll against. */
  signatures: Map<string, string>;
}

export function diffRows(previous: ReadonlyMap<string, string>, next: readonly SessionRow[]): RowDiff {
  const signatures = new Map<string, string>();
  const upserted: SessionRow[] = [];
  for (const row of next) {
    const signature = rowSignature(row);
    signatures.set(row.id, signature);
    if (previous.get(row.id) !== signature) upserted.push(row);
  }
  const removed: string[] = [];
  for (const id of previous.keys()) if (!signatures.has(id)) removed.push(id);
  return { upserted, removed, signatures };
}

export function signaturesOf(rows: readonly SessionRow[]): Map<string, string> {
  return diffRows(new Map(), rows).signatures;
}
