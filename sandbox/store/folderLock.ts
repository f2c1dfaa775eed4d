/**
 * One sandbox per data folder: two servers writing the same database would overwrite each other's
 * changes. A lock file holds the owner's process id; a lock left by a process that no longer runs is
 * taken over.
 */
import { open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the folder's lock; resolves with the function that releases it. */
export async function lockFolder(dir: string): Promise<() => Promise<void>> {
  const file = path.join(dir, 'sandbox.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(file, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      if (owner === process.pid) throw new Error(`the data folder ${dir} is already open in this process`);
      if (Number.isInteger(owner) && owner > 0 && isRunning(owner)) {
        throw new Error(`the data folder ${dir} is in use by process ${owner}`);
      }
      await rm(file, { force: true }); // left behind by a process that ended without releasing it
    }
  }
  throw new Error(`could not lock the data folder ${dir}`);
}
