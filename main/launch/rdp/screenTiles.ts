/**
 * What the page's canvas shows, kept in main, so that only what changed is sent to it. A server sends the
 * bounding box of what changed: NSCodec surface bits cover it in one rectangle (a window's corner and the
 * desktop behind it together), legacy bitmaps in 64×64 tiles whether or not they changed. Each update is cut
 * into tiles of the desktop's 64×64 grid; a tile whose pixels equal the canvas's is dropped, the others are
 * sent and remembered. The copy starts transparent black, which no decoded pixel (alpha 255) equals, so the
 * first update of each area always goes out.
 *
 * A changed tile of one colour goes as that colour, without its pixels (a full-screen colour change is 260
 * fills at 1280×800, not 4 MB). Rows are compared natively (`Buffer.compare`, memcmp): a band of 64 rows
 * that did not change at all costs 64 compares, whatever its width. The update's pixels are only read
 * during the call (the decoder may reuse its buffer); a tile's pixels are its own.
 */
import type { RgbaRect } from './bitmapDecoder';

export const TILE = 64;

/** A changed tile: its pixels (width × height × 4 bytes of RGBA), or null and its one colour (0xRRGGBB). */
export interface Tile {
  x: number;
  y: number;
  width: number;
  height: number;
  rgba: Buffer | null;
  fill: number | null;
}

/**
 * The colour (0xRRGGBB) of `width` × `height` pixels at byte `at` of `rgba` (rows `stride` bytes apart) when
 * every pixel has it, else null. Compared natively: the first pixel against itself doubled along the first
 * row, then every row against the first.
 */
export function oneColour(
  rgba: Buffer,
  at = 0,
  width = rgba.length >> 2,
  height = 1,
  stride = width * 4,
): number | null {
  const rowBytes = width * 4;
  if (rowBytes < 4 || rgba.length < at + (height - 1) * stride + rowBytes) return null;
  for (let same = 4; same < rowBytes;) {
    const span = Math.min(same, rowBytes - same);
    if (rgba.compare(rgba, at, at + span, at + same, at + same + span) !== 0) return null;
    same += span;
  }
  for (let row = 1; row < height; row += 1) {
    const from = at + row * stride;
    if (rgba.compare(rgba, at, at + rowBytes, from, from + rowBytes) !== 0) return null;
  }
  return rgba.readUInt32BE(at) >>> 8;
}
/** The largest desktop kept (as in bitmapDecoder.ts). */
const MAX_WIDTH = 4096;
const MAX_HEIGHT = 2048;

export class ScreenTiles {
  private width = 0;
  private height = 0;
  private pixels = Buffer.alloc(0);

  /**
   * The parts of `rect` that differ from what was sent before, as tiles; remembers them as sent. What lies
   * beyond the largest desktop, or does not add up, is dropped.
   */
  changed(rect: RgbaRect): Tile[] {
    if (rect.width <= 0 || rect.height <= 0 || rect.rgba.length !== rect.width * rect.height * 4) return [];
    if (rect.x + rect.width > MAX_WIDTH || rect.y + rect.height > MAX_HEIGHT) return [];
    this.grow(rect.x + rect.width, rect.y + rect.height);
    const stride = this.width * 4;
    const rectStride = rect.width * 4;
    const out: Tile[] = [];
    const bottom = rect.y + rect.height;
    const right = rect.x + rect.width;
    for (let bandTop = rect.y; bandTop < bottom;) {
      const bandBottom = Math.min(bottom, (Math.floor(bandTop / TILE) + 1) * TILE);
      if (this.bandDiffers(rect, bandTop, bandBottom, rect.x, right)) {
        for (let left = rect.x; left < right;) {
          const tileRight = Math.min(right, (Math.floor(left / TILE) + 1) * TILE);
          if (this.bandDiffers(rect, bandTop, bandBottom, left, tileRight)) {
            const width = tileRight - left;
            const height = bandBottom - bandTop;
            const first = (bandTop - rect.y) * rectStride + (left - rect.x) * 4;
            const fill = oneColour(rect.rgba, first, width, height, rectStride);
            let rgba: Buffer | null = null;
            if (fill === null) {
              rgba = Buffer.allocUnsafe(width * height * 4);
              for (let y = bandTop; y < bandBottom; y += 1) {
                const from = first + (y - bandTop) * rectStride;
                rect.rgba.copy(rgba, (y - bandTop) * width * 4, from, from + width * 4);
              }
            }
            out.push({ x: left, y: bandTop, width, height, rgba, fill });
          }
          left = tileRight;
        }
        // Remembered a row at a time (the unchanged tiles' pixels are the same bytes).
        for (let y = bandTop; y < bandBottom; y += 1) {
          const from = (y - rect.y) * rectStride;
          rect.rgba.copy(this.pixels, y * stride + rect.x * 4, from, from + rectStride);
        }
      }
      bandTop = bandBottom;
    }
    return out;
  }

  /** Whether rows [top, bottom) between columns [left, right) of `rect` differ from the copy. */
  private bandDiffers(rect: RgbaRect, top: number, bottom: number, left: number, right: number): boolean {
    const stride = this.width * 4;
    const rectStride = rect.width * 4;
    const bytes = (right - left) * 4;
    for (let y = top; y < bottom; y += 1) {
      const from = (y - rect.y) * rectStride + (left - rect.x) * 4;
      const at = y * stride + left * 4;
      if (rect.rgba.compare(this.pixels, at, at + bytes, from, from + bytes) !== 0) return true;
    }
    return false;
  }

  /** Makes the copy at least `width` × `height`, keeping what it holds. */
  private grow(width: number, height: number): void {
    if (width <= this.width && height <= this.height) return;
    const newWidth = Math.max(width, this.width);
    const newHeight = Math.max(height, this.height);
    const pixels = Buffer.alloc(newWidth * newHeight * 4);
    for (let y = 0; y < this.height; y += 1)
      this.pixels.copy(pixels, y * newWidth * 4, y * this.width * 4, (y + 1) * this.width * 4);
    this.pixels = pixels;
    this.width = newWidth;
    this.height = newHeight;
  }
}
