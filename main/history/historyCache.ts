/**
 * The session-history cache of one server profile and user: lowdb databases, one per month of the
 * sessions' start (`sessions-YYYY-MM.pamh`), plus `sync-state.pamh` (the sync's checkpoint and "synced at"),
 * each sealed and hash-chained by `SealedPartitionAdapter`, in a 0700 folder of 0600 files.
 *
 * - One writer: the first instance takes `writer.lock`; others open read-only (or wait, when asked).
 * - A month holds segments of at most `SEGMENT_RECORDS` (`sessions-YYYY-MM.pamh`, then `.1`, `.2`, …);
 *   new sessions go to its last one. A batch (`commit`) rewrites only the segments it touched, then the
 *   state: a crash between two files leaves records ahead of the checkpoint, which the resumed sync upserts again (no duplicate, no loss).
 * - A partition that cannot be decrypted, parsed or chained is moved to `quarantine/` (named in
 *   `quarantined`), the rest stays usable, and the sync state is reset so the next sync rebuilds it.
 * - A cache from a newer format is opened read-only and never written (`readOnlyReason` says so).
 * - Without a folder (no usable keychain), everything lives in memory for this run.
 *
 * Over 300 lines: one store's life (open with its checks and quarantine, the progressive load, commits with
 * their segments and rechaining, close) around state the parts share; sealing, chaining, locking and atomic
 * files are their own modules.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import type { NpsSessionSummary } from '../nps/npsSchemas';
import { removeLeftoverTemps, syncFolder, writeFileAtomic } from './atomicFile';
import { tryLock, waitForLock, type WriterLock } from './cacheLock';
import { rechain, type ChainedRecord } from './hashChain';
import { FORMAT_VERSION, PartitionError, SealedPartitionAdapter, type PartitionData } from './partitionAdapter';

export type CachedSession = NpsSessionSummary;

/** Where a sync stands. `checkpoint` is set while a sync is under way (resumable), null once it finished. */
export interface SyncState {
  syncedAt: string | null;
  /** The latest end time among synced sessions: the next incremental sync starts from it (less an overlap). */
  watermark: string | null;
  checkpoint: { skip: number; floor: string | null; highWater: string | null } | null;
}

export interface QuarantinedFile {
  name: string;
  /** Where it was moved (null when read-only: it was only skipped). */
  movedTo: string | null;
  reason: string;
}

export interface HistoryCache {
  readonly persistent: boolean;
  readonly readOnly: boolean;
  readonly readOnlyReason: string | null;
  readonly quarantined: readonly QuarantinedFile[];
  /**
   * Settles once every partition is loaded (opened `progressive`, the load goes on after the open; until
   * then `size`, `get` and `all` tell only the partitions loaded so far, and `commit` waits for it).
   */
  readonly loaded: Promise<void>;
  /**
   * Every session whose start (`startDateTimeUtc`) is at or after this string is loaded: '' once all are,
   * a month (`2026-11`) while older months are still loading, '\uffff' before the first month is in.
   */
  loadedSince(): string;
  /** Settles when `loadedSince` next moves (at once when everything is loaded). */
  nextLoadStep(): Promise<void>;
  size(): number;
  get(id: string): CachedSession | undefined;
  all(): CachedSession[];
  /** Month partitions present, oldest first. */
  partitions(): string[];
  state(): SyncState;
  /** Upserts sessions by id and stores `state`, as one batch. Rejects when read-only. */
  commit(sessions: readonly CachedSession[], state?: SyncState): Promise<{ added: number; updated: number }>;
  close(): Promise<void>;
}

export interface OpenHistoryCacheOptions {
  /** The cache folder of this profile/user; null = memory only for this run. */
  folder: string | null;
  key: Buffer;
  /** When another instance writes: wait this long for it, then open read-only. Default 0 (read-only at once). */
  waitForWriterMs?: number;
  /**
   * Resolve the open once the folder, lock and sync state are read, and load the partitions after it, newest
   * month first (`loaded`, `loadedSince`). Default false: the open resolves with everything loaded.
   */
  progressive?: boolean;
  log?: { warn(message: string): void };
}

const FORMAT_FILE = 'cache.json';
const STATE_NAME = 'sync-state';
const QUARANTINE = 'quarantine';
/** `sessions-2026-11.pamh`, then `sessions-2026-11.1.pamh`, … once a month's segment is full. */
const PARTITION_FILE = /^sessions-((?:\d{4}-\d{2}|undated)(?:\.\d{1,6})?)\.pamh$/;
/**
 * Records per segment of a month: new sessions go to the month's last segment, so a sync's batch rewrites
 * at most this many records per month, however large the month (or the cache) has grown.
 */
export const SEGMENT_RECORDS = 1000;
const monthOfSegment = (segment: string) => segment.split('.')[0]!;
const segmentNumber = (segment: string) => Number(segment.split('.')[1] ?? 0);
const EMPTY_STATE: SyncState = { syncedAt: null, watermark: null, checkpoint: null };

export class HistoryCacheReadOnlyError extends Error {
  constructor(reason: string) {
    super(`the history cache is read-only: ${reason}`);
    this.name = 'HistoryCacheReadOnlyError';
  }
}

/** The month a session belongs to: of its start (scheduled, else actual, else creation). */
export function partitionOf(session: CachedSession): string {
  const when = session.startDateTimeUtc ?? session.actualStartDateTimeUtc ?? session.createdDateTimeUtc ?? null;
  const month = when?.slice(0, 7);
  return month && /^\d{4}-\d{2}$/.test(month) ? month : 'undated';
}

const fileName = (name: string) => `${name}.pamh`;
/** Above every month: nothing is known to be loaded yet. */
const NOTHING_LOADED = '\uffff';
/** Files read ahead of the one being checked, during the load. */
const READ_AHEAD = 4;

/**
 * The order partitions are loaded in: `undated` first (its sessions' starts are not months, so they may sort
 * anywhere), then months newest first, each month's segments together. Once a month is loaded, every session
 * that starts in it or later is (a session's start month is its partition), so the newest pages can be
 * answered before the older years are read.
 */
function loadOrder(entries: readonly string[]): Array<{ file: string; segment: string; month: string }> {
  const files = entries.flatMap((file) => {
    const segment = PARTITION_FILE.exec(file)?.[1];
    return segment === undefined ? [] : [{ file, segment, month: monthOfSegment(segment) }];
  });
  const rank = (month: string) => (month === 'undated' ? '\uffff' : month);
  return files.sort((a, b) =>
    a.month !== b.month
      ? rank(a.month) < rank(b.month)
        ? 1
        : -1
      : segmentNumber(a.segment) - segmentNumber(b.segment),
  );
}

async function readBytes(file: string): Promise<Buffer | Error | null> {
  try {
    return await fs.readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    return new PartitionError('unreadable', `${path.basename(file)} cannot be read: ${(error as Error).message}`);
  }
}

export async function openHistoryCache(options: OpenHistoryCacheOptions): Promise<HistoryCache> {
  const { folder, key } = options;
  const log = options.log ?? { warn: () => undefined };
  const months = new Map<string, Low<PartitionData<CachedSession>>>();
  // Both keyed by segment (`2026-11`, `2026-11.1`): where each session is, and each month's last segment.
  const where = new Map<string, string>();
  const tails = new Map<string, string>();
  const quarantined: QuarantinedFile[] = [];
  let stateDb: Low<PartitionData<SyncState>> | null = null;
  let state: SyncState = { ...EMPTY_STATE };
  let lock: WriterLock | null = null;
  let readOnlyReason: string | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  const partitionDb = (month: string) =>
    new Low<PartitionData<CachedSession>>(
      folder
        ? new SealedPartitionAdapter<CachedSession>(
            path.join(folder, fileName(`sessions-${month}`)),
            `sessions-${month}`,
            key,
          )
        : { read: async () => null, write: async () => undefined },
      { format: FORMAT_VERSION, partition: `sessions-${month}`, records: [] },
    );

  async function setAside(name: string, reason: string): Promise<void> {
    let movedTo: string | null = null;
    if (folder && lock) {
      const aside = path.join(folder, QUARANTINE);
      await fs.mkdir(aside, { recursive: true, mode: 0o700 });
      movedTo = path.join(aside, `${fileName(name)}.${new Date().toISOString().replace(/[:.]/g, '-')}.${reason}`);
      await fs.rename(path.join(folder, fileName(name)), movedTo);
      await syncFolder(aside);
      await syncFolder(folder);
    }
    quarantined.push({ name, movedTo, reason });
    log.warn(`[history] set aside ${name} (${reason})`);
  }

  let format: number | null = null;
  if (folder) {
    await fs.mkdir(folder, { recursive: true, mode: 0o700 });
    await fs.chmod(folder, 0o700);
    format = await readFormatFile(folder);
    if (format !== null && format > FORMAT_VERSION) {
      readOnlyReason = `it was written by a newer PAM Desk (cache format ${format}; this version reads ${FORMAT_VERSION})`;
    } else {
      lock = options.waitForWriterMs ? await waitForLock(folder, options.waitForWriterMs) : await tryLock(folder);
      if (!lock) readOnlyReason = 'another PAM Desk instance is writing it';
    }
    if (lock) {
      await removeLeftoverTemps(folder);
      if (format === null)
        await writeFileAtomic(path.join(folder, FORMAT_FILE), Buffer.from(JSON.stringify({ format: FORMAT_VERSION })));
    }
  }
  /** Where the background load stands (`progressive`): every session starting at or after it is loaded. */
  let loadedSince = '';
  let closing = false;
  const nextStep = () => {
    let resolve = () => {};
    const promise = new Promise<void>((r) => (resolve = r));
    return { promise, resolve };
  };
  let step = nextStep();
  const stepped = (since: string) => {
    loadedSince = since;
    step.resolve();
    step = nextStep();
  };
  let loaded: Promise<void> = Promise.resolve();
  if (folder && (format === null || format <= FORMAT_VERSION)) {
    // The state first: it is small, and the sync needs it.
    stateDb = new Low<PartitionData<SyncState>>(
      new SealedPartitionAdapter<SyncState>(path.join(folder, fileName(STATE_NAME)), STATE_NAME, key),
      { format: FORMAT_VERSION, partition: STATE_NAME, records: [] },
    );
    try {
      await stateDb.read();
      state = stateDb.data.records[0]?.s ?? { ...EMPTY_STATE };
    } catch (error) {
      await setAside(STATE_NAME, error instanceof PartitionError ? error.reason : 'unreadable');
      stateDb.data = { format: FORMAT_VERSION, partition: STATE_NAME, records: [] };
    }
    const order = loadOrder(await fs.readdir(folder));
    loadedSince = order.length === 0 ? '' : NOTHING_LOADED;
    const loadAll = async () => {
      // Files are read a few ahead while the one before is decrypted, parsed and chain-checked.
      const reads = order.map(() => null as Promise<Buffer | Error | null> | null);
      const readAhead = (i: number) => {
        if (i < order.length && !reads[i]) reads[i] = readBytes(path.join(folder, order[i]!.file));
      };
      for (let i = 0; i < order.length; i++) {
        if (closing) return;
        for (let ahead = i; ahead < i + READ_AHEAD; ahead++) readAhead(ahead);
        const { file, segment } = order[i]!;
        const bytes = await reads[i]!;
        reads[i] = null;
        await loadSegment(file, segment, bytes);
        // A month counts as loaded once its last segment is: then nothing unloaded can start in it or later.
        const next = order[i + 1];
        // (`undated` says nothing about months: it is loaded first, before any month counts.)
        if (!next) stepped('');
        else if (next.month !== order[i]!.month && order[i]!.month !== 'undated') stepped(order[i]!.month);
        if (options.progressive) await new Promise<void>((resolve) => setImmediate(resolve));
      }
      // What was set aside is rebuilt by the next sync: forget the watermark so it is a full one.
      if (quarantined.length > 0) state = { ...EMPTY_STATE };
    };
    let failure: unknown = null;
    loaded = loadAll().catch((error: unknown) => {
      // Not a bad partition (those are set aside) but, say, the folder itself: what is loaded stays usable.
      failure = error;
      log.warn(`[history] loading stopped: ${(error as Error).message}`);
      stepped('');
    });
    if (!options.progressive) {
      await loaded;
      if (failure !== null) throw failure as Error;
    }
  }

  async function loadSegment(entry: string, month: string, bytes: Buffer | Error | null): Promise<void> {
    if (bytes === null) return; // gone since the folder was listed
    const db = partitionDb(month);
    try {
      if (bytes instanceof Error) throw bytes;
      db.data = (db.adapter as SealedPartitionAdapter<CachedSession>).open(bytes);
    } catch (error) {
      if (error instanceof PartitionError && error.reason === 'newer_format') {
        readOnlyReason ??= `${entry} was written by a newer PAM Desk`;
        await lock?.release();
        lock = null;
        return;
      }
      await setAside(`sessions-${month}`, error instanceof PartitionError ? error.reason : 'unreadable');
      return;
    }
    months.set(month, db);
    const tail = tails.get(monthOfSegment(month));
    if (tail === undefined || segmentNumber(month) > segmentNumber(tail)) tails.set(monthOfSegment(month), month);
    for (const record of db.data.records) where.set(record.s.id, month);
  }

  const readOnly = () => folder !== null && lock === null;

  function upsertOne(session: CachedSession, touched: Set<string>): 'added' | 'updated' | 'same' {
    const month = partitionOf(session);
    const before = where.get(session.id);
    if (before !== undefined) {
      const records = months.get(before)!.data.records;
      const index = records.findIndex((r) => r.s.id === session.id);
      if (monthOfSegment(before) === month) {
        if (JSON.stringify(records[index]!.s) === JSON.stringify(session)) return 'same';
        records[index]!.s = session;
        rechain(`sessions-${before}`, records, index);
        touched.add(before);
        return 'updated';
      }
      records.splice(index, 1);
      rechain(`sessions-${before}`, records, index);
      touched.add(before);
    }
    let segment = tails.get(month) ?? month;
    let db = months.get(segment);
    if (db && db.data.records.length >= SEGMENT_RECORDS) {
      segment = `${month}.${segmentNumber(segment) + 1}`;
      db = undefined;
    }
    if (!db) {
      db = partitionDb(segment);
      months.set(segment, db);
      tails.set(month, segment);
    }
    const records = db.data.records;
    records.push({ h: '', s: session } satisfies ChainedRecord<CachedSession>);
    rechain(`sessions-${segment}`, records, records.length - 1);
    where.set(session.id, segment);
    touched.add(segment);
    return before === undefined ? 'added' : 'updated';
  }

  const cache: HistoryCache = {
    persistent: folder !== null,
    get readOnly() {
      return readOnly();
    },
    get readOnlyReason() {
      return readOnly() ? readOnlyReason : null;
    },
    quarantined,
    loaded,
    loadedSince: () => loadedSince,
    nextLoadStep: () => (loadedSince === '' ? Promise.resolve() : step.promise),
    size: () => where.size,
    get(id) {
      const month = where.get(id);
      return month === undefined ? undefined : months.get(month)!.data.records.find((r) => r.s.id === id)?.s;
    },
    all: () => [...months.values()].flatMap((db) => db.data.records.map((r) => r.s)),
    partitions: () =>
      [...new Set([...months.keys()].filter((m) => months.get(m)!.data.records.length > 0).map(monthOfSegment))].sort(),
    state: () => structuredClone(state),
    commit(sessions, nextState) {
      const run = async () => {
        if (readOnly()) throw new HistoryCacheReadOnlyError(readOnlyReason ?? 'it is open read-only');
        const touched = new Set<string>();
        let added = 0;
        let updated = 0;
        for (const session of sessions) {
          const outcome = upsertOne(session, touched);
          if (outcome === 'added') added += 1;
          else if (outcome === 'updated') updated += 1;
        }
        // Months first, then the checkpoint: a crash in between only makes the resumed sync redo a page.
        for (const month of touched) await months.get(month)!.write();
        if (nextState) {
          state = structuredClone(nextState);
          if (stateDb) {
            stateDb.data.records = [{ h: '', s: state }];
            rechain(STATE_NAME, stateDb.data.records);
            await stateDb.write();
          }
        }
        return { added, updated };
      };
      // Upserts need every partition loaded (where each session is); the open's `loaded` never rejects.
      const result = queue.then(() => loaded).then(run, run);
      queue = result.catch(() => undefined);
      return result;
    },
    async close() {
      closing = true;
      await loaded;
      await queue;
      await lock?.release();
      lock = null;
    },
  };
  return cache;
}

async function readFormatFile(folder: string): Promise<number | null> {
  try {
    const parsed = JSON.parse(await fs.readFile(path.join(folder, FORMAT_FILE), 'utf8')) as { format?: unknown };
    return typeof parsed.format === 'number' && Number.isInteger(parsed.format) ? parsed.format : FORMAT_VERSION + 1;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    // Unreadable: treat as not ours to overwrite.
    return FORMAT_VERSION + 1;
  }
}
