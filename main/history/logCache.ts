/**
 * The logs and SSH recordings of ended sessions, cached beside the history of the same profile and user for
 * offline review, under one budget. Entries are of a kind: a log, `<history folder>/logs/log-<session id>.pamh`
 * (one per session), or a recording, `logs/rec-<session id>.<proxy session id>.pamh` (one per recorded SSH
 * connection), so storing or evicting one never rewrites another. Each file is the entry as JSON, deflated,
 * then sealed with AES-256-GCM under the history key (`cacheCrypto.ts`), its logical name (`log-<id>`,
 * `rec-<id>.<id>`) bound into the seal: a file edited, truncated, or copied over another entry's fails its
 * check, is moved to `quarantine/` and named, and counts as not cached. Files are written atomically (0600,
 * in a 0700 folder). An entry larger than the whole budget is not kept (it would evict everything).
 *
 * Eviction: over the budget, the lowest-ranked entries (of either kind) go first. A log fetched ahead of time ranks as its
 * session's end; one opened on demand ranks as the moment it was opened, so it outlives the prefetched
 * ones. The rank is the file's mtime (not secret, not trusted: a wrong one only changes what goes first).
 * Without a folder (no usable keychain) logs live in memory for this run.
 *
 * Over 300 lines: one store with its file format, listing, quarantine, budget and eviction, whose rules
 * (what counts against the budget, what goes first) only hold when kept together.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { z } from 'zod';
import { LogLine, Recording, RecordingSummary } from '../../contract';
import { removeLeftoverTemps, syncFolder, writeFileAtomic } from './atomicFile';
import { seal, unseal, UnsealError } from './cacheCrypto';

export const LOG_FORMAT_VERSION = 1;
export const LOGS_FOLDER = 'logs';
const QUARANTINE = 'quarantine';
const ENTRY_FILE = /^((?:log-[0-9a-fA-F-]{36})|(?:rec-[0-9a-fA-F-]{36}\.[0-9a-fA-F-]{36}))\.pamh$/;
const ID = /^[0-9a-fA-F-]{36}$/;
const STAT_BATCH = 64;

export interface CachedLog {
  id: string;
  /** When it was fetched from the server (ISO). */
  fetchedAt: string;
  lines: LogLine[];
}

const CachedLogFile = z.object({
  format: z.literal(LOG_FORMAT_VERSION),
  id: z.string(),
  fetchedAt: z.string(),
  lines: z.array(LogLine),
});

/** One recorded SSH connection of an ended session, as the History window lists and replays it. */
export interface CachedRecording {
  sessionId: string;
  /** When it was fetched from the server (ISO). */
  fetchedAt: string;
  summary: RecordingSummary;
  recording: Recording;
}

const CachedRecordingFile = z.object({
  format: z.literal(LOG_FORMAT_VERSION),
  kind: z.literal('recording'),
  sessionId: z.string(),
  fetchedAt: z.string(),
  summary: RecordingSummary,
  recording: Recording,
});

/** What an entry is: a session's log, or one recorded connection of a session. */
export type EntryKind = 'log' | 'recording';

export interface LogCacheUsage {
  count: number;
  usedBytes: number;
}

export interface LogCache {
  /** Settles once the folder is listed (in the background: the history's open does not wait for it). */
  readonly ready: Promise<void>;
  /** Whether a log is cached (false for every log until `ready`). */
  has(id: string): boolean;
  /** The cached log, or null when it is not cached (or was just set aside: see `quarantined`). */
  get(id: string): Promise<CachedLog | null>;
  /** Stores (or replaces) a log with its eviction rank (ms), then evicts down to `budgetBytes`. */
  put(log: CachedLog, rank: number, budgetBytes: number): Promise<void>;
  /** Removes the lowest-ranked logs until at most `budgetBytes` are used; resolves with how many went. */
  evictTo(budgetBytes: number): Promise<number>;
  usage(): LogCacheUsage;
  /** Whether a recording is cached (false for every one until `ready`). */
  hasRecording(sessionId: string, proxySessionId: string): boolean;
  /** The recorded connections of a session that are cached (their proxy session ids; no decryption). */
  recordingsOf(sessionId: string): string[];
  /** The cached recording, or null when it is not cached (or was just set aside). */
  getRecording(sessionId: string, proxySessionId: string): Promise<CachedRecording | null>;
  /**
   * Stores (or replaces) a recording with its eviction rank, then evicts down to `budgetBytes`. With
   * `onlyIfFits`, nothing is evicted for it: it is kept only if it fits in what the budget has left.
   * Resolves with whether it is kept.
   */
  putRecording(entry: CachedRecording, rank: number, budgetBytes: number, onlyIfFits?: boolean): Promise<boolean>;
  usage(): LogCacheUsage;
  /** How many entries of a kind are cached. */
  countOf(kind: EntryKind): number;
  /** Entries set aside (`log-<id>`, `rec-<id>.<id>`), for the banner. */
  readonly quarantined: readonly string[];
}

export interface OpenLogCacheOptions {
  /** The history folder of this profile/user (logs go in its `logs/`); null = memory for this run. */
  folder: string | null;
  key: Buffer;
  /** False when another instance writes the history (or it is from a newer version): nothing is changed. */
  writable: boolean;
  log?: { warn(message: string): void };
}

interface Entry {
  bytes: number;
  rank: number;
}

const logName = (id: string) => `log-${id.toLowerCase()}`;
const recordingName = (sessionId: string, proxySessionId: string) =>
  `rec-${sessionId.toLowerCase()}.${proxySessionId.toLowerCase()}`;
const kindOf = (name: string): EntryKind => (name.startsWith('rec-') ? 'recording' : 'log');
/** Rounded up to whole 4 KiB blocks: what a file of this size will take on most file systems. */
const blocksFor = (size: number) => Math.ceil(size / 4096) * 4096;

/**
 * What a file takes on disk: its allocated blocks where the file system says (a 400-byte log still takes
 * a 4 KiB block on ext4), else its size. The budget counts this, so it is the disk the user gives up.
 */
function diskBytes(stat: { size: number; blocks?: number }): number {
  return stat.blocks ? Math.max(stat.size, stat.blocks * 512) : stat.size;
}

export function sealLog(key: Buffer, log: CachedLog): Buffer {
  const plain = Buffer.from(JSON.stringify({ format: LOG_FORMAT_VERSION, ...log }), 'utf8');
  return seal(key, logName(log.id), LOG_FORMAT_VERSION, deflateRawSync(plain));
}

export function sealRecording(key: Buffer, entry: CachedRecording): Buffer {
  const plain = Buffer.from(JSON.stringify({ format: LOG_FORMAT_VERSION, kind: 'recording', ...entry }), 'utf8');
  return seal(
    key,
    recordingName(entry.sessionId, entry.summary.proxySessionId),
    LOG_FORMAT_VERSION,
    deflateRawSync(plain),
  );
}

/** The JSON sealed under `name`; throws the reason (`unauthentic`, `newer_format`, `malformed`…). */
function unsealEntry(key: Buffer, name: string, bytes: Buffer): unknown {
  let packed: Buffer;
  try {
    packed = unseal(key, name, LOG_FORMAT_VERSION, bytes);
  } catch (error) {
    throw new Error(error instanceof UnsealError ? error.reason : 'unauthentic');
  }
  try {
    return JSON.parse(inflateRawSync(packed, { maxOutputLength: 512 * 1024 * 1024 }).toString('utf8'));
  } catch {
    throw new Error('malformed');
  }
}

/** Throws a message that says why, when the bytes are not this session's log sealed with this key. */
export function unsealLog(key: Buffer, id: string, bytes: Buffer): CachedLog {
  const parsed = unsealEntry(key, logName(id), bytes);
  const checked = CachedLogFile.safeParse(parsed);
  if (!checked.success || checked.data.id.toLowerCase() !== id.toLowerCase()) throw new Error('malformed');
  return { id: checked.data.id, fetchedAt: checked.data.fetchedAt, lines: checked.data.lines };
}

/** Throws a message that says why, when the bytes are not this connection's recording sealed with this key. */
export function unsealRecording(
  key: Buffer,
  sessionId: string,
  proxySessionId: string,
  bytes: Buffer,
): CachedRecording {
  const parsed = unsealEntry(key, recordingName(sessionId, proxySessionId), bytes);
  const checked = CachedRecordingFile.safeParse(parsed);
  if (
    !checked.success ||
    checked.data.sessionId.toLowerCase() !== sessionId.toLowerCase() ||
    checked.data.summary.proxySessionId.toLowerCase() !== proxySessionId.toLowerCase() ||
    checked.data.recording.proxySessionId.toLowerCase() !== proxySessionId.toLowerCase()
  )
    throw new Error('malformed');
  const { sessionId: sid, fetchedAt, summary, recording } = checked.data;
  return { sessionId: sid, fetchedAt, summary, recording };
}

export async function openLogCache(options: OpenLogCacheOptions): Promise<LogCache> {
  const { key, writable } = options;
  const warn = (message: string) => options.log?.warn(message);
  const folder = options.folder ? path.join(options.folder, LOGS_FOLDER) : null;
  // Keyed by the entry's logical name (`log-<id>`, `rec-<id>.<id>`), whatever its kind.
  const entries = new Map<string, Entry>();
  const memory = new Map<string, unknown>();
  const quarantined: string[] = [];
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const result = queue.then(work, work);
    queue = result.catch(() => undefined);
    return result;
  };

  if (folder && writable) {
    await fs.mkdir(folder, { recursive: true, mode: 0o700 });
    await fs.chmod(folder, 0o700);
    await removeLeftoverTemps(folder);
  }
  // The listing goes first in the queue, so every get, put and eviction sees it; many files are stat'ed at once.
  const ready = serial(async () => {
    if (!folder) return;
    const names = await fs.readdir(folder).catch(() => [] as string[]);
    const found = names.flatMap((file) => {
      const name = ENTRY_FILE.exec(file)?.[1];
      return name ? [{ file, name: name.toLowerCase() }] : [];
    });
    for (let i = 0; i < found.length; i += STAT_BATCH) {
      const batch = found.slice(i, i + STAT_BATCH);
      const stats = await Promise.all(batch.map(({ file }) => fs.stat(path.join(folder, file)).catch(() => null)));
      stats.forEach((stat, j) => {
        if (stat?.isFile()) entries.set(batch[j]!.name, { bytes: diskBytes(stat), rank: stat.mtimeMs });
      });
    }
  }).catch((error: unknown) => warn(`[history] the log cache could not be listed: ${(error as Error).message}`));
  const fileOf = (name: string) => path.join(folder!, `${name}.pamh`);

  async function setAside(name: string, reason: string): Promise<void> {
    entries.delete(name);
    quarantined.push(name);
    warn(`[history] set aside the cached ${kindOf(name)} ${name} (${reason})`);
    if (!folder || !writable) return;
    const aside = path.join(path.dirname(folder), QUARANTINE);
    await fs.mkdir(aside, { recursive: true, mode: 0o700 });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    await fs.rename(fileOf(name), path.join(aside, `${name}.pamh.${stamp}.${reason}`)).catch(() => undefined);
    await syncFolder(aside);
  }

  const used = () => [...entries.values()].reduce((sum, e) => sum + e.bytes, 0);

  async function evict(budgetBytes: number): Promise<number> {
    let total = used();
    if (total <= budgetBytes || !writable) return 0;
    const order = [...entries].sort((a, b) => a[1].rank - b[1].rank);
    let removed = 0;
    for (const [name, entry] of order) {
      if (total <= budgetBytes) break;
      if (folder) await fs.rm(fileOf(name), { force: true });
      entries.delete(name);
      memory.delete(name);
      total -= entry.bytes;
      removed += 1;
    }
    if (folder && removed) await syncFolder(folder);
    return removed;
  }

  /** The entry, opened and checked by `open`; null when not cached, or set aside now. */
  function getEntry<T>(name: string, open: (bytes: Buffer) => T): Promise<T | null> {
    if (!folder) return Promise.resolve(structuredClone((memory.get(name) as T | undefined) ?? null));
    return serial(async () => {
      if (!entries.has(name)) return null;
      let bytes: Buffer;
      try {
        bytes = await fs.readFile(fileOf(name));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          entries.delete(name);
          return null;
        }
        await setAside(name, 'unreadable');
        return null;
      }
      try {
        return open(bytes);
      } catch (error) {
        await setAside(name, (error as Error).message);
        return null;
      }
    });
  }

  /** Writes an entry (sealed by `sealed`) with its rank; false when it is not kept (see `put*`). */
  function putEntry(
    name: string,
    value: unknown,
    sealed: () => Buffer,
    rank: number,
    budgetBytes: number,
    onlyIfFits: boolean,
  ): Promise<boolean> {
    if (!writable) return Promise.resolve(false);
    return serial(async () => {
      const bytes = folder ? sealed() : Buffer.from(JSON.stringify(value));
      const cost = folder ? blocksFor(bytes.length) : bytes.length;
      const others = used() - (entries.get(name)?.bytes ?? 0);
      if (cost > budgetBytes || (onlyIfFits && others + cost > budgetBytes)) return false;
      if (folder) {
        await writeFileAtomic(fileOf(name), bytes);
        const when = new Date(rank);
        await fs.utimes(fileOf(name), when, when);
        const stat = await fs.stat(fileOf(name)).catch(() => null);
        entries.set(name, { bytes: stat ? diskBytes(stat) : bytes.length, rank });
      } else {
        memory.set(name, structuredClone(value));
        entries.set(name, { bytes: bytes.length, rank });
      }
      await evict(budgetBytes);
      return entries.has(name);
    });
  }

  return {
    ready,
    has: (id) => entries.has(logName(id)),
    get(rawId) {
      const id = rawId.toLowerCase();
      if (!ID.test(id)) return Promise.resolve(null);
      return getEntry(logName(id), (bytes) => unsealLog(key, id, bytes));
    },
    async put(log, rank, budgetBytes) {
      const id = log.id.toLowerCase();
      if (!ID.test(id)) throw new TypeError('not a session id');
      await putEntry(logName(id), log, () => sealLog(key, log), rank, budgetBytes, false);
    },
    hasRecording: (sessionId, proxySessionId) => entries.has(recordingName(sessionId, proxySessionId)),
    recordingsOf(sessionId) {
      const prefix = `rec-${sessionId.toLowerCase()}.`;
      return [...entries.keys()].filter((name) => name.startsWith(prefix)).map((name) => name.slice(prefix.length));
    },
    getRecording(sessionId, proxySessionId) {
      if (!ID.test(sessionId) || !ID.test(proxySessionId)) return Promise.resolve(null);
      return getEntry(recordingName(sessionId, proxySessionId), (bytes) =>
        unsealRecording(key, sessionId, proxySessionId, bytes),
      );
    },
    async putRecording(entry, rank, budgetBytes, onlyIfFits = false) {
      const proxySessionId = entry.summary.proxySessionId;
      if (!ID.test(entry.sessionId) || !ID.test(proxySessionId) || entry.recording.proxySessionId !== proxySessionId)
        throw new TypeError('not a recording of a session');
      const name = recordingName(entry.sessionId, proxySessionId);
      return putEntry(name, entry, () => sealRecording(key, entry), rank, budgetBytes, onlyIfFits);
    },
    evictTo: (budgetBytes) => serial(() => evict(budgetBytes)),
    usage: () => ({ count: entries.size, usedBytes: used() }),
    countOf: (kind) => [...entries.keys()].filter((name) => kindOf(name) === kind).length,
    quarantined,
  };
}
