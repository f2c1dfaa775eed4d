import { accountName, parseAccountName, type Keychain, type KeychainEntry } from './keychain';

/** Secrets held for this run only: the fallback when the OS keychain cannot be used, and the tests' fake. */
export class MemoryKeychain implements Keychain {
  readonly backend = 'memory';
  private readonly secrets = new Map<string, string>();

  async get(entry: KeychainEntry): Promise<string | null> {
    return this.secrets.get(accountName(entry)) ?? null;
  }

  async set(entry: KeychainEntry, secret: string): Promise<void> {
    this.secrets.set(accountName(entry), secret);
  }

  async delete(entry: KeychainEntry): Promise<boolean> {
    return this.secrets.delete(accountName(entry));
  }

  async list(profileId: string): Promise<KeychainEntry[]> {
    return [...this.secrets.keys()]
      .map(parseAccountName)
      .filter((entry): entry is KeychainEntry => entry !== null && entry.profileId === profileId);
  }

  /** Drops every secret: sign-out and quit. */
  clear(): void {
    this.secrets.clear();
  }
}
