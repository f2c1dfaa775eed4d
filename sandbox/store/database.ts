/**
 * The data folder's database: lowdb over a compact JSON file, written atomically (temp file + rename,
 * mode 0600, folder 0700) and batched so a burst of changes costs one write. A file that does not parse
 * or validate stops the start with a clear message instead of being overwritten.
 */
import { mkdir, readFile, rename, writeFile, chmod } from 'node:fs/promises';
import path from 'node:path';
import { type Adapter, Low } from 'lowdb';
import { z } from 'zod';
import { DirectorySchema } from '../directory/types';
import { SessionRecordSchema } from '../sessions/model';
import { lockFolder } from './folderLock';

export const DbSchema = z.object({
  format: z.literal(1),
  directory: DirectorySchema,
  sessions: z.array(SessionRecordSchema),
});
export type DbShape = z.infer<typeof DbSchema>;

/** lowdb adapter: compact JSON, atomic replace, owner-only permissions, one write at a time. */
class CompactJsonFile implements Adapter<DbShape> {
  #queue: Promise<void> = Promise.resolve();

  constructor(private readonly file: string) {}

  async read(): Promise<DbShape | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error(`the data file ${this.file} is not valid JSON`);
    }
    const parsed = DbSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(
        `the data file ${this.file} is not a sandbox database (${issue?.path.join('.')}: ${issue?.message})`,
      );
    }
    return parsed.data;
  }

  write(data: DbShape): Promise<void> {
    const text = JSON.stringify(data);
    const run = async () => {
      const temp = path.join(path.dirname(this.file), `.${path.basename(this.file)}.tmp`);
      await writeFile(temp, text, { mode: 0o600 });
      await chmod(temp, 0o600);
      await rename(temp, this.file);
    };
    this.#queue = this.#queue.then(run, run);
    return this.#queue;
  }
}

export class Database {
  readonly #db: Low<DbShape | null>;
  #timer: NodeJS.Timeout | null = null;
  #writing: Promise<void> = Promise.resolve();

  #release: () => Promise<void> = async () => undefined;

  private constructor(
    file: string,
    private readonly snapshot: () => DbShape,
    private readonly debounceMs: number,
    private readonly log: (line: string) => void,
  ) {
    this.#db = new Low<DbShape | null>(new CompactJsonFile(file) as unknown as Adapter<DbShape | null>, null);
  }

  /** Opens `dir/sandbox.json`; resolves with the stored data, or null for a new folder. */
  static async open(
    dir: string,
    snapshot: () => DbShape,
    debounceMs: number,
    log: (line: string) => void,
  ): Promise<{ db: Database; data: DbShape | null }> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await chmod(dir, 0o700);
    const release = await lockFolder(dir);
    const db = new Database(path.join(dir, 'sandbox.json'), snapshot, debounceMs, log);
    db.#release = release;
    try {
      await db.#db.read();
    } catch (error) {
      await release();
      throw error;
    }
    return { db, data: db.#db.data };
  }

  /** Schedules a write of the current state (many calls within the debounce become one write). */
  markDirty(): void {
    if (this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#write();
    }, this.debounceMs);
    this.#timer.unref();
  }

  #write(): Promise<void> {
    this.#db.data = this.snapshot();
    this.#writing = this.#db.write().catch((error: unknown) => {
      this.log(`[sandbox] could not save the data folder: ${error instanceof Error ? error.message : String(error)}`);
    });
    return this.#writing;
  }

  /** Writes now if anything is pending and waits for it. */
  async flush(): Promise<void> {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = null;
      await this.#write();
    }
    await this.#writing;
  }

  async writeNow(): Promise<void> {
    await this.#write();
  }

  /** Writes what is pending and releases the folder for another server. */
  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await this.#release();
    }
  }
}
