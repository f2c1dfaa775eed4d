/**
 * A small JSON file of the app's own (settings, profiles): read with a schema, written atomically.
 *
 * Reading never fails the app: a missing file gives the defaults; a file that does not parse or fails its
 * schema is moved aside as `<file>.corrupt-<time>` and reported, then the defaults are used — nothing is lost
 * silently. Writing goes to a temp file (mode 0600, fsync) renamed over the old one, so a crash leaves either
 * the old file or the new one, never half of one.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import type { Logger } from '../log/logger';

export interface JsonFileOptions<T> {
  file: string;
  schema: z.ZodType<T>;
  defaults: () => T;
  log: Logger;
  /** The `[tag]` of log lines, e.g. `settings`. */
  tag: string;
  now?: () => Date;
}

export function readJsonFile<T>(options: JsonFileOptions<T>): T {
  const { file, schema, defaults, log, tag } = options;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      log.warn(`[${tag}] cannot read ${file}: ${(error as Error).message}; using defaults`);
    }
    return defaults();
  }
  let problem: string;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    problem = `${issue?.path.join('.') || 'file'}: ${issue?.message ?? 'invalid'}`;
  } catch (error) {
    problem = `not JSON (${(error as Error).message})`;
  }
  const aside = `${file}.corrupt-${(options.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-')}`;
  try {
    fs.renameSync(file, aside);
    log.warn(`[${tag}] ${file} is invalid (${problem}); moved it to ${aside} and started from defaults`);
  } catch (error) {
    log.error(`[${tag}] ${file} is invalid (${problem}) and could not be moved aside: ${(error as Error).message}`);
  }
  return defaults();
}

export function writeJsonFileAtomic(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.tmp-${process.pid}-${Date.now()}`;
  const fd = fs.openSync(temp, 'w', 0o600);
  try {
    fs.writeFileSync(fd, `${JSON.stringify(value, null, 2)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}
