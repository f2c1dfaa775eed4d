/**
 * What the UI does with server profiles: list them (with what the keychain remembers for each, never the
 * secret), change their name and remember-me choices, and remove one — which signs out of it first and
 * deletes its keychain entries and pinned certificate.
 */
import type { Profile, ProfileList } from '../../contract';
import type { Remember } from '../auth/rememberedSecrets';
import { deleteProfileEntries, type Keychain } from '../keychain/keychain';
import { PamError } from '../errors/pamError';
import type { Logger } from '../log/logger';
import type { ProfileStore, StoredProfile } from './profileStore';

export interface ProfileServiceDeps {
  store: ProfileStore;
  keychain: Keychain;
  currentProfileId(): string | null;
  signOut(): Promise<unknown>;
  removePin(url: string): void;
  emitChanged(list: ProfileList): void;
  log: Logger;
}

export interface ProfileService {
  list(): Promise<ProfileList>;
  update(patch: { id: string; name?: string | undefined } & Partial<Remember>): Promise<ProfileList>;
  remove(id: string): Promise<ProfileList>;
}

export function createProfileService(deps: ProfileServiceDeps): ProfileService {
  async function describe(profile: StoredProfile): Promise<Profile> {
    let kinds: string[] = [];
    try {
      kinds = (await deps.keychain.list(profile.id)).filter((e) => e.login === profile.lastLogin).map((e) => e.kind);
    } catch (error) {
      deps.log.warn(`[profiles] could not list the keychain: ${(error as Error).message}`);
    }
    return { ...profile, remembered: { token: kinds.includes('token'), password: kinds.includes('password') } };
  }

  async function list(): Promise<ProfileList> {
    const stored = deps.store.list().sort((a, b) => (b.lastUsedAt ?? '').localeCompare(a.lastUsedAt ?? ''));
    return { profiles: await Promise.all(stored.map(describe)), lastUsedId: deps.store.lastUsedId() };
  }

  async function changed(): Promise<ProfileList> {
    const next = await list();
    deps.emitChanged(next);
    return next;
  }

  async function forget(profile: StoredProfile, kind: 'token' | 'password' | 'all'): Promise<void> {
    for (const entry of await deps.keychain.list(profile.id)) {
      if (kind === 'all' || entry.kind === kind) await deps.keychain.delete(entry);
    }
  }

  return {
    list,
    async update(patch) {
      const profile = deps.store.get(patch.id);
      if (!profile) throw new PamError('not_found', 'This server is no longer in the list.');
      const rememberPassword = patch.rememberPassword ?? profile.preferences.rememberPassword;
      // Remembering the password implies remembering the sign-in; forgetting the sign-in forgets both.
      const rememberMe =
        patch.rememberMe === false ? false : (patch.rememberMe ?? profile.preferences.rememberMe) || rememberPassword;
      const preferences = { rememberMe, rememberPassword: rememberMe && rememberPassword };
      deps.store.update(profile.id, { ...(patch.name ? { name: patch.name } : {}), preferences });
      if (!preferences.rememberMe) await forget(profile, 'all');
      else if (!preferences.rememberPassword) await forget(profile, 'password');
      return changed();
    },
    async remove(id) {
      const profile = deps.store.get(id);
      if (!profile) throw new PamError('not_found', 'This server is no longer in the list.');
      if (deps.currentProfileId() === id) await deps.signOut();
      // Forgetting a server forgets its history key too: its cached history can no longer be read.
      const removed = await deleteProfileEntries(deps.keychain, id, { includeHistoryKey: true });
      if (profile.kind === 'server') deps.removePin(profile.url);
      deps.store.remove(id);
      deps.log.info(`[profiles] forgot ${profile.name} (${removed} keychain entries)`);
      return changed();
    },
  };
}
