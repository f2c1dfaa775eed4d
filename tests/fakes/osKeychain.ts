import type { Keychain } from '../../main/keychain/keychain';
import { MemoryKeychain } from '../../main/keychain/memoryKeychain';

/**
 * Stands in for the OS keychain: it holds its secrets in memory but says its backend is not "memory", so
 * the history key counts as kept and the history and its logs go to disk as in the app (an in-memory
 * keychain keeps history for one run only, by design). One instance outlives an app restart like the real one.
 */
export function osKeychain(): Keychain {
  const entries = new MemoryKeychain();
  return {
    backend: 'keytar',
    get: (e) => entries.get(e),
    set: (e, s) => entries.set(e, s),
    delete: (e) => entries.delete(e),
    list: (id) => entries.list(id),
  };
}
