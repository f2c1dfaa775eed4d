/**
 * The logs of ended sessions, cached beside the history of the same profile and user for offline review:
 * `<history folder>/logs/log-<session id>.pamh`, one file per session, so storing or evicting one log never
 * rewrites another. Each file is the log as JSON, deflated, then sealed with AES-256-GCM under the history
 * key (`cacheCrypto.ts`), its logical name `log-<id>` bound into the seal: a file edited, truncated, or
 * copied over another session's fails its check, is moved to `quarantine/` and named, and counts as not
 * cached. Files are written atomically (0600, in a 0700 folder).
 *
 * Eviction: over the budget, the lowest-ranked logs go first. A log fetched ahead of time ranks as its
 * session's end; one opened on demand ranks as the moment it was opened, so it outlives the prefetched
 * ones. The rank is the file's mtime (not secret, not trusted: a wrong one only changes what goes first).
 * Without a folder (no usable keychain) logs live in memory for this run.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { z } from 'zod';
import { LogLine } from '../../contract';
import { removeLeftoverTemps, syncFolder, writeFileAtomic } from './atomicFile';
import { seal, unseal, UnsealError } from './cacheCrypto';

export const LOG_FORMAT_VERSION = 1;
export const LOGS_FOLDER = 'logs';
const QUARANTINE = 'quarantine';
const LOG_FILE = /^log-([0-9a-fA-F-]{36})\.pamh$/;
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
  /** Logs set aside (`log-<id>`), for the banner. */
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

/** Throws a message that says why, when the bytes are not this session's log sealed with this key. */
export function unsealLog(key: Buffer, id: string, bytes: Buffer): CachedLog {
  let packed: Buffer;
  try {
    packed = unseal(key, logName(id), LOG_FORMAT_VERSION, bytes);
  } catch (error) {
    throw new Error(error instanceof UnsealError ? error.reason : 'unauthentic');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(inflateRawSync(packed, { maxOutputLength: 512 * 1024 * 1024 }).toString('utf8'));
  } catch {
    throw new Error('malformed');
  }
  const checked = CachedLogFile.safeParse(parsed);
  if (!checked.success || checked.data.id.toLowerCase() !== id.toLowerCase()) throw new Error('malformed');
  return { id: checked.data.id, fetchedAt: checked.data.fetchedAt, lines: checked.data.lines };
}

export async function openLogCache(options: OpenLogCacheOptions): Promise<LogCache> {
  const { key, writable } = options;
  const warn = (message: string) => options.log?.warn(message);
  const folder = options.folder ? path.join(options.folder, LOGS_FOLDER) : null;
  const entries = new Map<string, Entry>();
  const memory = new Map<string, CachedLog>();
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
    const found = names.flatMap((name) => {
      const id = LOG_FILE.exec(name)?.[1];
      return id ? [{ name, id: id.toLowerCase() }] : [];
    });
    for (let i = 0; i < found.length; i += STAT_BATCH) {
      const batch = found.slice(i, i + STAT_BATCH);
      const stats = await Promise.all(batch.map(({ name }) => fs.stat(path.join(folder, name)).catch(() => null)));
      stats.forEach((stat, j) => {
        if (stat?.isFile()) entries.set(batch[j]!.id, { bytes: diskBytes(stat), rank: stat.mtimeMs });
      });
    }
  }).catch((error: unknown) => warn(`[history] the log cache could not be listed: ${(error as Error).message}`));
  const fileOf = (id: string) => path.join(folder!, `${logName(id)}.pamh`);

  async function setAside(id: string, reason: string): Promise<void> {
    entries.delete(id);
    quarantined.push(logName(id));
    warn(`[history] set aside the cached log ${logName(id)} (${reason})`);
    if (!folder || !writable) return;
    const aside = path.join(path.dirname(folder), QUARANTINE);
    await fs.mkdir(aside, { recursive: true, mode: 0o700 });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    await fs.rename(fileOf(id), path.join(aside, `${logName(id)}.pamh.${stamp}.${reason}`)).catch(() => undefined);
    await syncFolder(aside);
  }

  async function evict(budgetBytes: number): Promise<number> {
    let used = [...entries.values()].reduce((sum, e) => sum + e.bytes, 0);
    if (used <= budgetBytes || !writable) return 0;
    const order = [...entries].sort((a, b) => a[1].rank - b[1].rank);
    let removed = 0;
    for (const [id, entry] of order) {
      if (used <= budgetBytes) break;
      if (folder) await fs.rm(fileOf(id), { force: true });
      entries.delete(id);
      memory.delete(id);
      used -= entry.bytes;
      removed += 1;
    }
    if (folder && removed) await syncFolder(folder);
    return removed;
  }

  return {
    ready,
    has: (id) => entries.has(id.toLowerCase()),
    get(rawId) {
      const id = rawId.toLowerCase();
      if (!ID.test(id)) return Promise.resolve(null);
      if (!folder) return Promise.resolve(structuredClone(memory.get(id) ?? null));
      return serial(async () => {
        if (!entries.has(id)) return null;
        let bytes: Buffer;
        try {
          bytes = await fs.readFile(fileOf(id));
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
            entries.delete(id);
            return null;
          }
          await setAside(id, 'unreadable');
          return null;
        }
        try {
          return unsealLog(key, id, bytes);
        } catch (error) {
          await setAside(id, (error as Error).message);
          return null;
        }
      });
    },
    put(log, rank, budgetBytes) {
      const id = log.id.toLowerCase();
      if (!ID.test(id)) return Promise.reject(new TypeError('not a session id'));
      if (!writable) return Promise.resolve();
      return serial(async () => {
        if (folder) {
          const sealed = sealLog(key, log);
          await writeFileAtomic(fileOf(id), sealed);
          const when = new Date(rank);
          await fs.utimes(fileOf(id), when, when);
          const stat = await fs.stat(fileOf(id)).catch(() => null);
          entries.set(id, { bytes: stat ? diskBytes(stat) : sealed.length, rank });
        } else {
          memory.set(id, structuredClone(log));
          entries.set(id, { bytes: Buffer.byteLength(JSON.stringify(log)), rank });
        }
        await evict(budgetBytes);
      });
    },
    evictTo: (budgetBytes) => serial(() => evict(budgetBytes)),
    usage: () => ({
      count: entries.size,
      usedBytes: [...entries.values()].reduce((sum, e) => sum + e.bytes, 0),
    }),
    quarantined,
  };
}
