import { randomUUID } from 'node:crypto';

/**
 * The questions an SSH or RDP launch asks the user while it connects (trust this key or certificate, a
 * password, a code): each waits for its answer by id. Once the launch closes, every open question and every
 * later one is answered null (no).
 */
export class PendingPrompts {
  readonly #waiting = new Map<string, (value: string | null) => void>();
  #closed = false;

  /** Sends the question under a fresh id (`emit`) and waits for its answer. */
  ask(emit: (promptId: string) => void): Promise<string | null> {
    return new Promise((resolve) => {
      if (this.#closed) return resolve(null);
      const promptId = randomUUID();
      this.#waiting.set(promptId, resolve);
      emit(promptId);
    });
  }

  /** The user's answer; an unknown or already answered id is ignored. */
  answer(promptId: string, value: string | null): void {
    const resolve = this.#waiting.get(promptId);
    if (!resolve) return;
    this.#waiting.delete(promptId);
    resolve(value);
  }

  close(): void {
    this.#closed = true;
    for (const resolve of this.#waiting.values()) resolve(null);
    this.#waiting.clear();
  }
}
