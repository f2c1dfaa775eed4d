import rle from 'node-rdpjs-2/lib/core/rle';
import { describe, expect, it } from 'vitest';
import { rleDecodePixels, rleDecompressRgba } from '../../../../main/launch/rdp/rleDecoder';

/** node-rdpjs-2's own decoder (Emscripten build of rdesktop's), the oracle: RGBA, or null when it refused. */
function oracle(input: Uint8Array, width: number, height: number, bpp: number): Buffer | null {
  const size = width * height * 4;
  // Room after the input: the C code may read a few bytes on; they must not decide anything we compare.
  const inputPointer = rle._malloc(input.length + 64);
  const outputPointer = rle._malloc(size);
  try {
    rle.HEAPU8.fill(0, inputPointer, inputPointer + input.length + 64);
    rle.HEAPU8.set(input, inputPointer);
    const ok = rle.ccall(
      `bitmap_decompress_${bpp}`,
      'number',
      ['number', 'number', 'number', 'number', 'number', 'number', 'number'],
      [outputPointer, width, height, width, height, inputPointer, input.length],
    );
    const out = Buffer.from(rle.HEAPU8.subarray(outputPointer, outputPointer + size));
    for (let i = 3; i < out.length; i += 4) out[i] = 255;
    return ok ? out : null;
  } finally {
    rle._free(inputPointer);
    rle._free(outputPointer);
  }
}

/** A deterministic pseudo-random source, so a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

/**
 * A stream of orders of every kind (regular, lite, mega and the one-byte special ones) with small counts and
 * random operands, completed by a colour run over whatever it left out (the oracle leaves such pixels
 * undefined). Null when it does not decode (too long for the bitmap, or cut short).
 */
function stream(next: () => number, width: number, height: number, bpp: 15 | 16 | 24): Uint8Array | null {
  const bytes: number[] = [];
  const orders = 1 + Math.floor(next() * 12);
  for (let i = 0; i < orders; i += 1) {
    const kind = Math.floor(next() * 4);
    const count = 1 + Math.floor(next() * 6);
    if (kind === 0) bytes.push((Math.floor(next() * 6) << 5) | count);
    else if (kind === 1) bytes.push([0xc0, 0xd0, 0xe0][Math.floor(next() * 3)]! | count);
    else if (kind === 2) bytes.push(0xf0 | Math.floor(next() * 9), count, 0);
    else bytes.push([0xf9, 0xfa, 0xfd, 0xfe][Math.floor(next() * 4)]!);
    for (let n = Math.floor(next() * 7); n > 0; n -= 1) bytes.push(Math.floor(next() * 256));
  }
  const pixelBytes = bpp === 24 ? 3 : 2;
  const left = { remaining: 0 };
  if (!rleDecodePixels(Uint8Array.from(bytes), width, height, pixelBytes, left)) return null;
  if (left.remaining > 0)
    bytes.push(0xf3, left.remaining & 0xff, left.remaining >> 8, ...[0x5a, 0xc3, 0x96].slice(0, pixelBytes));
  return Uint8Array.from(bytes);
}

describe('rleDecompressRgba', () => {
  it.each([15, 16, 24] as const)('decodes %i bpp streams of every order exactly as node-rdpjs-2’s decoder', (bpp) => {
    const next = random(bpp);
    let compared = 0;
    for (let t = 0; t < 8000; t += 1) {
      const width = 1 + Math.floor(next() * 64);
      const height = 1 + Math.floor(next() * 16);
      const input = stream(next, width, height, bpp);
      if (!input) continue;
      const ours = rleDecompressRgba(input, width, height, bpp);
      expect(ours, Buffer.from(input).toString('hex')).not.toBeNull();
      const theirs = oracle(input, width, height, bpp);
      expect(theirs, Buffer.from(input).toString('hex')).not.toBeNull();
      if (!ours!.equals(theirs!))
        throw new Error(`${bpp} bpp ${width}×${height} ${Buffer.from(input).toString('hex')} decodes differently`);
      compared += 1;
    }
    expect(compared).toBeGreaterThan(300);
  });

  it('flips the rows (the stream is bottom-up) and scales 5-6-5 to 8 bits as node-rdpjs-2 does', () => {
    // 2×2 at 16 bpp: a colour run of white (bottom row), then a colour run of pure red (top row).
    const input = Uint8Array.from([0x62, 0xff, 0xff, 0x62, 0x00, 0xf8]);
    expect([...rleDecompressRgba(input, 2, 2, 16)!]).toEqual([
      255, 0, 0, 255, 255, 0, 0, 255, 255, 255, 255, 255, 255, 255, 255, 255,
    ]);
    expect([...oracle(input, 2, 2, 16)!]).toEqual([...rleDecompressRgba(input, 2, 2, 16)!]);
  });

  it.each([
    ['a fill after a fill inserts one mix pixel', [0x02, 0x02, 0x04], 4, 2],
    ['a fill after a fill that ended the first line inserts none', [0x04, 0x04], 4, 2],
    ['fills on later lines repeat the line above, mixed after a mix order', [0x64, 0x34, 0x12, 0xc1, 0x03, 0x04], 4, 2],
  ])('%s, as node-rdpjs-2’s decoder does', (_name, bytes, width, height) => {
    const input = Uint8Array.from(bytes);
    const ours = rleDecompressRgba(input, width, height, 16);
    expect(ours).not.toBeNull();
    expect([...ours!]).toEqual([...oracle(input, width, height, 16)!]);
  });

  it.each([
    ['a colour run cut before its colour', [0x62, 0xff]],
    ['a copy cut inside its pixels', [0x84, 0x01, 0x02, 0x03]],
    ['a mega run cut inside its count', [0xf3, 0x04]],
    ['a run longer than the bitmap', [0x7f, 0x00, 0x00]],
    ['an order that does not exist', [0xfb]],
    ['a fill-or-mix cut before its mask', [0x41]],
  ])('refuses %s', (_name, bytes) => {
    expect(rleDecompressRgba(Uint8Array.from(bytes), 2, 2, 16)).toBeNull();
  });

  it('keeps nothing of one tile in the next (the pixels are decoded into a reused array)', () => {
    const white = rleDecompressRgba(Uint8Array.from([0xf3, 0x00, 0x10, 0xff, 0xff]), 64, 64, 16)!;
    expect(white.every((b) => b === 255)).toBe(true);
    // A short stream: one red pixel, the rest left out (black, alpha 255).
    const next = rleDecompressRgba(Uint8Array.from([0x61, 0x00, 0xf8]), 64, 64, 16)!;
    expect([...next.subarray(63 * 64 * 4, 63 * 64 * 4 + 8)]).toEqual([255, 0, 0, 255, 0, 0, 0, 255]);
    expect(next.subarray(0, 63 * 64 * 4).every((b, i) => b === (i % 4 === 3 ? 255 : 0))).toBe(true);
    expect(white.every((b) => b === 255)).toBe(true);
  });

  it('leaves pixels a short stream does not cover black, and says how many', () => {
    const seen = { remaining: 0 };
    const pixels = rleDecodePixels(Uint8Array.from([0x61, 0x34, 0x12]), 2, 2, 2, seen);
    expect([...pixels!]).toEqual([0, 0, 0x1234, 0]);
    expect(seen.remaining).toBe(3);
  });
});
