/**
 * Server profiles: the servers a user signed in to (name, URL, pinned fingerprint, last login, preferences),
 * in `profiles.json` in the data folder. Never a secret: tokens and passwords live in the keychain under
 * the profile's id. Written atomically with mode 0600; a damaged file is moved aside and reported, and the
 * app starts with no profiles rather than not at all.
 *
 * The bundled sandbox has one profile of kind 'sandbox' whose URL is updated each run (its port changes).
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { Fingerprint, ProfilePreferences, Uuid } from '../../contract';
import type { Logger } from '../log/logger';
import { serverAddress } from '../nps/serverAddress';
import { readJsonFile, writeJsonFileAtomic } from '../settings/jsonFile';

const StoredProfile = z.object({
  id: Uuid,
  name: z.string().min(1).max(100),
  url: z.string().max(2048),
  kind: z.enum(['server', 'sandbox']),
  fingerprint: Fingerprint.nullable(),
  lastLogin: z.string().max(256).nullable(),
  lastUsedAt: z.string().nullable(),
  preferences: ProfilePreferences,
});
export type StoredProfile = z.infer<typeof StoredProfile>;

const ProfilesFile = z.object({
  version: z.literal(1),
  lastUsedId: Uuid.nullable(),
  profiles: z.array(StoredProfile).max(200),
});
type ProfilesFile = z.infer<typeof ProfilesFile>;

export const DEFAULT_PROFILE_PREFERENCES = { rememberMe: false, rememberPassword: false };

export interface ProfileStore {
  readonly file: string;
  list(): StoredProfile[];
  lastUsedId(): string | null;
  get(id: string): StoredProfile | null;
  /** The profile for this server address (and the sandbox profile for the running sandbox's address). */
  forUrl(url: string, kind: 'server' | 'sandbox'): StoredProfile | null;
  /** After a successful sign-in: creates or updates the profile, makes it the last used one. */
  recordSignIn(input: {
    url: string;
    kind: 'server' | 'sandbox';
    login: string;
    fingerprint: string | null;
    preferences: StoredProfile['preferences'];
  }): StoredProfile;
  update(id: string, patch: Partial<Pick<StoredProfile, 'name' | 'preferences' | 'fingerprint'>>): StoredProfile;
  remove(id: string): StoredProfile | null;
}

export function createProfileStore(dataDir: string, log: Logger, now: () => Date = () => new Date()): ProfileStore {
  const file = path.join(dataDir, 'profiles.json');
  let data = load();

  function load(): ProfilesFile {
    const empty = (): ProfilesFile => ({ version: 1, lastUsedId: null, profiles: [] });
    return readJsonFile({ file, schema: ProfilesFile, defaults: empty, log, tag: 'profiles', now });
  }

  function save(next: ProfilesFile): void {
    const checked = ProfilesFile.parse(next);
    writeJsonFileAtomic(file, checked);
    data = checked;
  }

  const copy = (profile: StoredProfile): StoredProfile => structuredClone(profile);

  function require(id: string): StoredProfile {
    const found = data.profiles.find((p) => p.id === id);
    if (!found) throw new RangeError(`no profile ${id}`);
    return found;
  }

  return {
    file,
    list: () => data.profiles.map(copy),
    lastUsedId: () => data.lastUsedId,
    get: (id) => {
      const found = data.profiles.find((p) => p.id === id);
      return found ? copy(found) : null;
    },
    forUrl(url, kind) {
      if (kind === 'sandbox') {
        const found = data.profiles.find((p) => p.kind === 'sandbox');
        return found ? copy(found) : null;
      }
      const wanted = serverAddress(url);
      const found = data.profiles.find((p) => p.kind === 'server' && serverAddress(p.url) === wanted);
      return found ? copy(found) : null;
    },
    recordSignIn({ url, kind, login, fingerprint, preferences }) {
      const existing = this.forUrl(url, kind);
      const at = now().toISOString();
      const profile: StoredProfile = existing
        ? {
            ...existing,
            url,
            fingerprint: fingerprint ?? existing.fingerprint,
            lastLogin: login,
            lastUsedAt: at,
            preferences,
          }
        : {
            id: randomUUID(),
            name: kind === 'sandbox' ? 'Sandbox' : new URL(url).host,
            url,
            kind,
            fingerprint,
            lastLogin: login,
            lastUsedAt: at,
            preferences,
          };
      const others = data.profiles.filter((p) => p.id !== profile.id);
      save({ ...data, lastUsedId: profile.id, profiles: [...others, profile] });
      return copy(profile);
    },
    update(id, patch) {
      const next = { ...require(id), ...patch };
      save({ ...data, profiles: data.profiles.map((p) => (p.id === id ? next : p)) });
      return copy(next);
    },
    remove(id) {
      const found = data.profiles.find((p) => p.id === id);
      if (!found) return null;
      save({
        ...data,
        lastUsedId: data.lastUsedId === id ? null : data.lastUsedId,
        profiles: data.profiles.filter((p) => p.id !== id),
      });
      log.info(`[profiles] removed ${found.name}`);
      return copy(found);
    },
  };
}
