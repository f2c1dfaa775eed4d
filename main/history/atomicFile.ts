/**
 * Whole-file writes that a crash cannot tear: the bytes go to a temporary file in the same folder (0600),
 * are flushed to disk, renamed over the target (atomic on POSIX and NTFS), and the folder is flushed so the
 * rename itself survives a power cut. A reader sees the old file or the new one, never a mix.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

export const TEMP_MARK = '.tmp-';

export async function writeFileAtomic(file: string, bytes: Uint8Array): Promise<void> {
  const temp = `${file}${TEMP_MARK}${process.pid}-${randomBytes(4).toString('hex')}`;
  const handle = await fs.open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await fs.rm(temp, { force: true });
    throw error;
  } finally {
    await handle.close().catch(() => undefined);
  }
  try {
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
  await syncFolder(path.dirname(file));
}

/** Flushes a folder's entries (renames, creations). Windows cannot open a folder for this; NTFS journals it. */
export async function syncFolder(folder: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await fs.open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Temporary files a killed writer left behind (never renamed, so never committed). Only a writer removes them. */
export async function removeLeftoverTemps(folder: string): Promise<number> {
  let removed = 0;
  for (const name of await fs.readdir(folder)) {
    if (!name.includes(TEMP_MARK)) continue;
    await fs.rm(path.join(folder, name), { force: true });
    removed += 1;
  }
  return removed;
}
