/**
 * The compact lowdb adapter of one history partition: JSON without whitespace, sealed with AES-256-GCM
 * (`cacheCrypto.ts`), written atomically (`atomicFile.ts`). Reading checks the seal, the shape and the hash
 * chain, and rejects with a `PartitionError` that says why, so the cache can set the file aside.
 */
import fs from 'node:fs/promises';
import type { Adapter } from 'lowdb';
import { writeFileAtomic } from './atomicFile';
import { seal, unseal, UnsealError } from './cacheCrypto';
import { firstBrokenLink, type ChainedRecord } from './hashChain';

export const FORMAT_VERSION = 1;

export type PartitionFailure = 'unreadable' | 'unauthentic' | 'malformed' | 'broken_chain' | 'newer_format';

export class PartitionError extends Error {
  constructor(
    readonly reason: PartitionFailure,
    message: string,
  ) {
    super(message);
    this.name = 'PartitionError';
  }
}

export interface PartitionData<T> {
  format: number;
  partition: string;
  records: ChainedRecord<T>[];
}

export class SealedPartitionAdapter<T> implements Adapter<PartitionData<T>> {
  constructor(
    private readonly file: string,
    /** The logical name bound into the seal and the chain (`sessions-2026-11`). */
    private readonly name: string,
    private readonly key: Buffer,
  ) {}

  async read(): Promise<PartitionData<T> | null> {
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(this.file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new PartitionError('unreadable', `${this.name} cannot be read: ${(error as Error).message}`);
    }
    return this.open(bytes);
  }

  /** Decrypts, parses and chain-checks a partition file's bytes (read elsewhere, ahead of time). */
  open(bytes: Buffer): PartitionData<T> {
    let plain: Buffer;
    try {
      plain = unseal(this.key, this.name, FORMAT_VERSION, bytes);
    } catch (error) {
      if (error instanceof UnsealError && error.reason === 'newer_format') {
        throw new PartitionError('newer_format', error.message);
      }
      throw new PartitionError('unauthentic', (error as Error).message);
    }
    let data: PartitionData<T>;
    try {
      data = JSON.parse(plain.toString('utf8')) as PartitionData<T>;
    } catch {
      throw new PartitionError('malformed', `${this.name} does not hold JSON`);
    }
    if (
      typeof data !== 'object' ||
      data === null ||
      data.format !== FORMAT_VERSION ||
      data.partition !== this.name ||
      !Array.isArray(data.records)
    ) {
      throw new PartitionError('malformed', `${this.name} does not hold a history partition`);
    }
    const broken = firstBrokenLink(this.name, data.records);
    if (broken >= 0)
      throw new PartitionError('broken_chain', `${this.name}: the hash chain breaks at record ${broken}`);
    return data;
  }

  async write(data: PartitionData<T>): Promise<void> {
    const plain = Buffer.from(JSON.stringify(data), 'utf8');
    await writeFileAtomic(this.file, seal(this.key, this.name, FORMAT_VERSION, plain));
  }
}
