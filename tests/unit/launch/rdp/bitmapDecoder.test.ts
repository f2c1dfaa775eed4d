import type { RdpBitmap } from 'node-rdpjs-2';
import { describe, expect, it } from 'vitest';
import { decodeBitmap } from '../../../../main/launch/rdp/bitmapDecoder';

/** A raw (uncompressed) bitmap as servers send it: rows bottom-up, each padded to 4 bytes. */
function raw(width: number, height: number, bpp: number, pixel: (x: number, y: number) => number[]): RdpBitmap {
  const bytes = bpp === 15 ? 2 : bpp / 8;
  const stride = (width * bytes + 3) & ~3;
  const data = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y += 1)
    for (let x = 0; x < width; x += 1) data.set(pixel(x, y), (height - 1 - y) * stride + x * bytes);
  return {
    destLeft: 10,
    destTop: 20,
    destRight: 10 + width - 1,
    destBottom: 20 + height - 1,
    width,
    height,
    bitsPerPixel: bpp,
    isCompress: false,
    data,
  };
}

describe('decodeBitmap', () => {
  it('turns a bottom-up 32 bpp BGRA bitmap into top-down RGBA at its place', () => {
    const bitmap = raw(2, 2, 32, (x, y) => (y === 0 ? [0, 0, 255, 0] : [255, 0, 0, 0])); // top row red, bottom blue
    const rect = decodeBitmap(bitmap, false)!;
    expect({ x: rect.x, y: rect.y, width: rect.width, height: rect.height }).toEqual({
      x: 10,
      y: 20,
      width: 2,
      height: 2,
    });
    expect([...rect.rgba]).toEqual([255, 0, 0, 255, 255, 0, 0, 255, 0, 0, 255, 255, 0, 0, 255, 255]);
  });

  it('reads 16 bpp (5-6-5) and 15 bpp (5-5-5) pixels', () => {
    const white16 = decodeBitmap(
      raw(1, 1, 16, () => [0xff, 0xff]),
      false,
    )!;
    expect([...white16.rgba]).toEqual([0xf8, 0xfc, 0xf8, 255]);
    const red15 = decodeBitmap(
      raw(1, 1, 15, () => [0x00, 0x7c]),
      false,
    )!;
    expect([...red15.rgba]).toEqual([0xf8, 0, 0, 255]);
  });

  it('crops the padded width to the destination rectangle', () => {
    const bitmap = { ...raw(4, 1, 24, (x) => [x, x, x]), destRight: 10 + 2 }; // 3 of 4 columns are meant
    const rect = decodeBitmap(bitmap, false)!;
    expect(rect.width).toBe(3);
    expect(rect.rgba.length).toBe(3 * 4);
  });

  const hostile: Array<[string, Partial<RdpBitmap>]> = [
    ['an unknown depth', { bitsPerPixel: 8 }],
    ['a zero width', { width: 0 }],
    ['a negative height', { height: -4 }],
    ['a fractional width', { width: 1.5 }],
    ['a giant size', { width: 65535, height: 65535 }],
    ['less data than the size says', { data: Buffer.alloc(3) }],
    ['a destination that ends before it starts', { destRight: 0, destLeft: 5 }],
  ];
  it.each(hostile)('refuses %s without reading out of bounds', (_, change) => {
    const bitmap = { ...raw(4, 4, 32, () => [1, 2, 3, 4]), ...change };
    expect(decodeBitmap(bitmap, false)).toBeNull();
  });

  it('survives garbage claiming to be RLE-compressed (a rectangle or null, never a throw)', () => {
    for (let seed = 1; seed <= 50; seed += 1) {
      const data = Buffer.from(Array.from({ length: 64 + seed }, (_, i) => (i * 7919 * seed) & 0xff));
      const bitmap = { ...raw(16, 16, 16, () => [0, 0]), data, isCompress: true };
      const rect = decodeBitmap(bitmap, true);
      if (rect) expect(rect.rgba.length).toBe(16 * 16 * 4);
    }
  });
});
