/**
 * The OS keychain, behind one interface so the backend can be swapped in one file.
 *
 * Entry naming scheme (documented in the README): service `pam-desk`, account `<profile id>:<login>:<kind>`.
 * The profile id is a UUID (no colons); the kind is the last segment; the login is whatever lies between,
 * so logins such as `CORP\alice` or `alice@corp` need no escaping.
 */
export const KEYCHAIN_SERVICE = 'pam-desk';

/**
 * `history-key`: the random AES-256 key of the profile/user's encrypted history cache (main/history). It is
 * not a sign-in secret: sign-out and profile removal leave it (and so the offline history) in place unless
 * asked to delete it, as the cache is offered for deletion separately.
 */
export const SECRET_KINDS = ['token', 'password', 'history-key'] as const;
export type SecretKind = (typeof SECRET_KINDS)[number];

export interface KeychainEntry {
  profileId: string;
  login: string;
  kind: SecretKind;
}

/**
 * Why the OS keychain cannot be used, as the UI explains it:
 * - `no_bus`: no D-Bus session bus to reach a Secret Service through (Linux, e.g. over SSH);
 * - `no_service`: no Secret Service on the bus, one that failed to start, or no loadable native module;
 * - `no_keyring`: no default keyring, and none was created (its password prompt was dismissed or could not be shown);
 * - `locked`: the keyring is locked and was not unlocked (same two causes);
 * - `dismissed`: the OS asked for permission and the user refused (macOS, Windows);
 * - `too_large`: one secret is over the OS's size limit (Windows);
 * - `failed`: anything else.
 */
export const KEYCHAIN_FAILURES = [
  'no_bus',
  'no_service',
  'no_keyring',
  'locked',
  'dismissed',
  'too_large',
  'failed',
] as const;
export type KeychainFailure = (typeof KEYCHAIN_FAILURES)[number];

/** Thrown by backends; `reason` lets the UI say plainly why secrets are kept in memory only. */
export class KeychainError extends Error {
  constructor(
    readonly reason: KeychainFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'KeychainError';
  }
}

export interface Keychain {
  /** A short name for logs and the UI ("keytar", "memory"). */
  readonly backend: string;
  get(entry: KeychainEntry): Promise<string | null>;
  set(entry: KeychainEntry, secret: string): Promise<void>;
  /** Resolves true when an entry was removed, false when there was none. */
  delete(entry: KeychainEntry): Promise<boolean>;
  /** Every entry of a profile, without their secrets. */
  list(profileId: string): Promise<KeychainEntry[]>;
}

const PROFILE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function accountName(entry: KeychainEntry): string {
  if (!PROFILE_ID.test(entry.profileId)) throw new TypeError('keychain profile id must be a UUID');
  if (!entry.login || entry.login.length > 256 || /[\u0000-\u001f\u007f]/.test(entry.login)) {
    throw new TypeError('keychain login must be 1–256 printable characters');
  }
  if (!SECRET_KINDS.includes(entry.kind)) throw new TypeError('unknown keychain secret kind');
  return `${entry.profileId}:${entry.login}:${entry.kind}`;
}

/** The inverse of `accountName`; null for accounts that are not ours. */
export function parseAccountName(account: string): KeychainEntry | null {
  const first = account.indexOf(':');
  const last = account.lastIndexOf(':');
  if (first <= 0 || last <= first + 1) return null;
  const profileId = account.slice(0, first);
  const login = account.slice(first + 1, last);
  const kind = account.slice(last + 1) as SecretKind;
  if (!PROFILE_ID.test(profileId) || !SECRET_KINDS.includes(kind)) return null;
  return { profileId, login, kind };
}

/** Removes every entry of a profile; used when a profile is removed or its user signs out. */
export async function deleteProfileEntries(
  keychain: Keychain,
  profileId: string,
  options: { includeHistoryKey?: boolean } = {},
): Promise<number> {
  let removed = 0;
  for (const entry of await keychain.list(profileId)) {
    if (entry.kind === 'history-key' && !options.includeHistoryKey) continue;
    if (await keychain.delete(entry)) removed += 1;
  }
  return removed;
}
