/**
 * `settings.json` in the data folder: preferences, pinned server fingerprints, the last server and login.
 * Never a secret. Written atomically (temp file, fsync, rename) with mode 0600. A file that fails to parse
 * is moved aside as `settings.json.corrupt-<time>` and reported, and defaults are used: nothing is lost
 * silently and the app still starts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { Fingerprint, Preferences } from '../../contract';
import type { Logger } from '../router/router';

export const DEFAULT_PREFERENCES: Preferences = { pollIntervalSeconds: 10, views: {} };

const SettingsFile = z.object({
  version: z.literal(1),
  preferences: Preferences.default(DEFAULT_PREFERENCES),
  /** Keyed by URL origin (`https://host:port`). */
  pins: z.record(z.string().max(2048), Fingerprint).default({}),
  lastServer: z
    .object({ url: z.string().max(2048), login: z.string().max(256) })
    .nullable()
    .default(null),
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
  lastServer(): { url: string; login: string } | null;
  setLastServer(url: string, login: string): void;
}

export function originOf(url: string): string {
  return new URL(url).origin.toLowerCase();
}

function defaults(): Settings {
  return { version: 1, preferences: structuredClone(DEFAULT_PREFERENCES), pins: {}, lastServer: null };
}

export function createSettingsStore(dataDir: string, log: Logger): SettingsStore {
  const file = path.join(dataDir, 'settings.json');
  let settings = load();

  function load(): Settings {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        log.warn(`[settings] cannot read ${file}: ${(error as Error).message}; using defaults`);
      }
      return defaults();
    }
    let problem: string;
    try {
      const parsed = SettingsFile.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data;
      const issue = parsed.error.issues[0];
      problem = `${issue?.path.join('.') || 'file'}: ${issue?.message ?? 'invalid'}`;
    } catch (error) {
      problem = `not JSON (${(error as Error).message})`;
    }
    const aside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    try {
      fs.renameSync(file, aside);
      log.warn(`[settings] ${file} is invalid (${problem}); moved it to ${aside} and started from defaults`);
    } catch (error) {
      log.error(`[settings] ${file} is invalid (${problem}) and could not be moved aside: ${(error as Error).message}`);
    }
    return defaults();
  }

  function save(next: Settings): void {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const temp = `${file}.tmp-${process.pid}-${Date.now()}`;
    const fd = fs.openSync(temp, 'w', 0o600);
    try {
      fs.writeFileSync(fd, `${JSON.stringify(next, null, 2)}\n`);
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
    pinFor: (url) => settings.pins[originOf(url)] ?? null,
    setPin(url, fingerprint) {
      save({ ...settings, pins: { ...settings.pins, [originOf(url)]: Fingerprint.parse(fingerprint) } });
      log.info(`[settings] pinned certificate ${Fingerprint.parse(fingerprint)} for ${originOf(url)}`);
    },
    removePin(url) {
      const origin = originOf(url);
      if (!(origin in settings.pins)) return;
      const { [origin]: _removed, ...rest } = settings.pins;
      save({ ...settings, pins: rest });
      log.info(`[settings] removed the pinned certificate of ${origin}`);
    },
    lastServer: () => (settings.lastServer ? { ...settings.lastServer } : null),
    setLastServer(url, login) {
      save({ ...settings, lastServer: { url, login } });
    },
  };
}
