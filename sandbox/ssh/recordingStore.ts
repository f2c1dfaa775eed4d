/**
 * Where recordings live: in memory while the server runs and, with a data folder, one file per closed
 * connection in `recordings/` (0600), so they outlive a restart. Reads prefer memory.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Recording, RecordingJson } from './recording';

const ID = /^[0-9a-f-]{36}$/;

export class RecordingStore {
  readonly #live = new Map<string, Recording>();
  readonly #saving = new Set<Promise<void>>();

  constructor(
    private readonly dataDir: string | null,
    private readonly log: (line: string) => void,
  ) {}

  add(recording: Recording): void {
    this.#live.set(recording.meta.id, recording);
    recording.once('closed', () => {
      const saving = this.#save(recording);
      this.#saving.add(saving);
      void saving.finally(() => this.#saving.delete(saving));
    });
  }

  /** The open (or, without a data folder, any) recording with this id. */
  live(id: string): Recording | undefined {
    return this.#live.get(id);
  }

  async read(id: string): Promise<RecordingJson | null> {
    const recording = this.#live.get(id);
    if (recording) return recording.toJson();
    if (this.dataDir === null || !ID.test(id)) return null;
    try {
      return JSON.parse(await readFile(this.#file(id), 'utf8')) as RecordingJson;
    } catch {
      return null;
    }
  }

  #file(id: string): string {
    return path.join(this.dataDir!, 'recordings', `${id}.json`);
  }

  async #save(recording: Recording): Promise<void> {
    if (this.dataDir === null) return;
    try {
      await mkdir(path.join(this.dataDir, 'recordings'), { recursive: true, mode: 0o700 });
      await writeFile(this.#file(recording.meta.id), JSON.stringify(recording.toJson()), { mode: 0o600 });
      // Saved: memory need not hold it any longer.
      this.#live.delete(recording.meta.id);
    } catch (error) {
      this.log(`[ssh-proxy] could not save recording ${recording.meta.id}: ${(error as Error).message}`);
    }
  }

  /** Waits for recordings being written (on stop). */
  async flush(): Promise<void> {
    await Promise.all([...this.#saving]);
  }
}
