/** The history cache's key in the keychain, and what happens when the keychain cannot keep it. */
import { describe, expect, it } from 'vitest';
import { FallbackKeychain } from '../../../main/keychain/fallbackKeychain';
import { deleteProfileEntries, KeychainError, type Keychain } from '../../../main/keychain/keychain';
import { MemoryKeychain } from '../../../main/keychain/memoryKeychain';
import { historyFolder, historyKeyFor } from '../../../main/history/historyKey';

const profileId = '5b0c1d52-8c5e-4a4e-9f1e-0d6d3c2b1a00';

/** Behaves like an OS keychain (backend name not "memory"), keeping entries in a map. */
class OsLikeKeychain implements Keychain {
  readonly backend = 'keytar';
  private readonly entries = new MemoryKeychain();
  get: Keychain['get'] = (entry) => this.entries.get(entry);
  set: Keychain['set'] = (entry, secret) => this.entries.set(entry, secret);
  delete: Keychain['delete'] = (entry) => this.entries.delete(entry);
  list: Keychain['list'] = (id) => this.entries.list(id);
}

class BrokenKeychain implements Keychain {
  readonly backend = 'keytar';
  get(): Promise<string | null> {
    return Promise.reject(new KeychainError('no_bus', 'No D-Bus session bus.'));
  }
  set(): Promise<void> {
    return Promise.reject(new KeychainError('no_bus', 'No D-Bus session bus.'));
  }
  delete(): Promise<boolean> {
    return Promise.reject(new KeychainError('no_bus', 'No D-Bus session bus.'));
  }
  list(): Promise<never[]> {
    return Promise.reject(new KeychainError('no_bus', 'No D-Bus session bus.'));
  }
}

describe('history key', () => {
  it('is created once (32 random bytes) under <profile>:<login>:history-key and found again', async () => {
    const keychain = new OsLikeKeychain();
    const first = await historyKeyFor(keychain, profileId, 'CORP\\alice');
    expect(first).toMatchObject({ persistent: true, reason: null });
    expect(first.key).toHaveLength(32);
    expect(await keychain.list(profileId)).toEqual([{ profileId, login: 'CORP\\alice', kind: 'history-key' }]);
    const again = await historyKeyFor(keychain, profileId, 'CORP\\alice');
    expect(again.key.equals(first.key)).toBe(true);
    const bob = await historyKeyFor(keychain, profileId, 'bob');
    expect(bob.key.equals(first.key)).toBe(false);
  });

  it('survives the sign-out clean-up of remembered secrets unless asked to go too', async () => {
    const keychain = new OsLikeKeychain();
    await keychain.set({ profileId, login: 'alice', kind: 'token' }, 'a-token');
    const { key } = await historyKeyFor(keychain, profileId, 'alice');
    expect(await deleteProfileEntries(keychain, profileId)).toBe(1);
    expect((await historyKeyFor(keychain, profileId, 'alice')).key.equals(key)).toBe(true);
    expect(await deleteProfileEntries(keychain, profileId, { includeHistoryKey: true })).toBe(1);
    expect(await keychain.list(profileId)).toEqual([]);
  });

  it('says history is for this run only when the keychain is memory, or fails', async () => {
    const memory = await historyKeyFor(new MemoryKeychain(), profileId, 'alice');
    expect(memory).toMatchObject({ persistent: false, reason: expect.stringMatching(/this run only/) });
    const failing = await historyKeyFor(new BrokenKeychain(), profileId, 'alice');
    expect(failing).toMatchObject({ persistent: false, reason: expect.stringMatching(/this run only/) });
    const degraded = new FallbackKeychain(new BrokenKeychain(), { warn: () => undefined });
    const fallback = await historyKeyFor(degraded, profileId, 'alice');
    expect(fallback.persistent).toBe(false);
    expect(fallback.key).toHaveLength(32);
  });

  it('keeps each user in a folder of the profile named by a hash, not the login', () => {
    const folder = historyFolder('/data/history', profileId, 'CORP\\alice');
    expect(folder.startsWith(`/data/history/${profileId}/`)).toBe(true);
    expect(folder).not.toContain('alice');
    expect(historyFolder('/data/history', profileId, 'corp\\ALICE')).toBe(folder);
  });
});
