/**
 * The `profiles.*` handlers. Removing a profile signs out of it, deletes its keychain entries and pin
 * (the profile service), then lets every capability forget what it keeps per profile (`forgetProfile`:
 * pinned SSH host keys and RDP certificates, the history cache, launch choices).
 */
import type { AuthState } from '../../contract';
import type { Handlers } from '../router/router';
import type { ProfileService } from './profileService';

type ProfileChannels = 'profiles.list' | 'profiles.use' | 'profiles.update' | 'profiles.remove';

export function createProfileHandlers(deps: {
  profiles: ProfileService;
  useProfile(id: string): Promise<AuthState>;
  /** Start-up (restoring a remembered sign-in) is done: a profile is not used while it still runs. */
  ready: Promise<void>;
  forgetProfile(id: string): Promise<void>;
}): Pick<Handlers, ProfileChannels> {
  const { profiles } = deps;
  return {
    'profiles.list': () => profiles.list(),
    'profiles.use': async ({ id }) => {
      await deps.ready;
      return deps.useProfile(id);
    },
    'profiles.update': (patch) => profiles.update(patch),
    'profiles.remove': async ({ id }) => {
      const list = await profiles.remove(id);
      await deps.forgetProfile(id);
      return list;
    },
  };
}
