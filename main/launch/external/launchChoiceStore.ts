/**
 * Per server profile and protocol: open inside PAM Desk (`app`, the default) or in one of the user's own
 * clients. `external-launch.json` in the data folder, `{[profileId]: {ssh, rdp}}`; a damaged file means
 * the defaults, never a crash. No secret is in it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ExternalClientId, type LaunchChoice } from '../../../contract';

const Choice = z.union([z.literal('app'), ExternalClientId]).catch('app');
const Entry = z.object({ ssh: Choice, rdp: Choice });
const File = z.record(z.string().max(64), Entry);
const DEFAULT: LaunchChoice = { ssh: 'app', rdp: 'app' };

export interface LaunchChoiceStore {
  get(profileId: string | null): LaunchChoice;
  set(profileId: string, protocol: 'ssh' | 'rdp', choice: string): LaunchChoice;
  forget(profileId: string): void;
}

export function createLaunchChoiceStore(dataDir: string): LaunchChoiceStore {
  const file = path.join(dataDir, 'external-launch.json');
  const read = (): z.infer<typeof File> => {
    try {
      return File.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
    } catch {
      return {};
    }
  };
  const write = (all: z.infer<typeof File>) => {
    fs.mkdirSync(dataDir, { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(all, null, 2), { mode: 0o600 });
    fs.renameSync(temp, file);
  };
  return {
    get: (profileId) => (profileId ? (read()[profileId] ?? DEFAULT) : DEFAULT),
    set(profileId, protocol, choice) {
      const all = read();
      const next = Entry.parse({ ...(all[profileId] ?? DEFAULT), [protocol]: choice });
      all[profileId] = next;
      write(all);
      return next;
    },
    forget(profileId) {
      const all = read();
      if (!(profileId in all)) return;
      delete all[profileId];
      write(all);
    },
  };
}
