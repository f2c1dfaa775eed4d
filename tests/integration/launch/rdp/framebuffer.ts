/** A test's copy of the remote screen, painted from decoded rectangles, and a PNG of it to look at. */
import { deflateSync } from 'node:zlib';
import type { RgbaRect } from '../../../../main/launch/rdp/bitmapDecoder';

export class Framebuffer {
  readonly pixels: Buffer;
  /** Pixels painted so far, counting repaints (a whole first screen is width × height). */
  painted = 0;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.pixels = Buffer.alloc(width * height * 4);
  }

  paint(rect: RgbaRect): void {
    this.painted += rect.width * rect.height;
    for (let row = 0; row < rect.height; row += 1) {
      const y = rect.y + row;
      if (y >= this.height) break;
      const width = Math.min(rect.width, this.width - rect.x);
      if (width <= 0) continue;
      rect.rgba.copy(this.pixels, (y * this.width + rect.x) * 4, row * rect.width * 4, (row * rect.width + width) * 4);
    }
  }

  /** How many different colours the screen shows. */
  colours(): number {
    const seen = new Set<number>();
    for (let i = 0; i < this.pixels.length; i += 4) seen.add(this.pixels.readUInt32BE(i));
    return seen.size;
  }

  png(): Buffer {
    const raw = Buffer.alloc((this.width * 4 + 1) * this.height);
    for (let y = 0; y < this.height; y += 1)
      this.pixels.copy(raw, y * (this.width * 4 + 1) + 1, y * this.width * 4, (y + 1) * this.width * 4);
    const chunk = (type: string, data: Buffer) => {
      const length = Buffer.alloc(4);
      length.writeUInt32BE(data.length);
      const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(crc32(body));
      return Buffer.concat([length, body, crc]);
    };
    const header = Buffer.alloc(13);
    header.writeUInt32BE(this.width, 0);
    header.writeUInt32BE(this.height, 4);
    header.set([8, 6, 0, 0, 0], 8);
    return Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', header),
      chunk('IDAT', deflateSync(raw)),
      chunk('IEND', Buffer.alloc(0)),
    ]);
  }
}

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k += 1) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * Whether the RGBA pixel at the start of `pixel` is white as an RDP server's lossy codec sends it: FreeRDP's
 * NSCodec encoder turns white into 253,253,253 (its luma is r/4 + g/2 + b/4, each term rounded down).
 */
export function nearWhite(pixel: Uint8Array | number[]): boolean {
  return pixel[0]! >= 248 && pixel[1]! >= 248 && pixel[2]! >= 248;
}
