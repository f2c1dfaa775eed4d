/**
 * All sessions in memory, kept in creation order (oldest first) overall and per user, so the default
 * "newest first" page is a walk from the end with no sorting.
 *
 * Each record sits in an `IndexedSession` that carries what the list queries test, precomputed when
 * the record changes: whether and when it ended, its summary status, and its search text. The search
 * text that comes from the directory (user, resource, activity, policy, account, status) is interned:
 * 100,000 sessions share a few thousand distinct texts, so a filter text is tested once per distinct
 * text per query instead of once per session.
 */
import { type SessionRecord, type SummaryStatus, isEnded, summaryStatusOf } from './model';

export interface IndexFields {
  /** Lower-cased words from the directory that a filter text may match. */
  descriptor: string;
  /** Lower-cased note and ticket ('' when none). */
  extra: string;
  /** Lower-cased resource name and display name. */
  resourceKeys: string[];
  /** Lower-cased login and display name of the session's user. */
  userKeys: string[];
}

export type Indexer = (rec: SessionRecord) => IndexFields;

export class IndexedSession {
  ended = false;
  endedAt = 0;
  status: SummaryStatus = 'Unknown';
  start = 0;
  descriptor = 0;
  extra = '';
  resourceKeys: string[] = [];
  userKeys: string[] = [];

  constructor(readonly rec: SessionRecord) {}
}

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
  readonly #descriptorIds = new Map<string, number>();
  readonly #descriptors: string[] = [];
  #nextSeq = 1;

  constructor(private readonly indexer: Indexer) {}

  get size(): number {
    return this.#all.length;
  }

  /** Interned search texts, indexed by `IndexedSession.descriptor`. */
  get descriptors(): readonly string[] {
    return this.#descriptors;
  }

  nextSeq(): number {
    return this.#nextSeq++;
  }

  #fill(entry: IndexedSession): void {
    const rec = entry.rec;
    const fields = this.indexer(rec);
    let descriptor = this.#descriptorIds.get(fields.descriptor);
    if (descriptor === undefined) {
      descriptor = this.#descriptors.length;
      this.#descriptors.push(fields.descriptor);
      this.#descriptorIds.set(fields.descriptor, descriptor);
    }
    entry.ended = isEnded(rec.state);
    entry.endedAt = rec.actualEnd ?? 0;
    entry.status = summaryStatusOf(rec);
    entry.start = rec.scheduledStart;
    entry.descriptor = descriptor;
    entry.extra = fields.extra;
    entry.resourceKeys = fields.resourceKeys;
    entry.userKeys = fields.userKeys;
  }

  #listOf(userId: string): IndexedSession[] {
    let list = this.#byUser.get(userId);
    if (!list) this.#byUser.set(userId, (list = []));
    return list;
  }

  #link(entry: IndexedSession, ordered: boolean): void {
    const rec = entry.rec;
    this.#byId.set(rec.id, entry);
    if (ordered) insertOrdered(this.#all, entry);
    else this.#all.push(entry);
    const lists = [this.#listOf(rec.userId)];
    if (rec.createdBy !== rec.userId) lists.push(this.#listOf(rec.createdBy));
    for (const list of lists) {
      if (ordered) insertOrdered(list, entry);
      else list.push(entry);
    }
    if (rec.seq >= this.#nextSeq) this.#nextSeq = rec.seq + 1;
  }

  /** Adds many records at once (load, seeding): one sort instead of many ordered inserts. */
  addMany(records: SessionRecord[]): void {
    // Entries are allocated in list order so that a scan walks memory sequentially.
    const sorted = [...records].sort((a, b) => a.createdAt - b.createdAt || a.seq - b.seq);
    const fresh = this.#all.length === 0;
    for (const rec of sorted) {
      const entry = new IndexedSession(rec);
      this.#fill(entry);
      this.#link(entry, false);
    }
    if (!fresh) {
      // Two sorted runs: the sort merges them in linear time.
      const order = (a: IndexedSession, b: IndexedSession) =>
        a.rec.createdAt - b.rec.createdAt || a.rec.seq - b.rec.seq;
      this.#all.sort(order);
      for (const list of this.#byUser.values()) list.sort(order);
    }
  }

  add(rec: SessionRecord): void {
    const entry = new IndexedSession(rec);
    this.#fill(entry);
    this.#link(entry, true);
  }

  get(id: string): SessionRecord | undefined {
    return this.#byId.get(id.toLowerCase())?.rec;
  }

  /** Call after changing a record so the list queries see its new state. */
  reindex(rec: SessionRecord): void {
    const entry = this.#byId.get(rec.id);
    if (entry) this.#fill(entry);
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
