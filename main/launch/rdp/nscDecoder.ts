/**
 * NSCodec bitmap streams (MS-RDPNSC 2.2.1 and 3.1.8), as servers send them in Surface Bits commands once the
 * client advertises the codec, decoded into RGBA for the viewer's canvas. A stream is four planes (luma Y,
 * orange chroma Co, green chroma Cg, alpha), each all 0xFF, raw, or in NSCodec's byte RLE; chroma may be
 * stored at half resolution and with its low bits dropped (the colour loss level).
 *
 * The planes hold the rows bottom-up: FreeRDP's encoder (what freerdp-shadow-cli sends) writes the last
 * screen row first and its client flips the decoded rows back (`FREERDP_FLIP_VERTICAL` in gdi.c). The
 * output here is top-down, as the canvas paints it; plane row `p` is screen row `height - 1 - p`.
 *
 * The data comes from the server: every plane size is checked against the header and the data before a
 * byte is read, every RLE read and write is bounds-checked, and a stream that does not add up is refused
 * (null), never read or written out of bounds.
 */

const HEADER_BYTES = 20;
const MAX_WIDTH = 4096;
const MAX_HEIGHT = 2048;

/**
 * Where RLE and all-0xFF planes are decoded, reused from frame to frame (decoding is synchronous): a new one
 * per frame would be 3 MB of garbage for every full 1280×800 frame. Grows to the largest frame seen, at most
 * 3 × 4096 × 2048 bytes.
 */
let scratch = new Uint8Array(0);

/** r, g and b before clamping lie in −255..510: `clamp[v + CLAMP_OFFSET]` is v clamped to 0..255. */
const CLAMP_OFFSET = 256;
const clamp = Uint8Array.from({ length: 1024 }, (_, i) => Math.min(255, Math.max(0, i - CLAMP_OFFSET)));
const OPAQUE = 0xff << 24;

/**
 * One pixel's RGBA word (little-endian) from its luma and signed chroma: r = y + co − cg, g = y + cg,
 * b = y − co − cg, each clamped.
 */
function pixel(y: number, orange: number, green: number): number {
  const base = y + CLAMP_OFFSET;
  return clamp[base + orange - green]! | (clamp[base + green]! << 8) | (clamp[base - orange - green]! << 16) | OPAQUE;
}

/**
 * One row's pixels from full-resolution planes, starting at plane offset `l`. A pixel with the same three
 * samples as the one before (a desktop is mostly runs of one colour) reuses its word.
 */
function fullRow(
  words: Int32Array,
  o: number,
  width: number,
  luma: Uint8Array,
  co: Uint8Array,
  cg: Uint8Array,
  l: number,
  signed: Int32Array,
): void {
  let key = -1;
  let word = 0;
  for (const end = l + width; l < end; l += 1, o += 1) {
    const next = luma[l]! | (co[l]! << 8) | (cg[l]! << 16);
    if (next !== key) {
      key = next;
      word = pixel(luma[l]!, signed[co[l]!]!, signed[cg[l]!]!);
    }
    words[o] = word;
  }
}

/** One row's pixels from luma at offset `l` and chroma at offset `c`: each chroma sample serves two pixels. */
function subsampledRow(
  words: Int32Array,
  o: number,
  width: number,
  luma: Uint8Array,
  l: number,
  co: Uint8Array,
  cg: Uint8Array,
  c: number,
  signed: Int32Array,
): void {
  for (let pair = width >> 1; pair > 0; pair -= 1, c += 1, l += 2, o += 2) {
    const orange = signed[co[c]!]!;
    const green = signed[cg[c]!]!;
    words[o] = pixel(luma[l]!, orange, green);
    words[o + 1] = pixel(luma[l + 1]!, orange, green);
  }
  if (width & 1) words[o] = pixel(luma[l]!, signed[co[c]!]!, signed[cg[c]!]!);
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

const roundUp = (value: number, multiple: number) => Math.ceil(value / multiple) * multiple;

/**
 * Decodes NSCodec RLE from `data[start, end)` into all of `out`: a value byte, repeated when the next byte is
 * the same value (then a length byte, + 2, or 0xFF and a u32 length), and the last 4 bytes as they are. The
 * byte before those 4 is always a single value, even when the next input byte equals it. False when the
 * input ends early or a run goes past what `out` has room for before its last 4 bytes. Input bytes left
 * over at the end are ignored, as FreeRDP's decoder does.
 */
function decodeRle(data: Uint8Array, start: number, end: number, out: Uint8Array): boolean {
  const runsEnd = out.length - 4;
  if (runsEnd < 0) return false;
  let pos = start;
  let o = 0;
  while (o < runsEnd) {
    if (pos >= end) return false;
    const value = data[pos++]!;
    // With 5 bytes still to come, the next input byte is not looked at.
    if (o === runsEnd - 1) {
      out[o++] = value;
      continue;
    }
    if (pos >= end) return false;
    if (data[pos] !== value) {
      out[o++] = value;
      continue;
    }
    pos += 1;
    if (pos >= end) return false;
    let run = data[pos++]!;
    if (run < 0xff) run += 2;
    else {
      if (end - pos < 4) return false;
      run = (data[pos]! | (data[pos + 1]! << 8) | (data[pos + 2]! << 16) | (data[pos + 3]! << 24)) >>> 0;
      pos += 4;
    }
    if (run > runsEnd - o) return false;
    if (run < 16) for (const stop = o + run; o < stop; o += 1) out[o] = value;
    else {
      out.fill(value, o, o + run);
      o += run;
    }
  }
  if (end - pos < 4) return false;
  out[o] = data[pos]!;
  out[o + 1] = data[pos + 1]!;
  out[o + 2] = data[pos + 2]!;
  out[o + 3] = data[pos + 3]!;
  return true;
}

/**
 * One plane's decoded bytes: `byteCount` bytes of `data` from `start` (checked by the caller to be there),
 * decoded into `buffer` (exactly the plane's size) unless they are the raw plane. Null when the RLE is bad.
 */
function readPlane(data: Uint8Array, start: number, byteCount: number, buffer: Uint8Array): Uint8Array | null {
  if (byteCount === 0) return buffer.fill(0xff);
  if (byteCount === buffer.length) return data.subarray(start, start + byteCount);
  return decodeRle(data, start, start + byteCount, buffer) ? buffer : null;
}

/**
 * One NSCodec bitmap stream as width × height × 4 bytes of RGBA, rows top-down, alpha 255 (the desktop is
 * opaque: the alpha plane is checked, not used). Null when the size is out of range (1..4096 × 1..2048) or
 * the stream is malformed; never throws on bad data. With `into` large enough, the pixels are written there
 * (a frame's 4 MB not allocated, zeroed and collected each time) and a view of it is returned.
 */
export function decodeNsc(data: Uint8Array, width: number, height: number, into?: Buffer): Buffer | null {
  if (!Number.isInteger(width) || !Number.isInteger(height)) return null;
  if (width < 1 || width > MAX_WIDTH || height < 1 || height > MAX_HEIGHT) return null;
  if (data.length < HEADER_BYTES) return null;
  const header = new DataView(data.buffer, data.byteOffset, HEADER_BYTES);
  const byteCounts = [0, 4, 8, 12].map((offset) => header.getUint32(offset, true));
  const colorLossLevel = data[16]!;
  const subsampled = data[17] !== 0;
  if (colorLossLevel < 1 || colorLossLevel > 7) return null;

  // With subsampling, luma rows are padded to a multiple of 8 and chroma is one sample per 2 × 2 pixels.
  const lumaStride = subsampled ? roundUp(width, 8) : width;
  const chromaStride = subsampled ? lumaStride / 2 : width;
  const chromaRows = subsampled ? roundUp(height, 2) / 2 : height;
  const sizes = [lumaStride * height, chromaStride * chromaRows, chromaStride * chromaRows, width * height];
  let total = 0;
  for (let i = 0; i < 4; i += 1) {
    if (byteCounts[i]! > sizes[i]!) return null;
    total += byteCounts[i]!;
  }
  if (total > data.length - HEADER_BYTES) return null;

  // Zeroed although the colour pass writes every pixel: no stale memory can reach the page (costs ~0.1 ms).
  const rgba =
    into && into.length >= width * height * 4 ? into.subarray(0, width * height * 4) : Buffer.alloc(width * height * 4);
  const needed = sizes[0]! + sizes[1]! + sizes[2]!;
  if (scratch.length < needed) scratch = new Uint8Array(needed);
  let start = HEADER_BYTES;
  const luma = readPlane(data, start, byteCounts[0]!, scratch.subarray(0, sizes[0]));
  start += byteCounts[0]!;
  const co = luma && readPlane(data, start, byteCounts[1]!, scratch.subarray(sizes[0], sizes[0]! + sizes[1]!));
  start += byteCounts[1]!;
  const cg = co && readPlane(data, start, byteCounts[2]!, scratch.subarray(sizes[0]! + sizes[1]!, needed));
  start += byteCounts[2]!;
  // Alpha is only validated: decoded into the output's memory, which the colour pass then overwrites.
  const alpha = cg && readPlane(data, start, byteCounts[3]!, rgba.subarray(0, sizes[3]));
  if (!luma || !co || !cg || !alpha) return null;

  // A chroma byte is the value's low bits: shifted back up by the loss level − 1 (the − 1 undoes YCoCg's
  // halving of Co and Cg), then read as a signed byte.
  const shift = 24 + colorLossLevel - 1;
  const signed = new Int32Array(256);
  for (let v = 0; v < 256; v += 1) signed[v] = (v << shift) >> 24;

  // One little-endian word per pixel (R, G, B, A in memory), a row at a time; plane row p to screen row
  // height − 1 − p.
  const words = new Int32Array(rgba.buffer, rgba.byteOffset, width * height);
  for (let p = 0; p < height; p += 1) {
    const o = (height - 1 - p) * width;
    if (subsampled) subsampledRow(words, o, width, luma, p * lumaStride, co, cg, (p >> 1) * chromaStride, signed);
    else fullRow(words, o, width, luma, co, cg, p * width, signed);
  }
  if (!LITTLE_ENDIAN) rgba.swap32();
  return rgba;
}
