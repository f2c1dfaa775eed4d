/**
 * `settings.json` in the data folder: preferences and pinned server fingerprints (the last server and login
 * are the profile store's: `profiles.json`'s last used profile; an older file's `lastServer` is dropped).
 * Never a secret. Written atomically (temp file, fsync, rename) with mode 0600. A file that fails to parse
 * is moved aside as `settings.json.corrupt-<time>` and reported, and defaults are used: nothing is lost
 * silently and the app still starts.
 */
import path from 'node:path';
import { z } from 'zod';
import { Fingerprint, Preferences } from '../../contract';
import type { Logger } from '../log/logger';
import { serverOrigin } from '../nps/serverAddress';
import { readJsonFile, writeJsonFileAtomic } from './jsonFile';

export const DEFAULT_PREFERENCES: Preferences = { pollIntervalSeconds: 10, views: {} };

const SettingsFile = z.object({
  version: z.literal(1),
  preferences: Preferences.default(DEFAULT_PREFERENCES),
  /** Keyed by URL origin (`https://host:port`). */
  pins: z.record(z.string().max(2048), Fingerprint).default({}),
});
export type Settings = z.infer<typeof SettingsFile>;

export interface SettingsStore {
  readonly file: string;
  preferences(): Preferences;
  updatePreferences(update: (current: Preferences) => Preferences): Preferences;
  pinFor(url: string): string | null;
  setPin(url: string, fingerprint: string): void;
  /** Forgets the pin of a server (its profile was removed). */
  removePin(url: string): void;
}

function defaults(): Settings {
  return { version: 1, preferences: structuredClone(DEFAULT_PREFERENCES), pins: {} };
}

export function createSettingsStore(dataDir: string, log: Logger): SettingsStore {
  const file = path.join(dataDir, 'settings.json');
  let settings = load();

  function load(): Settings {
    return readJsonFile({ file, schema: SettingsFile, defaults, log, tag: 'settings' });
  }

  function save(next: Settings): void {
    writeJsonFileAtomic(file, next);
    settings = next;
  }

  return {
    file,
    preferences: () => structuredClone(settings.preferences),
    updatePreferences(update) {
      const preferences = Preferences.parse(update(structuredClone(settings.preferences)));
      save({ ...settings, preferences });
      return structuredClone(preferences);
    },
    pinFor: (url) => settings.pins[serverOrigin(url)] ?? null,
    setPin(url, fingerprint) {
      save({ ...settings, pins: { ...settings.pins, [serverOrigin(url)]: Fingerprint.parse(fingerprint) } });
      log.info(`[settings] pinned certificate ${Fingerprint.parse(fingerprint)} for ${serverOrigin(url)}`);
    },
    removePin(url) {
      const origin = serverOrigin(url);
      if (!(origin in settings.pins)) return;
      const { [origin]: _removed, ...rest } = settings.pins;
      save({ ...settings, pins: rest });
      log.info(`[settings] removed the pinned certificate of ${origin}`);
    },
  };
}
