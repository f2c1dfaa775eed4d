/**
 * The tamper evidence inside a partition: each record carries `h = SHA-256(previous h ‖ its content)`, the
 * first one chained to a seed derived from the partition's name. A record edited, removed, inserted or moved
 * breaks every hash after it. (The GCM tag already covers the file; the chain also catches a writer bug or
 * someone holding the key, and names the first bad record.)
 */
import { createHash } from 'node:crypto';

export interface ChainedRecord<T> {
  h: string;
  s: T;
}

export function chainSeed(partition: string): string {
  return createHash('sha256').update(`pam-desk-history:${partition}`).digest('hex');
}

export function linkHash(previous: string, content: unknown): string {
  return createHash('sha256').update(previous).update('\n').update(JSON.stringify(content)).digest('hex');
}

/** Re-hashes records from `from` on (after an upsert changed one, or appended some). */
export function rechain<T>(partition: string, records: ChainedRecord<T>[], from = 0): void {
  let previous = from === 0 ? chainSeed(partition) : records[from - 1]!.h;
  for (let i = from; i < records.length; i++) {
    const record = records[i]!;
    record.h = linkHash(previous, record.s);
    previous = record.h;
  }
}

/** The index of the first record whose hash does not follow, or -1 when the chain is intact. */
export function firstBrokenLink<T>(partition: string, records: readonly ChainedRecord<T>[]): number {
  let previous = chainSeed(partition);
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!;
    if (typeof record?.h !== 'string' || record.h !== linkHash(previous, record.s)) return i;
    previous = record.h;
  }
  return -1;
}
