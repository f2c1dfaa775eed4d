// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the untyped library's declaration must reach every tsconfig that imports this file (scripts, tests)
/// <reference path="./nodeRdpjs.d.ts" />
/**
 * Turns the bitmap updates node-rdpjs-2 hands out (MS-RDPBCGR 2.2.9.1.1.3.1.2.2: rows bottom-up, 15/16/24/32
 * bits per pixel, optionally RLE-compressed, the last row's width padded) into top-down RGBA rectangles
 * cropped to what the server meant to paint. Runs in main, so the page only copies pixels onto its canvas.
 *
 * Everything here comes from the server: sizes are checked against the data before any pixel is read, and
 * a bitmap that does not add up is refused (null), never read out of bounds.
 */
import rle from 'node-rdpjs-2/lib/core/rle';
import type { RdpBitmap } from 'node-rdpjs-2';
import { decodeNsc } from './nscDecoder';
import { rleDecompressRgba } from './rleDecoder';
import { NSCODEC_ID, type SurfaceCommand } from './surfaceCommands';

export interface RgbaRect {
  x: number;
  y: number;
  width: number;
  height: number;
  /** width × height × 4 bytes, rows top-down, alpha 255. */
  rgba: Buffer;
}

/** Largest bitmap accepted (a 64×64 tile is usual; servers may send a full row of a 4K desktop). */
const MAX_PIXELS = 4096 * 2048;
const BYTES_PER_PIXEL: Record<number, number> = { 15: 2, 16: 2, 24: 3, 32: 4 };

/**
 * RLE-decompresses into width × height RGBA, top-down (the decompressors flip the rows); null on bad data.
 * 15/16/24 bpp (interleaved RLE) in TypeScript (`rleDecoder.ts`, several times faster); 32 bpp (planar) with
 * node-rdpjs-2's Emscripten build.
 */
function decompress(bitmap: RdpBitmap): Buffer | null {
  const bpp = bitmap.bitsPerPixel;
  if (bpp === 15 || bpp === 16 || bpp === 24) return rleDecompressRgba(bitmap.data, bitmap.width, bitmap.height, bpp);
  const size = bitmap.width * bitmap.height * 4;
  const input = bitmap.data;
  const inputPointer = rle._malloc(input.length);
  const outputPointer = rle._malloc(size);
  try {
    rle.HEAPU8.set(input, inputPointer);
    const ok = rle.ccall(
      `bitmap_decompress_${bitmap.bitsPerPixel}`,
      'number',
      ['number', 'number', 'number', 'number', 'number', 'number', 'number'],
      [outputPointer, bitmap.width, bitmap.height, bitmap.width, bitmap.height, inputPointer, input.length],
    );
    if (!ok) return null;
    // Copied out: the heap is reused by the next bitmap.
    const rgba = Buffer.from(rle.HEAPU8.subarray(outputPointer, outputPointer + size));
    for (let i = 3; i < rgba.length; i += 4) rgba[i] = 255;
    return rgba;
  } finally {
    rle._free(inputPointer);
    rle._free(outputPointer);
  }
}

/** Raw bottom-up pixels → top-down RGBA. */
function convertRaw(bitmap: RdpBitmap): Buffer | null {
  const bpp = BYTES_PER_PIXEL[bitmap.bitsPerPixel]!;
  const { width, height, data } = bitmap;
  // Rows are padded to a multiple of 4 bytes.
  const stride = (width * bpp + 3) & ~3;
  if (data.length < stride * height) return null;
  const out = Buffer.allocUnsafe(width * height * 4);
  for (let row = 0; row < height; row += 1) {
    let src = (height - 1 - row) * stride;
    let dst = row * width * 4;
    for (let col = 0; col < width; col += 1, src += bpp, dst += 4) {
      let r: number, g: number, b: number;
      if (bpp === 2) {
        const pixel = data[src]! | (data[src + 1]! << 8);
        if (bitmap.bitsPerPixel === 16) {
          r = (pixel >> 8) & 0xf8;
          g = (pixel >> 3) & 0xfc;
          b = (pixel << 3) & 0xf8;
        } else {
          r = (pixel >> 7) & 0xf8;
          g = (pixel >> 2) & 0xf8;
          b = (pixel << 3) & 0xf8;
        }
      } else {
        b = data[src]!;
        g = data[src + 1]!;
        r = data[src + 2]!;
      }
      out[dst] = r;
      out[dst + 1] = g;
      out[dst + 2] = b;
      out[dst + 3] = 255;
    }
  }
  return out;
}

/** Keeps the top-left `width` × `height` of a `fullWidth`-wide RGBA image. */
function crop(rgba: Buffer, fullWidth: number, width: number, height: number): Buffer {
  if (width === fullWidth) return rgba.subarray(0, width * height * 4);
  const out = Buffer.allocUnsafe(width * height * 4);
  for (let row = 0; row < height; row += 1)
    rgba.copy(out, row * width * 4, row * fullWidth * 4, row * fullWidth * 4 + width * 4);
  return out;
}

/** One bitmap update as an RGBA rectangle, or null when it is malformed (the caller logs and skips it). */
export function decodeBitmap(bitmap: RdpBitmap, compressed: boolean): RgbaRect | null {
  const { width, height, destLeft, destTop, destRight, destBottom } = bitmap;
  if (!(bitmap.bitsPerPixel in BYTES_PER_PIXEL)) return null;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) return null;
  if (width * height > MAX_PIXELS || destRight < destLeft || destBottom < destTop) return null;
  const visibleWidth = Math.min(width, destRight - destLeft + 1);
  const visibleHeight = Math.min(height, destBottom - destTop + 1);
  const rgba = compressed ? decompress(bitmap) : convertRaw(bitmap);
  if (!rgba) return null;
  return {
    x: destLeft,
    y: destTop,
    width: visibleWidth,
    height: visibleHeight,
    rgba: crop(rgba, width, visibleWidth, visibleHeight),
  };
}

/** Where surface bits are decoded, reused: grows to the largest update seen (at most 4096 × 2048 × 4). */
let surfacePixels = Buffer.alloc(0);

/**
 * One surface bits command (NSCodec, the only codec this client announces) as an RGBA rectangle cropped to
 * its destination (right and bottom exclusive here), or null when it is malformed or in another codec.
 * Its pixels may be those of a buffer the next call reuses: read them before decoding the next one.
 */
export function decodeSurfaceBits(command: Extract<SurfaceCommand, { kind: 'bits' }>): RgbaRect | null {
  const { width, height, left, top, right, bottom } = command;
  if (command.codecId !== NSCODEC_ID || width * height > MAX_PIXELS) return null;
  const visibleWidth = Math.min(width, right - left);
  const visibleHeight = Math.min(height, bottom - top);
  if (visibleWidth <= 0 || visibleHeight <= 0) return null;
  if (surfacePixels.length < width * height * 4) surfacePixels = Buffer.allocUnsafe(width * height * 4);
  const rgba = decodeNsc(command.data, width, height, surfacePixels);
  if (!rgba) return null;
  return {
    x: left,
    y: top,
    width: visibleWidth,
    height: visibleHeight,
    rgba: crop(rgba, width, visibleWidth, visibleHeight),
  };
}
