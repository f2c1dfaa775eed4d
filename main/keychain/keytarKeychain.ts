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

/** Maps the many ways libsecret/Keychain/Credential Manager fail onto what the UI can explain. */
export function classifyKeychainFailure(error: unknown): KeychainFailure {
  const message = error instanceof Error ? error.message : String(error);
  if (
    /not provided by any \.service files|org\.freedesktop\.secrets|Cannot autolaunch D-Bus|Could not connect|DBUS_SESSION_BUS_ADDRESS|no such secret service|Cannot find module|was compiled against a different Node/i.test(
      message,
    )
  ) {
    return 'no_service';
  }
  if (/dismissed|cancell?ed|user canceled|userCanceled/i.test(message)) return 'dismissed';
  if (/locked|unlock|interaction is not allowed|errSecInteractionNotAllowed|prompt/i.test(message)) return 'locked';
  if (/stub received bad data|too large|CRED_MAX|1783/i.test(message)) return 'too_large';
  return 'failed';
}

const FAILURE_MESSAGES: Record<KeychainFailure, string> = {
  no_service: 'No OS keychain is available (no Secret Service is running).',
  locked: 'The OS keychain is locked.',
  dismissed: 'Access to the OS keychain was refused.',
  too_large: 'The secret is too large for the OS keychain.',
  failed: 'The OS keychain reported an error.',
};

/**
 * keytar runs each call on a libuv worker thread, and libsecret's synchronous calls racing each other have
 * been seen to hand back a NULL secret and crash the process (a segfault in `secret_value_get_text`). So the
 * calls into one keytar module run one at a time, whichever Keychain object makes them. Keyed by the module
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
      throw new KeychainError('too_large', FAILURE_MESSAGES.too_large);
    }
    await this.call((keytar) => keytar.setPassword(this.service, account, secret));
  }

  async delete(entry: KeychainEntry): Promise<boolean> {
    const account = accountName(entry);
    return this.call((keytar) => keytar.deletePassword(this.service, account));
  }

  async list(profileId: string): Promise<KeychainEntry[]> {
    const credentials = await this.call((keytar) => keytar.findCredentials(this.service));
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
      const reason = classifyKeychainFailure(error);
      // The backend's own message is kept as the cause for the log; it never contains the secret.
      throw new KeychainError(reason, FAILURE_MESSAGES[reason], { cause: error });
    }
  }
}
