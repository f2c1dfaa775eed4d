/**
 * The keychain the app uses: the OS keychain while it works, and for the rest of the run, memory only
 * once it fails. Nothing is ever written in plain text anywhere as a fallback.
 *
 * `status()` tells the UI which one is in use and, when degraded, why in plain words.
 */
import { KeychainError, type Keychain, type KeychainEntry, type KeychainFailure } from './keychain';
import { MemoryKeychain } from './memoryKeychain';

export interface KeychainStatus {
  backend: string;
  degraded: boolean;
  reason: KeychainFailure | null;
  message: string;
}

export class FallbackKeychain implements Keychain {
  private readonly memory = new MemoryKeychain();
  private failure: KeychainError | null = null;
  /** A secret was too large for the OS keychain (Windows: 2,560 bytes) and lives in memory for this run. */
  private tooLarge = false;

  constructor(
    private readonly primary: Keychain,
    private readonly log: { warn(message: string): void },
    private readonly onDegraded: (status: KeychainStatus) => void = () => {},
  ) {}

  get backend(): string {
    return this.failure ? this.memory.backend : this.primary.backend;
  }

  status(): KeychainStatus {
    if (!this.failure && this.tooLarge) {
      return {
        backend: this.primary.backend,
        degraded: true,
        reason: 'too_large',
        message:
          'A remembered sign-in is too large for the OS keychain (Windows allows 2,560 bytes per entry). It is kept in memory for this run only and forgotten when PAM Desk quits.',
      };
    }
    if (!this.failure) {
      const message =
        this.primary.backend === 'memory'
          ? 'Remembered sign-ins are kept in memory for this run only.'
          : 'Remembered sign-ins are kept in the OS keychain.';
      return { backend: this.primary.backend, degraded: false, reason: null, message };
    }
    return {
      backend: this.memory.backend,
      degraded: true,
      reason: this.failure.reason,
      message: `${this.failure.message} Remembered sign-ins are kept in memory for this run only and are forgotten when PAM Desk quits.`,
    };
  }

  async get(entry: KeychainEntry): Promise<string | null> {
    // A secret too large for the keychain lives in memory even while the keychain works.
    return this.attempt(
      async () => (await this.primary.get(entry)) ?? (await this.memory.get(entry)),
      () => this.memory.get(entry),
    );
  }

  async set(entry: KeychainEntry, secret: string): Promise<void> {
    return this.attempt(
      () => this.primary.set(entry, secret),
      () => this.memory.set(entry, secret),
    );
  }

  async delete(entry: KeychainEntry): Promise<boolean> {
    const inMemory = await this.memory.delete(entry);
    if (this.failure) return inMemory;
    return this.attempt(
      async () => (await this.primary.delete(entry)) || inMemory,
      async () => inMemory,
    );
  }

  async list(profileId: string): Promise<KeychainEntry[]> {
    return this.attempt(
      async () => {
        const stored = await this.primary.list(profileId);
        const names = new Set(stored.map((entry) => `${entry.login}:${entry.kind}`));
        const onlyInMemory = (await this.memory.list(profileId)).filter(
          (entry) => !names.has(`${entry.login}:${entry.kind}`),
        );
        return [...stored, ...onlyInMemory];
      },
      () => this.memory.list(profileId),
    );
  }

  /** Drops the secrets held in memory (sign-out, quit); the OS keychain's entries are deleted one by one. */
  forgetMemory(): void {
    this.memory.clear();
  }

  private async attempt<T>(primary: () => Promise<T>, fallback: () => Promise<T>): Promise<T> {
    if (this.failure) return fallback();
    try {
      return await primary();
    } catch (error) {
      // A too-large secret is a property of that secret, not of the keychain: keep using the keychain.
      if (error instanceof KeychainError && error.reason === 'too_large') {
        this.log.warn('[keychain] secret too large for the OS keychain; kept in memory for this run');
        const first = !this.tooLarge;
        this.tooLarge = true;
        if (first) this.onDegraded(this.status());
        return fallback();
      }
      this.failure =
        error instanceof KeychainError ? error : new KeychainError('failed', 'The OS keychain reported an error.');
      const cause = this.failure.cause instanceof Error ? this.failure.cause.message : '';
      this.log.warn(
        `[keychain] ${this.failure.reason}: falling back to memory for this run${cause ? ` (${cause})` : ''}`,
      );
      this.onDegraded(this.status());
      return fallback();
    }
  }
}
