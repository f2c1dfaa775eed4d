/**
 * All sessions in memory, kept in creation order (oldest first) overall and per user, so the default
 * "newest first" page is a walk from the end with no sorting. Each entry carries the lower-cased text
 * that `filterText` searches, computed when the record changes rather than on every request.
 */
import type { SessionRecord } from './model';

export interface IndexedSession {
  rec: SessionRecord;
  /** Lower-cased words a filter text may match. */
  search: string;
  /** Lower-cased resource name and display name. */
  resourceKeys: string[];
  /** Lower-cased login and display name of the session's user. */
  userKeys: string[];
}

export type Indexer = (rec: SessionRecord) => Omit<IndexedSession, 'rec'>;

function before(a: SessionRecord, b: SessionRecord): boolean {
  return a.createdAt < b.createdAt || (a.createdAt === b.createdAt && a.seq < b.seq);
}

/** Inserts keeping creation order; new sessions are nearly always the newest, so check the end first. */
function insertOrdered(list: IndexedSession[], entry: IndexedSession): void {
  const last = list[list.length - 1];
  if (!last || before(last.rec, entry.rec)) {
    list.push(entry);
    return;
  }
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (before(list[mid]!.rec, entry.rec)) low = mid + 1;
    else high = mid;
  }
  list.splice(low, 0, entry);
}

export class SessionStore {
  readonly #byId = new Map<string, IndexedSession>();
  readonly #all: IndexedSession[] = [];
  readonly #byUser = new Map<string, IndexedSession[]>();
  #nextSeq = 1;

  constructor(private readonly indexer: Indexer) {}

  get size(): number {
    return this.#all.length;
  }

  nextSeq(): number {
    return this.#nextSeq++;
  }

  /** Adds many records at once (load, seeding): one sort instead of many ordered inserts. */
  addMany(records: SessionRecord[]): void {
    for (const rec of records) {
      const entry = { rec, ...this.indexer(rec) };
      this.#byId.set(rec.id, entry);
      this.#all.push(entry);
      for (const userId of new Set([rec.userId, rec.createdBy])) {
        const list = this.#byUser.get(userId);
        if (list) list.push(entry);
        else this.#byUser.set(userId, [entry]);
      }
      if (rec.seq >= this.#nextSeq) this.#nextSeq = rec.seq + 1;
    }
    const order = (a: IndexedSession, b: IndexedSession) => a.rec.createdAt - b.rec.createdAt || a.rec.seq - b.rec.seq;
    this.#all.sort(order);
    for (const list of this.#byUser.values()) list.sort(order);
  }

  add(rec: SessionRecord): void {
    const entry = { rec, ...this.indexer(rec) };
    this.#byId.set(rec.id, entry);
    insertOrdered(this.#all, entry);
    for (const userId of new Set([rec.userId, rec.createdBy])) {
      let list = this.#byUser.get(userId);
      if (!list) this.#byUser.set(userId, (list = []));
      insertOrdered(list, entry);
    }
  }

  get(id: string): SessionRecord | undefined {
    return this.#byId.get(id.toLowerCase())?.rec;
  }

  /** Call after changing a record so its search text follows its new state. */
  reindex(rec: SessionRecord): void {
    const entry = this.#byId.get(rec.id);
    if (entry) Object.assign(entry, this.indexer(rec));
  }

  /** Entries in creation order, oldest first. */
  entries(): readonly IndexedSession[] {
    return this.#all;
  }

  entriesOfUser(userId: string): readonly IndexedSession[] {
    return this.#byUser.get(userId) ?? [];
  }

  records(): SessionRecord[] {
    return this.#all.map((entry) => entry.rec);
  }
}
