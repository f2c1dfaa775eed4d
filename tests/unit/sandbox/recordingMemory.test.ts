/**
 * A recording holds about what it recorded: its chunks do not keep larger buffers alive (Node's shared
 * 64 KiB buffer pool did, three times over, while other code allocated from the same pool in between).
 */
import { describe, expect, it } from 'vitest';
import { ByteBlocks, Recording } from '../../../sandbox/ssh/recording';
import type { ProxySessionRecord } from '../../../sandbox/sessions/model';

function backing(chunks: Buffer[]): number {
  let total = 0;
  for (const buffer of new Set(chunks.map((chunk) => chunk.buffer))) total += buffer.byteLength;
  return total;
}

describe('recorded bytes in memory', () => {
  it('a flood of small chunks, with other allocations in between, holds at most 10 % more than its bytes', () => {
    const recording = new Recording(
      {
        id: '00000000-0000-4000-8000-000000000001',
        type: 'ssh',
        start: 0,
        end: null,
        size: 0,
        from: '127.0.0.1',
        commands: [],
      } satisfies ProxySessionRecord,
      () => 0,
      () => undefined,
    );
    const transient: Buffer[] = [];
    for (let i = 0; i < 3000; i += 1) {
      // As in the proxy: a piece of a larger packet, while the pool also serves short-lived buffers.
      const packet = Buffer.from(Buffer.alloc(2700 + (i % 300), i % 251));
      transient.push(Buffer.from(Buffer.alloc(5000)));
      recording.output(packet.subarray(0, packet.length));
      if (transient.length > 10) transient.shift();
    }
    const chunks = recording.stdOut.map((chunk) => chunk.data);
    const recorded = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    expect(recorded).toBe(recording.meta.size);
    expect(backing(chunks)).toBeLessThan(recorded * 1.1 + ByteBlocks.BLOCK_BYTES);
    // The bytes are the ones recorded.
    expect(chunks[7]!.equals(Buffer.alloc(2707, 7))).toBe(true);
  });

  it('copies: a chunk does not change when the buffer it came from is reused', () => {
    const blocks = new ByteBlocks();
    const source = Buffer.from('first');
    const copy = blocks.copy(source);
    source.write('again');
    expect(copy.toString()).toBe('first');
    const large = Buffer.alloc(ByteBlocks.BLOCK_BYTES, 1);
    const own = blocks.copy(large);
    large.fill(2);
    expect(own.every((byte) => byte === 1)).toBe(true);
    expect(own.buffer.byteLength).toBe(ByteBlocks.BLOCK_BYTES);
  });
});
