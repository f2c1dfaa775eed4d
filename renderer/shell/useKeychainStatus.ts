import type { KeychainStatus } from '../../contract';
import type { PamClient } from '../pam';
import { useStatusFromMain } from './useStatusFromMain';

const subscribe = (pam: PamClient, listener: (status: KeychainStatus) => void) => pam.keychain.onChanged(listener);
const read = (pam: PamClient) => pam.keychain.status();

/** Where remembered secrets go, as main reports it (null until known); follows a keychain that fails later. */
export function useKeychainStatus(): KeychainStatus | null {
  return useStatusFromMain(subscribe, read);
}

/** The hint under the remember-me boxes: says where a remembered sign-in is actually kept. */
export function rememberedSignInHint(status: KeychainStatus | null): string {
  if (!status) return 'Never written to a file. Signing out forgets it.';
  if (status.degraded)
    return 'Kept in memory for this run only: the OS keychain can’t be used. Signing out forgets it.';
  if (status.backend === 'memory') return 'Kept in memory for this run only, never in a file. Signing out forgets it.';
  return 'Kept in your OS keychain, never in a file. Signing out forgets it.';
}
