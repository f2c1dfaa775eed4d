/**
 * The interleaved RLE bitmap codec (MS-RDPBCGR 2.2.9.1.1.3.1.2.4) for 15, 16 and 24 bits per pixel, in
 * TypeScript: what node-rdpjs-2 ships is an old Emscripten build of rdesktop's decoder (no asm.js, a
 * `while (1) switch (label)` per statement), which was most of main's CPU while a desktop animates. This is
 * the same algorithm (rdesktop's `bitmap_decompress2/3`, as node-rdpjs-2's `rle.c` runs it, then its
 * conversion to RGBA), tested against that build as the oracle.
 *
 * The data comes from the server: every read is bounds-checked and a stream that reads past its end, names
 * an unknown order or writes past the last row is refused (null), where the C code read or wrote on.
 */

/**
 * Decoded pixel values (2 or 3 bytes each, as sent), rows top-down; null when the stream is malformed.
 * Pixels a short stream leaves out are 0; `seen.remaining` says how many it left out.
 */
export function rleDecodePixels(
  input: Uint8Array,
  width: number,
  height: number,
  bytesPerPixel: 2 | 3,
  seen: { remaining: number } = { remaining: 0 },
  /** Where to decode (its first width × height entries, zeroed first); a new array when not given. */
  into?: Uint32Array,
): Uint32Array | null {
  const out = into ? into.subarray(0, width * height).fill(0) : new Uint32Array(width * height);
  const end = input.length;
  const white = bytesPerPixel === 2 ? 0xffff : 0xffffff;
  let pos = 0;
  let rows = height;
  // Start offsets of the current and previous line in `out`; -1: none yet (the first line has no previous).
  let line = -1;
  let prevline = -1;
  let x = width;
  let lastopcode = -1;
  let insertmix = false;
  let bicolour = false;
  let colour1 = 0;
  let colour2 = 0;
  let mix = white;
  let mask = 0;
  let mixmask = 0;
  let fomMask = 0;

  const byte = (): number => (pos < end ? input[pos++]! : -1);
  const pixel = (): number => {
    if (pos + bytesPerPixel > end) return -1;
    const value =
      bytesPerPixel === 2
        ? input[pos]! | (input[pos + 1]! << 8)
        : input[pos]! | (input[pos + 1]! << 8) | (input[pos + 2]! << 16);
    pos += bytesPerPixel;
    return value;
  };

  while (pos < end) {
    fomMask = 0;
    const code = input[pos++]!;
    let opcode = code >> 4;
    let count: number;
    let offset: number;
    if (opcode === 0xc || opcode === 0xd || opcode === 0xe) {
      opcode -= 6;
      count = code & 0xf;
      offset = 16;
    } else if (opcode === 0xf) {
      opcode = code & 0xf;
      if (opcode < 9) {
        const low = byte();
        const high = byte();
        if (low < 0 || high < 0) return null;
        count = low | (high << 8);
      } else count = opcode < 0xb ? 8 : 1;
      offset = 0;
    } else {
      opcode >>= 1;
      count = code & 0x1f;
      offset = 32;
    }
    if (offset !== 0) {
      const isFillOrMix = opcode === 2 || opcode === 7;
      if (count === 0) {
        const extra = byte();
        if (extra < 0) return null;
        count = isFillOrMix ? extra + 1 : extra + offset;
      } else if (isFillOrMix) count <<= 3;
    }
    switch (opcode) {
      case 0: // fill
        if (lastopcode === opcode && !(x === width && prevline === -1)) insertmix = true;
        break;
      case 8: // bicolour
        colour1 = pixel();
        colour2 = pixel();
        if (colour1 < 0 || colour2 < 0) return null;
        break;
      case 3: // colour
        colour2 = pixel();
        if (colour2 < 0) return null;
        break;
      case 6: // set mix, mix
      case 7: // set mix, fill or mix
        mix = pixel();
        if (mix < 0) return null;
        opcode -= 5;
        break;
      case 9: // fill or mix 1
        mask = 0x03;
        opcode = 0x02;
        fomMask = 3;
        break;
      case 0x0a: // fill or mix 2
        mask = 0x05;
        opcode = 0x02;
        fomMask = 5;
        break;
    }
    lastopcode = opcode;
    mixmask = 0;

    while (count > 0) {
      if (x >= width) {
        if (rows <= 0) return null;
        x = 0;
        rows -= 1;
        prevline = line;
        line = rows * width;
      }
      switch (opcode) {
        case 0: // fill
          if (insertmix) {
            out[line + x] = prevline === -1 ? mix : out[prevline + x]! ^ mix;
            insertmix = false;
            count -= 1;
            x += 1;
          }
          if (prevline === -1) for (; count > 0 && x < width; count -= 1, x += 1) out[line + x] = 0;
          else for (; count > 0 && x < width; count -= 1, x += 1) out[line + x] = out[prevline + x]!;
          break;
        case 1: // mix
          if (prevline === -1) for (; count > 0 && x < width; count -= 1, x += 1) out[line + x] = mix;
          else for (; count > 0 && x < width; count -= 1, x += 1) out[line + x] = out[prevline + x]! ^ mix;
          break;
        case 2: // fill or mix
          for (; count > 0 && x < width; count -= 1, x += 1) {
            mixmask = (mixmask << 1) & 0xff;
            if (mixmask === 0) {
              if (fomMask) mask = fomMask;
              else {
                mask = byte();
                if (mask < 0) return null;
              }
              mixmask = 1;
            }
            const above = prevline === -1 ? 0 : out[prevline + x]!;
            out[line + x] = mask & mixmask ? above ^ mix : above;
          }
          break;
        case 3: // colour
          for (; count > 0 && x < width; count -= 1, x += 1) out[line + x] = colour2;
          break;
        case 4: // copy
          for (; count > 0 && x < width; count -= 1, x += 1) {
            const value = pixel();
            if (value < 0) return null;
            out[line + x] = value;
          }
          break;
        case 8: // bicolour
          for (; count > 0 && x < width; count -= 1, x += 1) {
            if (bicolour) {
              out[line + x] = colour2;
              bicolour = false;
            } else {
              out[line + x] = colour1;
              bicolour = true;
              count += 1;
            }
          }
          break;
        case 0xd: // white
          for (; count > 0 && x < width; count -= 1, x += 1) out[line + x] = white;
          break;
        case 0xe: // black
          for (; count > 0 && x < width; count -= 1, x += 1) out[line + x] = 0;
          break;
        default:
          return null;
      }
    }
  }
  seen.remaining = rows * width + Math.max(0, width - x);
  return out;
}

/** 5- and 6-bit channels scaled to 8 bits as node-rdpjs-2's `rle.c` does (`v * 255 / max`). */
const scale = (v: number, max: number) => Math.floor((v * 255) / max);

/** Every 15 or 16 bpp pixel value as its RGBA word (little-endian: R, G, B, A=255 in memory); made on first use. */
const lookup: Partial<Record<15 | 16, Uint32Array>> = {};
function wordsFor(bitsPerPixel: 15 | 16): Uint32Array {
  let table = lookup[bitsPerPixel];
  if (table) return table;
  table = new Uint32Array(0x10000);
  for (let v = 0; v < 0x10000; v += 1) {
    const [r, g, b] =
      bitsPerPixel === 16
        ? [scale((v >> 11) & 0x1f, 31), scale((v >> 5) & 0x3f, 63), scale(v & 0x1f, 31)]
        : [scale((v >> 10) & 0x1f, 31), scale((v >> 5) & 0x1f, 31), scale(v & 0x1f, 31)];
    table[v] = (r | (g << 8) | (b << 16) | (0xff << 24)) >>> 0;
  }
  lookup[bitsPerPixel] = table;
  return table;
}

const scratch = new Uint32Array(128 * 128);

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** RLE-decompresses a 15/16/24 bpp bitmap into width × height RGBA (alpha 255), rows top-down; null on bad data. */
export function rleDecompressRgba(
  input: Uint8Array,
  width: number,
  height: number,
  bitsPerPixel: 15 | 16 | 24,
): Buffer | null {
  // Tiles (64×64 is usual) are decoded into one reused array: a new one per tile was 16 KiB of garbage each.
  const reuse = width * height <= scratch.length ? scratch : undefined;
  const pixels = rleDecodePixels(input, width, height, bitsPerPixel === 24 ? 3 : 2, undefined, reuse);
  if (!pixels) return null;
  const memory = new ArrayBuffer(pixels.length * 4);
  if (LITTLE_ENDIAN) {
    // One word per pixel. 24 bpp pixels are R, G, B in the stream's byte order: the word is the value + alpha.
    const words = new Uint32Array(memory);
    if (bitsPerPixel === 24) for (let i = 0; i < pixels.length; i += 1) words[i] = (pixels[i]! | 0xff000000) >>> 0;
    else {
      const table = wordsFor(bitsPerPixel);
      for (let i = 0; i < pixels.length; i += 1) words[i] = table[pixels[i]!]!;
    }
    return Buffer.from(memory);
  }
  const out = Buffer.from(memory);
  const table = bitsPerPixel === 24 ? null : wordsFor(bitsPerPixel);
  for (let i = 0, o = 0; i < pixels.length; i += 1, o += 4) {
    const word = table ? table[pixels[i]!]! : (pixels[i]! | 0xff000000) >>> 0;
    out.writeUInt32LE(word, o);
  }
  return out;
}
