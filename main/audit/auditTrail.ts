/**
 * The local audit trail of credential use: who copied or viewed what, for which session, when.
 * It never holds a secret — entries are built from a closed set of fields, so there is no place for one.
 *
 * Stored as JSON Lines (one entry per line, appended, mode 0600) so a crash loses at most the line being
 * written; a line that does not parse is skipped and counted, never fatal.
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';

export const AuditAction = z.enum(['copyUsername', 'copyPassword', 'viewPassword', 'launchRdp', 'launchSsh']);
export type AuditAction = z.infer<typeof AuditAction>;

export const AuditEntry = z.object({
  at: z.string(),
  server: z.string().max(2048),
  user: z.string().max(256),
  sessionId: z.string().max(64),
  host: z.string().max(512),
  loginAccount: z.string().max(512),
  action: AuditAction,
  outcome: z.enum(['ok', 'refused', 'failed']),
  detail: z.string().max(500),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export class AuditTrail {
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Appends one entry; entries are written in call order. */
  record(entry: Omit<AuditEntry, 'at'>): Promise<void> {
    const line = `${JSON.stringify(AuditEntry.parse({ ...entry, at: this.now().toISOString() }))}\n`;
    this.writing = this.writing.then(async () => {
      await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
      await appendFile(this.file, line, { mode: 0o600 });
    });
    return this.writing;
  }

  /** Entries for one session, oldest first, plus how many unreadable lines were skipped. */
  async forSession(sessionId: string): Promise<{ entries: AuditEntry[]; skipped: number }> {
    await this.writing;
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], skipped: 0 };
      throw error;
    }
    const entries: AuditEntry[] = [];
    let skipped = 0;
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const entry = AuditEntry.parse(JSON.parse(line));
        if (entry.sessionId === sessionId) entries.push(entry);
      } catch {
        skipped += 1;
      }
    }
    return { entries, skipped };
  }
}
