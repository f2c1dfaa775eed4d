import { useEffect, useState } from 'react';
import type { Profile, ProfileList } from '../../contract';
import type { PamClient } from '../pam';

export interface SavedServers {
  /** Until main has answered the first time. */
  loaded: boolean;
  profiles: Profile[];
  /** The server signed in to last, as main's profile store keeps it (the one place it is kept). */
  lastUsed: Profile | null;
  set(list: ProfileList): void;
}

/** The saved servers from main, kept current with `profiles.changed`. A failed list is an empty one. */
export function useSavedServers(pam: PamClient): SavedServers {
  const [list, setList] = useState<ProfileList | null>(null);
  useEffect(() => {
    let cancelled = false;
    const off = pam.profiles.onChanged((next) => !cancelled && setList(next));
    pam.profiles.list().then(
      (next) => !cancelled && setList(next),
      () => !cancelled && setList((before) => before ?? { profiles: [], lastUsedId: null }),
    );
    return () => {
      cancelled = true;
      off();
    };
  }, [pam]);
  const profiles = list?.profiles ?? [];
  return {
    loaded: list !== null,
    profiles,
    lastUsed: profiles.find((profile) => profile.id === list?.lastUsedId) ?? null,
    set: setList,
  };
}
