/**
 * The OS keychain through keytar (libsecret on Linux, Keychain on macOS, Credential Manager on Windows).
 * This is the only file that knows keytar; swapping the backend means replacing this file.
 */
import {
  KEYCHAIN_SERVICE,
  KeychainError,
  accountName,
  parseAccountName,
  type Keychain,
  type KeychainEntry,
  type KeychainFailure,
} from './keychain';

/** The part of keytar's API we use (keytar is loaded lazily: a missing native module is "unavailable"). */
export interface KeytarModule {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

/** Windows' Credential Manager refuses blobs over 2,560 bytes (CRED_MAX_CREDENTIAL_BLOB_SIZE); keytar stores UTF-8. */
export const WINDOWS_CREDENTIAL_LIMIT_BYTES = 2560;

export interface KeytarKeychainOptions {
  service?: string;
  platform?: NodeJS.Platform;
  load?: () => Promise<KeytarModule>;
}

async function loadKeytar(): Promise<KeytarModule> {
  const imported = (await import('keytar')) as unknown as { default?: KeytarModule } & KeytarModule;
  return imported.default ?? imported;
}

/** Why the keychain failed, and one sentence for the user: what happened and what they can do. */
export interface KeychainFailureDescription {
  reason: KeychainFailure;
  message: string;
}

const NO_SESSION_BUS =
  /Cannot autolaunch D-Bus|Could not connect: |DBUS_SESSION_BUS_ADDRESS|dbus-launch|Cannot spawn a message bus/i;
const SERVICE_FAILED_TO_START = /StartServiceByName for org\.freedesktop\.secrets/i;
const NO_SECRET_SERVICE = /org\.freedesktop\.secrets was not provided|no such secret service/i;
const NO_NATIVE_MODULE =
  /Cannot find module|was compiled against a different Node|NODE_MODULE_VERSION|libsecret-1\.so/i;
const NO_DEFAULT_KEYRING = /Object does not exist at path .*\/collection\//i;
const DISMISSED = /dismissed|cancell?ed|userCanceled/i;
const LOCKED = /locked|unlock|interaction is not allowed|errSecInteractionNotAllowed/i;
const TOO_LARGE = /stub received bad data|too large|CRED_MAX|1783/i;

const PROMPT_NOT_ANSWERED =
  'its password prompt was dismissed, or could not be shown, as in a session without a desktop';

export const KEYCHAIN_FAILURE_MESSAGES = {
  noBus:
    'PAM Desk cannot reach the keyring: there is no D-Bus session (as over SSH or outside a desktop session). Start PAM Desk from your desktop session.',
  noService:
    'No keyring service (Secret Service) is running. Install GNOME Keyring (or use KWallet or KeePassXC with its Secret Service turned on), then restart PAM Desk.',
  serviceFailed:
    'The keyring service (Secret Service) failed to start. Log out and back in, or reinstall GNOME Keyring, then restart PAM Desk.',
  noModule: 'PAM Desk’s keychain module could not be loaded. Reinstall PAM Desk.',
  noKeyring: `There is no default keyring and none was created (${PROMPT_NOT_ANSWERED}). Create one in Passwords and Keys (File › New › Password Keyring, then Set as Default), then restart PAM Desk.`,
  locked: `Your keyring is locked and was not unlocked (${PROMPT_NOT_ANSWERED}). Unlock it in Passwords and Keys, then restart PAM Desk.`,
  dismissed: 'Access to the OS keychain was refused. Restart PAM Desk and allow access when your system asks.',
  tooLarge: 'The secret is too large for the OS keychain.',
  failed: 'The OS keychain reported an error.',
} as const;

/**
 * What the OS keychain's answer means for the user: a reason and one sentence saying what happened and what
 * they can do. keytar hands back only the backend's message, so the message is what is matched. The Linux
 * wording below is what libsecret 0.20 and gnome-keyring 42 actually say (tests/integration/keychain):
 * - no session bus: "Cannot autolaunch D-Bus without X11 $DISPLAY" (none set), "Could not connect: No such file
 *   or directory" / "Connection refused" (a stale DBUS_SESSION_BUS_ADDRESS), "Failed to execute child process
 *   “dbus-launch”" (a display but no dbus-launch);
 * - no Secret Service: "The name org.freedesktop.secrets was not provided by any .service files", or "Error
 *   calling StartServiceByName for org.freedesktop.secrets: Process … exited with status 1" when it cannot start;
 * - no default keyring: libsecret asks the service to create one, which needs a password prompt; when that
 *   prompt is dismissed or cannot be shown, the retried write says "Object does not exist at path
 *   “/org/freedesktop/secrets/collection/login”" (gnome-keyring's default alias points at "login");
 * - locked keyring, unlock prompt dismissed or impossible: "Cannot create an item in a locked collection".
 * gnome-keyring reports a prompt it could not show exactly like one the user dismissed (gkd-secret-prompt.c
 * completes both as "dismissed"), and libsecret turns a dismissal into no error at all, so the messages cover
 * both causes. Reads and deletes in a locked keyring do not fail: they find nothing.
 */
export function describeKeychainFailure(error: unknown): KeychainFailureDescription {
  const text = error instanceof Error ? error.message : String(error);
  const m = KEYCHAIN_FAILURE_MESSAGES;
  if (NO_NATIVE_MODULE.test(text)) return { reason: 'no_service', message: m.noModule };
  if (SERVICE_FAILED_TO_START.test(text)) return { reason: 'no_service', message: m.serviceFailed };
  if (NO_SECRET_SERVICE.test(text)) return { reason: 'no_service', message: m.noService };
  if (NO_SESSION_BUS.test(text)) return { reason: 'no_bus', message: m.noBus };
  if (NO_DEFAULT_KEYRING.test(text)) return { reason: 'no_keyring', message: m.noKeyring };
  if (DISMISSED.test(text)) return { reason: 'dismissed', message: m.dismissed };
  if (LOCKED.test(text)) return { reason: 'locked', message: m.locked };
  if (TOO_LARGE.test(text)) return { reason: 'too_large', message: m.tooLarge };
  return { reason: 'failed', message: m.failed };
}

export function classifyKeychainFailure(error: unknown): KeychainFailure {
  return describeKeychainFailure(error).reason;
}

/**
 * An entry written (and removed) before listing on Linux; its account is not one of ours, so it is never listed.
 * keytar's findCredentials crashes the whole process when a matching item stays locked (it reads the NULL secret
 * libsecret returns after a dismissed unlock prompt: atom/node-keytar#477). A write asks the Secret Service to
 * unlock (or create) the default keyring and fails with "locked" instead when it stays locked, so the search
 * only runs once the keyring is open. It does not protect entries moved by hand into another, locked keyring.
 */
export const UNLOCK_CHECK_ACCOUNT = 'keychain-unlock-check';

/**
 * keytar runs each call on a libuv worker thread, and libsecret's synchronous calls racing each other have
 * been seen to hand back a NULL secret and crash the process (a segfault in `secret_value_get_text`). So the
 * calls into one keytar module run one at a time, whichever Keychain object makes them. (A search in a locked
 * keyring crashes the same way on its own: see UNLOCK_CHECK_ACCOUNT.) Keyed by the module
 * because the native library is what must not be entered twice.
 */
const queues = new WeakMap<KeytarModule, Promise<unknown>>();

function oneAtATime<T>(keytar: KeytarModule, operation: (keytar: KeytarModule) => Promise<T>): Promise<T> {
  const previous = queues.get(keytar) ?? Promise.resolve();
  const next = previous.then(
    () => operation(keytar),
    () => operation(keytar),
  );
  queues.set(
    keytar,
    next.catch(() => undefined),
  );
  return next;
}

export class KeytarKeychain implements Keychain {
  readonly backend = 'keytar';
  private readonly service: string;
  private readonly platform: NodeJS.Platform;
  private readonly load: () => Promise<KeytarModule>;
  private module: Promise<KeytarModule> | null = null;

  constructor(options: KeytarKeychainOptions = {}) {
    this.service = options.service ?? KEYCHAIN_SERVICE;
    this.platform = options.platform ?? process.platform;
    this.load = options.load ?? loadKeytar;
  }

  async get(entry: KeychainEntry): Promise<string | null> {
    const account = accountName(entry);
    return this.call((keytar) => keytar.getPassword(this.service, account));
  }

  async set(entry: KeychainEntry, secret: string): Promise<void> {
    const account = accountName(entry);
    if (this.platform === 'win32' && Buffer.byteLength(secret, 'utf8') > WINDOWS_CREDENTIAL_LIMIT_BYTES) {
      throw new KeychainError('too_large', KEYCHAIN_FAILURE_MESSAGES.tooLarge);
    }
    await this.call((keytar) => keytar.setPassword(this.service, account, secret));
  }

  async delete(entry: KeychainEntry): Promise<boolean> {
    const account = accountName(entry);
    return this.call((keytar) => keytar.deletePassword(this.service, account));
  }

  async list(profileId: string): Promise<KeychainEntry[]> {
    const credentials = await this.call(async (keytar) => {
      if (this.platform !== 'darwin' && this.platform !== 'win32') {
        await keytar.setPassword(this.service, UNLOCK_CHECK_ACCOUNT, 'unlocked');
        await keytar.deletePassword(this.service, UNLOCK_CHECK_ACCOUNT);
      }
      return keytar.findCredentials(this.service);
    });
    return credentials
      .map((credential) => parseAccountName(credential.account))
      .filter((entry): entry is KeychainEntry => entry !== null && entry.profileId === profileId);
  }

  private async call<T>(operation: (keytar: KeytarModule) => Promise<T>): Promise<T> {
    try {
      this.module ??= this.load();
      return await oneAtATime(await this.module, operation);
    } catch (error) {
      if (error instanceof KeychainError) throw error;
      const { reason, message } = describeKeychainFailure(error);
      // The backend's own message is kept as the cause for the log; it never contains the secret.
      throw new KeychainError(reason, message, { cause: error });
    }
  }
}
