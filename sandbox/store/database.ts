/**
 * The data folder's database: lowdb over a compact JSON file, written atomically (temp file + rename,
 * mode 0600, folder 0700) and batched so a burst of changes costs one write. A file that does not parse
 * or validate stops the start with a clear message instead of being overwritten.
 */
import { mkdir, readFile, rename, writeFile, chmod } from 'node:fs/promises';
import path from 'node:path';
import { type Adapter, Low } from 'lowdb';
import { z } from 'zod';
import type { Directory } from '../directory/types';
import type { SessionRecord } from '../sessions/model';
import { lockFolder } from './folderLock';

export interface DbShape {
  format: 1;
  directory: Directory;
  sessions: SessionRecord[];
}

const Id = z.string().min(1).max(64);
const Role = z.enum(['user', 'approver', 'admin', 'helpdesk']);
const DirectorySchema = z.object({
  users: z
    .array(
      z.object({
        id: Id,
        login: z.string().min(1).max(64),
        displayName: z.string().max(256),
        role: Role,
        password: z.string().min(1),
        totpSecret: z.string().regex(/^[A-Z2-7]+=*$/),
      }),
    )
    .min(1),
  activities: z.array(
    z.object({
      id: Id,
      name: z.string().min(1).max(256),
      description: z.string(),
      protocol: z.enum(['rdp', 'ssh']),
      platform: z.enum(['Windows', 'Linux']),
      loginAccountName: z.string().min(1),
    }),
  ),
  resources: z.array(
    z.object({
      id: Id,
      name: z.string().min(1).max(256),
      displayName: z.string(),
      os: z.string(),
      platform: z.enum(['Windows', 'Linux']),
      address: z.string(),
      port: z.number().int(),
      protocol: z.enum(['rdp', 'ssh']),
      reachable: z.boolean(),
      sshTarget: z
        .object({
          host: z.string().min(1).max(256),
          port: z.number().int().min(1).max(65535),
          hostKeySha256: z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/),
        })
        .optional(),
      rdpTarget: z
        .object({
          host: z.string().min(1).max(256),
          port: z.number().int().min(1).max(65535),
          certificateSha256: z.string().regex(/^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){31}$/),
        })
        .optional(),
    }),
  ),
  loginAccounts: z.array(z.object({ id: Id, resourceId: Id, name: z.string().min(1), password: z.string().min(1) })),
  policies: z.array(
    z.object({
      id: Id,
      name: z.string().min(1),
      description: z.string(),
      userIds: z.array(Id),
      approverIds: z.array(Id),
      activityIds: z.array(Id),
      resourceIds: z.array(Id),
      maxSessionMinutes: z.number().int().positive(),
      approvalRequired: z.boolean(),
      allowPasswordAccess: z.boolean(),
      viewPasswordSeconds: z.number().int().min(0),
      allowSessionExtension: z.boolean(),
      notesRequired: z.boolean(),
      ticketRequired: z.boolean(),
    }),
  ),
});

const Ms = z.number().finite();
const SessionSchema = z.object({
  id: Id,
  seq: z.number().int(),
  userId: Id,
  createdBy: Id,
  activityId: Id,
  policyId: Id,
  resourceId: Id,
  accountId: Id,
  groupId: Id.nullable(),
  state: z.enum([
    'approval',
    'scheduled',
    'provisioning',
    'active',
    'cancelling',
    'completed',
    'failed',
    'cancelled',
    'denied',
    'approvalFailed',
  ]),
  createdAt: Ms,
  modifiedAt: Ms,
  scheduledStart: Ms,
  scheduledEnd: Ms.nullable(),
  requestedEnd: Ms.nullable(),
  actualStart: Ms.nullable(),
  actualEnd: Ms.nullable(),
  loginAt: Ms.nullable(),
  dueAt: Ms.nullable(),
  autoLoginAt: Ms.nullable(),
  locked: z.boolean(),
  lockMessage: z.string().nullable(),
  extensionCount: z.number().int(),
  extensionMinutes: z.number().int(),
  note: z.string().nullable(),
  ticket: z.string().nullable(),
  cancelledBy: Id.nullable(),
  statusMessage: z.string(),
  log: z.array(z.object({ t: Ms, e: z.union([z.literal(0), z.literal(1)]), m: z.string() })).nullable(),
  proxySessions: z
    .array(
      z.object({
        id: Id,
        type: z.literal('ssh'),
        start: Ms,
        end: Ms.nullable(),
        size: z.number().int().min(0),
        from: z.string().max(256),
        commands: z.array(z.object({ t: Ms, m: z.string() })),
      }),
    )
    .optional(),
});

export const DbSchema = z.object({
  format: z.literal(1),
  directory: DirectorySchema,
  sessions: z.array(SessionSchema),
});

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
    return parsed.data as DbShape;
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
