/**
 * decodeNsc against the real peer: FreeRDP 2's NSCodec encoder (what freerdp-shadow-cli sends in surface
 * bits) makes the streams, and FreeRDP's decoder, flipped as xfreerdp paints surface bits, gives the pixels
 * ours must match exactly. Through `freerdpNsc.py` (ctypes on libfreerdp2); needs the apt packages python3
 * and libfreerdp2-2 (pulled in by freerdp2-shadow-x11).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeNsc } from '../../../../main/launch/rdp/nscDecoder';

const SCRIPT = path.join(import.meta.dirname, 'freerdpNsc.py');
/** Debian's own Python (a pyenv shim may come first on PATH). */
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

const libraryMissing =
  spawnSync(PYTHON, ['-c', 'import ctypes; ctypes.CDLL("libfreerdp2.so.2"); ctypes.CDLL("libwinpr2.so.2")']).status !==
  0;
if (libraryMissing) console.warn('[nsc tests] skipped: python3 with libfreerdp2.so.2 (apt: libfreerdp2-2) is missing');

interface Encoded {
  stream: Uint8Array;
  /** FreeRDP's decoding of `stream`, top-down RGBA. */
  pixels: Buffer;
}

function freerdpEncode(image: Uint8Array, width: number, height: number, loss: number, subsampling: boolean): Encoded {
  const out = execFileSync(PYTHON, [SCRIPT, String(width), String(height), String(loss), subsampling ? '1' : '0'], {
    input: image,
    maxBuffer: 64 * 1024 * 1024,
  });
  const length = out.readUInt32LE(0);
  return { stream: out.subarray(4, 4 + length), pixels: out.subarray(4 + length) };
}

/** A deterministic pseudo-random source, so a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

/**
 * Desktop-like content: a flat background (long runs), a window of text-like noise, a colour gradient, and
 * saturated random blocks (chroma at its extremes, so clamping happens), with varying alpha.
 */
function picture(width: number, height: number, seed: number): Uint8Array {
  const next = random(seed);
  const blocks = Array.from({ length: 16 }, () => [0, 0, 0].map(() => (next() < 0.5 ? 0 : 255)));
  const image = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y += 1)
    for (let x = 0; x < width; x += 1) {
      let pixel: number[];
      if (y < height / 4) pixel = [40, 90, 140];
      else if (y < height / 2) pixel = next() < 0.15 ? [20, 20, 20] : [250, 250, 250];
      else if (y < (3 * height) / 4) pixel = [(x * 255) / width, (y * 255) / height, 128].map(Math.floor);
      else pixel = blocks[((x >> 2) + (y >> 2)) % 16]!;
      image.set([...pixel, x % 3 === 0 ? 255 : Math.floor(next() * 256)], (y * width + x) * 4);
    }
  return image;
}

const rgbOnly = (rgba: Uint8Array) => Buffer.from(rgba.filter((_, i) => i % 4 !== 3));

describe.skipIf(libraryMissing)('decodeNsc against FreeRDP’s NSCodec encoder and decoder', () => {
  it.each([
    { width: 1, height: 1, loss: 1, subsampling: false },
    { width: 64, height: 64, loss: 1, subsampling: false },
    { width: 64, height: 64, loss: 3, subsampling: true },
    { width: 37, height: 21, loss: 3, subsampling: false },
    { width: 37, height: 21, loss: 3, subsampling: true },
    { width: 333, height: 17, loss: 7, subsampling: true },
    { width: 1280, height: 48, loss: 2, subsampling: true },
    { width: 3, height: 3, loss: 5, subsampling: true },
  ])(
    '$width × $height, colour loss $loss, subsampling $subsampling: the same pixels as FreeRDP',
    ({ width, height, loss, subsampling }) => {
      const image = picture(width, height, width * 31 + height);
      const { stream, pixels } = freerdpEncode(image, width, height, loss, subsampling);
      expect(stream[16]).toBe(loss);
      expect(stream[17]).toBe(subsampling ? 1 : 0);
      const ours = decodeNsc(stream, width, height);
      expect(ours).not.toBeNull();
      expect(ours!.every((b, i) => i % 4 !== 3 || b === 255)).toBe(true);
      expect(rgbOnly(ours!).equals(rgbOnly(pixels))).toBe(true);
    },
  );

  it('reads FreeRDP’s planes bottom-up: the picture comes out the right way up', () => {
    // Top half red, bottom half blue: lossless enough at colour loss 1 to tell them apart.
    const width = 16;
    const height = 8;
    const image = new Uint8Array(width * height * 4);
    for (let i = 0; i < width * height; i += 1)
      image.set(i < (width * height) / 2 ? [255, 0, 0, 255] : [0, 0, 255, 255], i * 4);
    const ours = decodeNsc(freerdpEncode(image, width, height, 1, false).stream, width, height)!;
    const at = (x: number, y: number) => [...ours.subarray((y * width + x) * 4, (y * width + x) * 4 + 3)];
    expect(at(0, 0)[0]).toBeGreaterThan(240);
    expect(at(0, 0)[2]).toBeLessThan(15);
    expect(at(width - 1, height - 1)[2]).toBeGreaterThan(240);
    expect(at(width - 1, height - 1)[0]).toBeLessThan(15);
  });

  it('decodes FreeRDP’s RLE planes (the streams are not just raw planes)', () => {
    const width = 64;
    const height = 64;
    const { stream } = freerdpEncode(picture(width, height, 5), width, height, 3, true);
    const header = Buffer.from(stream.subarray(0, 16));
    const lumaCount = header.readUInt32LE(0);
    // The luma plane (8-padded rows) is RLE-encoded: shorter than its 64 × 64 bytes.
    expect(lumaCount).toBeGreaterThan(0);
    expect(lumaCount).toBeLessThan(width * height);
    expect(decodeNsc(stream, width, height)).not.toBeNull();
  });
});
