import { describe, expect, it } from 'vitest';
import { decodeNsc } from '../../../../main/launch/rdp/nscDecoder';
import { encodeNsc, nscStream, rleEncode } from './nscEncoder';

/** RGB triples of a decoded image, rows top-down (alpha checked separately). */
function rgb(rgba: Buffer): number[][] {
  const pixels: number[][] = [];
  for (let i = 0; i < rgba.length; i += 4) pixels.push([rgba[i]!, rgba[i + 1]!, rgba[i + 2]!]);
  return pixels;
}

const opaque = (rgba: Buffer) => rgba.every((b, i) => i % 4 !== 3 || b === 255);

/** A deterministic pseudo-random source, so a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

describe('decodeNsc', () => {
  it('turns raw Y, Co, Cg planes into RGB, the first plane row being the bottom screen row', () => {
    // 2 × 2, colour loss level 1 (chroma used as sent). Plane rows: bottom screen row, then top.
    const luma = [100, 100, 50, 128];
    const co = [0, 20, 0xe2 /* −30 */, 0];
    const cg = [0, 10, 5, 0xf6 /* −10 */];
    const out = decodeNsc(nscStream([luma, co, cg, []], 1, 0), 2, 2)!;
    expect(rgb(out)).toEqual([
      [15, 55, 75], // y 50, co −30, cg 5
      [138, 118, 138], // y 128, co 0, cg −10
      [100, 100, 100],
      [110, 110, 70], // y 100, co 20, cg 10
    ]);
    expect(opaque(out)).toBe(true);
  });

  it('clamps each channel to 0..255', () => {
    // y 250, co 20, cg −10: r 280, g 240, b 240; y 5, co 50, cg 10: r 45, g 15, b −55.
    const out = decodeNsc(nscStream([[250, 5], [20, 50], [0xf6, 10], []], 1, 0), 2, 1)!;
    expect(rgb(out)).toEqual([
      [255, 240, 240],
      [45, 15, 0],
    ]);
  });

  it('shifts chroma back by the colour loss level − 1 and reads it as a signed byte', () => {
    // Level 3 (shift 2): Co 0x30 → 0xC0 = −64, Cg 0x01 → 4; Co 0xFE → 0xF8 = −8, Cg 0x3F → 0xFC = −4.
    const out = decodeNsc(nscStream([[128, 100], [0x30, 0xfe], [0x01, 0x3f], []], 3, 0), 2, 1)!;
    expect(rgb(out)).toEqual([
      [60, 132, 188],
      [96, 96, 112],
    ]);
    // The same bytes at level 1 are small positive and negative values.
    expect(rgb(decodeNsc(nscStream([[128, 100], [0x30, 0xfe], [0x01, 0x3f], []], 1, 0), 2, 1)!)).toEqual([
      [175, 129, 79],
      [35, 163, 39],
    ]);
  });

  it('fills a plane whose byte count is 0 with 0xFF', () => {
    // Y 0xFF, Co and Cg 0xFF (−1): r 255, g 254, b 257 → 255.
    const out = decodeNsc(nscStream([[], [], [], []], 1, 0), 3, 2)!;
    expect(rgb(out)).toEqual(Array.from({ length: 6 }, () => [255, 254, 255]));
    // Only the chroma all 0xFF: grey luma gets r = y, g = y − 1, b = y + 2.
    expect(rgb(decodeNsc(nscStream([[40, 41], [], [], []], 1, 0), 2, 1)!)).toEqual([
      [40, 39, 42],
      [41, 40, 43],
    ]);
  });

  it('ignores the alpha plane’s values: the desktop is opaque', () => {
    const out = decodeNsc(
      nscStream(
        [
          [9, 9],
          [0, 0],
          [0, 0],
          [0, 0x80],
        ],
        1,
        0,
      ),
      2,
      1,
    )!;
    expect([...out]).toEqual([9, 9, 9, 255, 9, 9, 9, 255]);
  });

  it('expands RLE runs, single values, the 5th-last byte as a single value and the last 4 raw', () => {
    // A 16-byte luma plane: 5 × 10 (run, length byte 3), 20, 2 × 30 (length byte 0), 40, 50, 60, then 70 as
    // the 5th-last byte: a single value although the next input byte (the first raw one) is also 70.
    const luma = [10, 10, 3, 20, 30, 30, 0, 40, 50, 60, 70, 70, 71, 72, 73];
    const zeros = [0, 0, 10, 0, 0, 0, 0]; // 12 × 0 then 4 raw zeros
    const out = decodeNsc(nscStream([luma, zeros, zeros, []], 1, 0), 16, 1)!;
    expect(rgb(out).map(([r]) => r)).toEqual([10, 10, 10, 10, 10, 20, 30, 30, 40, 50, 60, 70, 70, 71, 72, 73]);
  });

  it('expands runs with a u32 length (length byte 0xFF) and a length byte of 0xFE (256)', () => {
    // 20 × 15 = 300 bytes: 296 × 7 by a u32 length, then 4 raw bytes.
    const luma = [7, 7, 0xff, 0x28, 0x01, 0, 0, 1, 2, 3, 4];
    // 256 × 0 (length byte 0xFE), 40 × 0 (length byte 38), 4 raw.
    const co = [0, 0, 0xfe, 0, 0, 38, 0, 0, 0, 0];
    const out = decodeNsc(nscStream([luma, co, co, []], 1, 0), 20, 15)!;
    const reds = rgb(out).map(([r]) => r);
    // The last plane row is the top screen row: the 4 raw bytes end it.
    expect(reds.slice(16, 20)).toEqual([1, 2, 3, 4]);
    expect(reds.filter((r) => r === 7)).toHaveLength(296);
  });

  it('takes chroma from 2 × 2 cells with subsampling, luma rows padded to 8, for odd width and height', () => {
    // 3 × 3: luma 8 × 3 (5 padding bytes per row), Co and Cg 4 × 2 (from a padded height of 4).
    const pad = [0xee, 0xee, 0xee, 0xee, 0xee];
    const luma = [50, 55, 60, ...pad, 80, 85, 90, ...pad, 110, 115, 120, ...pad];
    const co = [10, 20, 99, 99, 30, 40, 99, 99];
    const cg = [0, 0, 0, 0, 0, 0, 0, 0];
    const out = decodeNsc(nscStream([luma, co, cg, []], 1, 1), 3, 3)!;
    expect(rgb(out)).toEqual([
      // Screen row 0 is plane row 2 (chroma row 1).
      [140, 110, 80],
      [145, 115, 85],
      [160, 120, 80],
      // Screen row 1 is plane row 1 (chroma row 0).
      [90, 80, 70],
      [95, 85, 75],
      [110, 90, 70],
      [60, 50, 40],
      [65, 55, 45],
      [80, 60, 40],
    ]);
    // Any non-zero ChromaSubsamplingLevel means subsampled.
    expect(decodeNsc(nscStream([luma, co, cg, []], 1, 0x80), 3, 3)!.equals(out)).toBe(true);
  });

  it.each([
    { width: 1, height: 1, colorLossLevel: 1, subsampling: false },
    { width: 37, height: 21, colorLossLevel: 1, subsampling: false },
    { width: 37, height: 21, colorLossLevel: 3, subsampling: false },
    { width: 64, height: 33, colorLossLevel: 1, subsampling: true },
    { width: 29, height: 17, colorLossLevel: 3, subsampling: true },
    { width: 300, height: 9, colorLossLevel: 7, subsampling: true },
  ])('round-trips a $width × $height image at colour loss $colorLossLevel, subsampling $subsampling', (c) => {
    const next = random(c.width * 7 + c.height);
    // A flat band (long runs, the u32 form when wide), grey steps (luma only) and colour blocks; colour is
    // constant over each 2 × 2 chroma cell, counted from the bottom row as the planes are stored, so
    // subsampling loses nothing but the low bits.
    const blocks = Array.from({ length: 64 }, () => [next(), next(), next()].map((v) => Math.floor(v * 256)));
    const image = new Uint8Array(c.width * c.height * 4);
    const band = 2 * Math.floor(c.height / 3);
    for (let y = 0; y < c.height; y += 1)
      for (let x = 0; x < c.width; x += 1) {
        const p = c.height - 1 - y;
        const colour = p >= band ? [30, 120, 200] : blocks[((p >> 3) * 8 + (x >> 3)) % 64]!;
        const grey = p >= band ? 0 : 4 * (((x >> 1) + (p >> 1)) % 3);
        image.set([...colour.map((v) => Math.min(255, v + grey)), 128], (y * c.width + x) * 4);
      }
    const stream = encodeNsc(image, c.width, c.height, { ...c, alpha: 'encoded' });
    const out = decodeNsc(stream, c.width, c.height);
    expect(out).not.toBeNull();
    expect(opaque(out!)).toBe(true);
    // Luma's integer quarters and halves lose under 2; Co and Cg each lose under 2^(level − 1) (measured
    // worst: 2, 6, 108 at levels 1, 3, 7).
    const tolerance = 2 + 2 ** c.colorLossLevel;
    let worst = 0;
    for (let i = 0; i < image.length; i += 1) if (i % 4 !== 3) worst = Math.max(worst, Math.abs(out![i]! - image[i]!));
    expect(worst).toBeLessThanOrEqual(tolerance);
  });

  it('round-trips RLE-encoded planes exactly as the encoder meant them (grey, colour loss 1)', () => {
    // Grey pixels have Co = Cg = 0 and y = value when the value is a multiple of 4: decoding is exact.
    const width = 300;
    const height = 4;
    const image = new Uint8Array(width * height * 4);
    for (let i = 0; i < width * height; i += 1) {
      const v = i < 700 ? 64 : (i % 5) * 4;
      image.set([v, v, v, 255], i * 4);
    }
    const stream = encodeNsc(image, width, height);
    expect(stream.length).toBeLessThan(width * height); // the planes really were RLE-encoded
    expect([...decodeNsc(stream, width, height)!]).toEqual([...image]);
  });

  it('keeps nothing of one frame in the next (planes are decoded into reused memory)', () => {
    const first = decodeNsc(nscStream([[], [], [], []], 1, 0), 4, 2)!;
    const copy = Buffer.from(first);
    const second = decodeNsc(nscStream([[0, 0, 3, 0, 0, 0, 0], [], [], []], 1, 0), 3, 3)!;
    expect(first.equals(copy)).toBe(true);
    // Y 0, Co and Cg −1: r 0, g −1 → 0, b 2.
    expect(rgb(second)).toEqual(Array.from({ length: 9 }, () => [0, 0, 2]));
  });
});

describe('decodeNsc refuses what does not add up', () => {
  // A valid 4 × 2 stream, raw planes, to break one thing at a time.
  const raw8 = [1, 2, 3, 4, 5, 6, 7, 8];
  const valid = () => nscStream([raw8, raw8, raw8, raw8], 1, 0);
  const withHeader = (patch: (header: Buffer) => void) => {
    const stream = Buffer.from(valid());
    patch(stream);
    return stream;
  };
  const longerThanData = withHeader((h) => h.writeUInt32LE(100, 0)).subarray(0, 40);

  it('accepts the unbroken stream', () => {
    expect(decodeNsc(valid(), 4, 2)).not.toBeNull();
  });

  it.each<[string, Uint8Array, number, number]>([
    ['an empty stream', new Uint8Array(0), 4, 2],
    ['a header cut at 19 bytes', valid().subarray(0, 19), 4, 2],
    ['planes cut short', valid().subarray(0, valid().length - 1), 4, 2],
    ['a header only', valid().subarray(0, 20), 4, 2],
    ['a byte count of 0xFFFFFFFF', withHeader((h) => h.writeUInt32LE(0xffffffff, 12)), 4, 2],
    // 16 × 16: a 100-byte luma plane fits the plane's 256 bytes, not the 20 bytes that follow.
    ['a byte count past the data', longerThanData, 16, 16],
    ['a byte count larger than the plane', nscStream([[...raw8, 9], raw8, raw8, raw8], 1, 0), 4, 2],
    ['an alpha count larger than the plane', nscStream([raw8, raw8, raw8, [...raw8, 9]], 1, 0), 4, 2],
    ['colour loss level 0', withHeader((h) => (h[16] = 0)), 4, 2],
    ['colour loss level 8', withHeader((h) => (h[16] = 8)), 4, 2],
    ['subsampling with planes sized for none', withHeader((h) => (h[17] = 1)), 4, 2],
    ['an RLE run past the plane', nscStream([[5, 5, 7, 1, 2, 3, 4], raw8, raw8, []], 1, 0), 4, 2],
    ['an RLE run into the last 4 bytes', nscStream([[5, 5, 3, 1, 2, 3, 4], raw8, raw8, []], 1, 0), 4, 2],
    ['an RLE plane without its last 4 bytes', nscStream([[5, 5, 2, 1, 2, 3], raw8, raw8, []], 1, 0), 4, 2],
    ['an RLE plane cut before a length byte', nscStream([[9, 9], raw8, raw8, []], 1, 0), 4, 2],
    ['an RLE plane cut inside a u32 length', nscStream([[9, 9, 0xff, 4, 0, 0], raw8, raw8, []], 1, 0), 4, 2],
    ['a u32 run length of 0xFFFFFFFF', nscStream([[9, 9, 0xff, 255, 255, 255, 255], raw8, raw8, []], 1, 0), 4, 2],
    ['RLE for a plane under 4 bytes', nscStream([[1, 2], [], [], []], 1, 0), 3, 1],
    ['an alpha plane whose RLE is bad', nscStream([raw8, raw8, raw8, [1, 1, 9, 0, 0, 0, 0]], 1, 0), 4, 2],
    ['a width of 0', valid(), 0, 2],
    ['a height of 0', valid(), 4, 0],
    ['a width over 4096', nscStream([[], [], [], []], 1, 0), 4097, 1],
    ['a height over 2048', nscStream([[], [], [], []], 1, 0), 1, 2049],
    ['a negative width', valid(), -4, 2],
    ['a fractional height', valid(), 4, 1.5],
    ['a NaN width', valid(), Number.NaN, 2],
  ])('%s', (_name, stream, width, height) => {
    expect(() => decodeNsc(stream, width, height)).not.toThrow();
    expect(decodeNsc(stream, width, height)).toBeNull();
  });

  it('accepts the largest size, all planes 0xFF', () => {
    expect(decodeNsc(nscStream([[], [], [], []], 1, 1), 4096, 2048)?.length).toBe(4096 * 2048 * 4);
  });

  it('never throws on damaged streams and returns null or a whole opaque image', () => {
    const next = random(42);
    const width = 23;
    const height = 11;
    const image = Uint8Array.from({ length: width * height * 4 }, (_, i) => (i >> 6) * 13);
    const sources = [
      encodeNsc(image, width, height),
      encodeNsc(image, width, height, { subsampling: true, colorLossLevel: 3, alpha: 'encoded' }),
    ];
    let refused = 0;
    let decoded = 0;
    for (let t = 0; t < 3000; t += 1) {
      const stream = Uint8Array.from(sources[t % 2]!);
      for (let n = 1 + Math.floor(next() * 4); n > 0; n -= 1)
        stream[Math.floor(next() * stream.length)] = Math.floor(next() * 256);
      const cut = next() < 0.2 ? Math.floor(next() * stream.length) : stream.length;
      const out = decodeNsc(stream.subarray(0, cut), width, height);
      if (out === null) refused += 1;
      else {
        decoded += 1;
        expect(out.length).toBe(width * height * 4);
        expect(opaque(out)).toBe(true);
      }
    }
    expect(refused).toBeGreaterThan(100);
    expect(decoded).toBeGreaterThan(100);
  });

  it('builds the test streams the way the format says (the encoder’s RLE is what the decoder reads)', () => {
    expect(rleEncode(Uint8Array.from([4, 4, 4, 4, 4, 4, 4, 4, 4]))).toEqual([4, 4, 3, 4, 4, 4, 4]);
    expect(rleEncode(Uint8Array.from([1, 2, 3, 4, 5]))).toEqual([1, 2, 3, 4, 5]);
    expect(rleEncode(new Uint8Array(261))).toEqual([0, 0, 0xff, 1, 1, 0, 0, 0, 0, 0, 0]);
  });
});
