/**
 * The private temporary folder of external launches: `<tmp>/pam-desk-<uid>` (0700, owned by this user,
 * not a link), with one `mkdtemp` folder per launch inside (also 0700) for the .rdp file, the ssh_config,
 * the known_hosts file, the askpass helper and its socket. Nothing secret is ever written here.
 *
 * `sweep` removes every launch folder (called at start for a crash's leftovers, and at quit); a launch
 * removes its own folder once its client has read what it needed. A base folder that exists with another
 * owner, looser permissions or as a link was made by someone else: it is refused, never used.
 */
import { lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export class LaunchFolderRefused extends Error {
  constructor(reason: string) {
    super(`PAM Desk did not start the client: its temporary folder ${reason}.`);
    this.name = 'LaunchFolderRefused';
  }
}

export interface LaunchFolder {
  base: string;
  /** A new private folder for one launch. */
  create(): Promise<string>;
  remove(folder: string): Promise<void>;
  /** Removes every launch folder; resolves with how many there were. */
  sweep(): Promise<number>;
}

export function defaultLaunchBase(): string {
  return path.join(tmpdir(), `pam-desk-${process.getuid?.() ?? 'user'}`);
}

export function createLaunchFolder(base = defaultLaunchBase()): LaunchFolder {
  function ensureBase(): void {
    mkdirSync(base, { recursive: true, mode: 0o700 });
    const stat = lstatSync(base);
    if (!stat.isDirectory() || stat.isSymbolicLink()) throw new LaunchFolderRefused(`${base} is not a folder`);
    if (process.platform !== 'win32') {
      if (process.getuid && stat.uid !== process.getuid())
        throw new LaunchFolderRefused(`${base} belongs to another user`);
      if ((stat.mode & 0o077) !== 0) throw new LaunchFolderRefused(`${base} can be read by other users`);
    }
  }
  const inside = (folder: string) => path.dirname(path.resolve(folder)) === path.resolve(base);

  return {
    base,
    async create() {
      ensureBase();
      return mkdtemp(path.join(base, 'l-'));
    },
    async remove(folder) {
      if (!inside(folder)) throw new TypeError(`${folder} is not a launch folder`);
      await rm(folder, { recursive: true, force: true });
    },
    async sweep() {
      let names: string[];
      try {
        names = readdirSync(base);
        ensureBase();
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
        throw error;
      }
      const leftovers = names.filter((name) => name.startsWith('l-'));
      await Promise.all(leftovers.map((name) => rm(path.join(base, name), { recursive: true, force: true })));
      return leftovers.length;
    },
  };
}
