/**
 * A test-only NSCodec encoder, written from MS-RDPNSC 3.1.8 (and how FreeRDP's encoder lays the planes out):
 * RGB → YCoCg with the chroma's low bits dropped, optional 2 × 2 chroma subsampling, planes bottom-up,
 * each plane RLE-encoded unless that is no shorter than the plane. Also the pieces to build streams by hand.
 */

export interface NscOptions {
  /** 1..7: how many low bits of Co and Cg are dropped (1 drops none beyond YCoCg's own halving). */
  colorLossLevel?: number;
  subsampling?: boolean;
  /** The alpha plane: all 0xFF by a byte count of 0 (default), or encoded from the image's alpha. */
  alpha?: 'none' | 'encoded';
}

/** NSCodec RLE of a whole plane: runs of 2 or more, except at the 5th byte from the end; the last 4 raw. */
export function rleEncode(plane: Uint8Array): number[] {
  const out: number[] = [];
  const runsEnd = plane.length - 4;
  let i = 0;
  while (i < runsEnd) {
    const value = plane[i]!;
    if (i === runsEnd - 1) {
      out.push(value);
      i += 1;
      continue;
    }
    let j = i + 1;
    while (j < runsEnd && plane[j] === value) j += 1;
    const run = j - i;
    if (run === 1) out.push(value);
    else if (run - 2 < 0xff) out.push(value, value, run - 2);
    else out.push(value, value, 0xff, run & 0xff, (run >>> 8) & 0xff, (run >>> 16) & 0xff, run >>> 24);
    i = j;
  }
  out.push(...plane.subarray(Math.max(0, runsEnd)));
  return out;
}

/** The 20-byte header followed by the four planes' bytes as given. */
export function nscStream(
  planes: [number[], number[], number[], number[]],
  colorLossLevel: number,
  subsampling: number,
): Uint8Array {
  const header = Buffer.alloc(20);
  planes.forEach((plane, i) => header.writeUInt32LE(plane.length, i * 4));
  header[16] = colorLossLevel;
  header[17] = subsampling;
  return Uint8Array.from([...header, ...planes.flat()]);
}

/** A plane as sent: empty when all 0xFF, RLE when shorter, else raw. */
function packPlane(plane: Uint8Array): number[] {
  if (plane.every((b) => b === 0xff)) return [];
  const rle = plane.length >= 4 ? rleEncode(plane) : null;
  return rle && rle.length < plane.length ? rle : [...plane];
}

/** Encodes a top-down RGBA image (width × height × 4 bytes) as an NSCodec bitmap stream. */
export function encodeNsc(rgba: Uint8Array, width: number, height: number, options: NscOptions = {}): Uint8Array {
  const loss = options.colorLossLevel ?? 1;
  const subsampling = options.subsampling ?? false;
  const lumaStride = subsampling ? Math.ceil(width / 8) * 8 : width;
  const paddedHeight = subsampling ? Math.ceil(height / 2) * 2 : height;
  const luma = new Uint8Array(lumaStride * height);
  // Full-resolution chroma as signed values over the padded size; padding repeats the last column and row.
  const co = new Int16Array(lumaStride * paddedHeight);
  const cg = new Int16Array(lumaStride * paddedHeight);
  const alpha = new Uint8Array(width * height);
  for (let p = 0; p < paddedHeight; p += 1) {
    // Plane row p is screen row height − 1 − p (the planes are bottom-up).
    const row = Math.max(0, height - 1 - p);
    for (let x = 0; x < lumaStride; x += 1) {
      const i = (row * width + Math.min(x, width - 1)) * 4;
      const [r, g, b] = [rgba[i]!, rgba[i + 1]!, rgba[i + 2]!];
      if (p < height) luma[p * lumaStride + x] = (r >> 2) + (g >> 1) + (b >> 2);
      co[p * lumaStride + x] = (r - b) >> loss;
      cg[p * lumaStride + x] = (g - (r >> 1) - (b >> 1)) >> loss;
      if (p < height && x < width) alpha[p * width + x] = rgba[i + 3]!;
    }
  }
  let coPlane: Uint8Array;
  let cgPlane: Uint8Array;
  if (subsampling) {
    const half = lumaStride / 2;
    coPlane = new Uint8Array(half * (paddedHeight / 2));
    cgPlane = new Uint8Array(half * (paddedHeight / 2));
    for (let cy = 0; cy < paddedHeight / 2; cy += 1)
      for (let cx = 0; cx < half; cx += 1) {
        const at = [0, 1, lumaStride, lumaStride + 1].map((d) => cy * 2 * lumaStride + cx * 2 + d);
        coPlane[cy * half + cx] = at.reduce((sum, i) => sum + co[i]!, 0) >> 2;
        cgPlane[cy * half + cx] = at.reduce((sum, i) => sum + cg[i]!, 0) >> 2;
      }
  } else {
    coPlane = Uint8Array.from(co.subarray(0, width * height), (v) => v & 0xff);
    cgPlane = Uint8Array.from(cg.subarray(0, width * height), (v) => v & 0xff);
  }
  const alphaBytes = options.alpha === 'encoded' ? packPlane(alpha) : [];
  return nscStream([packPlane(luma), packPlane(coPlane), packPlane(cgPlane), alphaBytes], loss, subsampling ? 1 : 0);
}
