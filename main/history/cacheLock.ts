/**
 * One writer per cache folder: a `writer.lock` file holding the writer's pid, created exclusively. A lock
 * whose pid is no longer running (a crash, a SIGKILL) is stale and taken over; a live one means another
 * instance writes, and this one opens read-only (or waits, when asked to).
 */
import fs from 'node:fs/promises';
import path from 'node:path';

export const LOCK_NAME = 'writer.lock';

export interface WriterLock {
  release(): Promise<void>;
}

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Resolves with the lock, or null when a running process holds it. */
export async function tryLock(folder: string): Promise<WriterLock | null> {
  const file = path.join(folder, LOCK_NAME);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await fs.open(file, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.sync();
      await handle.close();
      let released = false;
      return {
        async release() {
          if (released) return;
          released = true;
          // Remove it only if it is still ours (a stale-lock takeover by someone else must not be undone).
          const holder = await fs.readFile(file, 'utf8').catch(() => '');
          if (holder.trim() === String(process.pid)) await fs.rm(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number((await fs.readFile(file, 'utf8').catch(() => '')).trim());
    if (holder === process.pid || isRunning(holder)) return null;
    // An empty lock this young is a writer between creating it and writing its pid, not a stale one.
    const age = Date.now() - ((await fs.stat(file).catch(() => null))?.mtimeMs ?? 0);
    if (!holder && age < 2000) return null;
    // Stale (or empty: killed between create and write): take it over.
    await fs.rm(file, { force: true });
  }
  return null;
}

/** Waits up to `timeoutMs` for the lock, polling; null when it was not released in time. */
export async function waitForLock(folder: string, timeoutMs: number, pollMs = 100): Promise<WriterLock | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lock = await tryLock(folder);
    if (lock || Date.now() >= deadline) return lock;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
