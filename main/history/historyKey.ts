/**
 * The history cache's key and folder for one profile/user. The key is 32 random bytes kept in the OS
 * keychain as `<profile id>:<login>:history-key`; when the keychain is unusable (or only the in-memory
 * fallback is left) there is no key to come back to, so the cache must live in memory for this run and the
 * caller says so (`persistent: false`, `reason`).
 */
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Keychain, KeychainEntry } from '../keychain/keychain';
import { KEY_BYTES } from './cacheCrypto';

export interface HistoryKey {
  key: Buffer;
  persistent: boolean;
  /** Why history is kept for this run only (null when persistent). */
  reason: string | null;
}

/** `<root>/<profile id>/<hash of the login>`: logins such as `CORP\alice` need no escaping, and do not show. */
export function historyFolder(root: string, profileId: string, login: string): string {
  const user = createHash('sha256').update(login.toLowerCase()).digest('hex').slice(0, 32);
  return path.join(root, profileId, user);
}

export async function historyKeyFor(keychain: Keychain, profileId: string, login: string): Promise<HistoryKey> {
  const entry: KeychainEntry = { profileId, login, kind: 'history-key' };
  const inMemory = (reason: string): HistoryKey => ({ key: randomBytes(KEY_BYTES), persistent: false, reason });
  if (keychain.backend === 'memory')
    return inMemory('The OS keychain cannot be used: history is cached for this run only.');
  try {
    const stored = await keychain.get(entry);
    const existing = stored === null ? null : Buffer.from(stored, 'base64');
    if (existing && existing.length === KEY_BYTES) return { key: existing, persistent: true, reason: null };
    const key = randomBytes(KEY_BYTES);
    await keychain.set(entry, key.toString('base64'));
    // A fallback keychain that failed just now keeps the key in memory only.
    if (keychain.backend === 'memory')
      return { key, persistent: false, reason: 'The OS keychain failed: history is cached for this run only.' };
    return { key, persistent: true, reason: null };
  } catch (error) {
    return inMemory(
      `The OS keychain cannot be used (${(error as Error).message}): history is cached for this run only.`,
    );
  }
}

/** The key kept for this profile/user, or null when there is none (never made, deleted, or no keychain). */
export async function storedHistoryKey(keychain: Keychain, profileId: string, login: string): Promise<Buffer | null> {
  if (keychain.backend === 'memory') return null;
  const stored = await keychain.get({ profileId, login, kind: 'history-key' });
  const key = stored === null ? null : Buffer.from(stored, 'base64');
  return key && key.length === KEY_BYTES ? key : null;
}
