/** ScreenTiles: only the 64×64 tiles that changed go to the page, and the page's copy stays exact. */
import { describe, expect, it } from 'vitest';
import type { RgbaRect } from '../../../../main/launch/rdp/bitmapDecoder';
import { oneColour, ScreenTiles, TILE, type Tile } from '../../../../main/launch/rdp/screenTiles';

function solid(x: number, y: number, width: number, height: number, colour: number): RgbaRect {
  const rgba = Buffer.alloc(width * height * 4);
  for (let i = 0; i < rgba.length; i += 4) rgba.writeUInt32BE(((colour << 8) | 0xff) >>> 0, i);
  return { x, y, width, height, rgba };
}

/** A canvas painted from the tiles (pixels, or a fill), as the page paints them. */
function paint(canvas: Buffer, width: number, tiles: Array<RgbaRect | Tile>): void {
  for (const tile of tiles) {
    const rgba = tile.rgba ?? solid(0, 0, tile.width, tile.height, (tile as Tile).fill!).rgba;
    for (let row = 0; row < tile.height; row += 1)
      rgba.copy(canvas, ((tile.y + row) * width + tile.x) * 4, row * tile.width * 4, (row + 1) * tile.width * 4);
  }
}

describe('ScreenTiles', () => {
  it('sends a first update whole, cut on the 64×64 grid of the desktop', () => {
    const tiles = new ScreenTiles();
    const out = tiles.changed(solid(32, 0, 160, 70, 0x336699));
    // Columns 32–63, 64–127, 128–191; rows 0–63, 64–69.
    expect(out.map((t) => [t.x, t.y, t.width, t.height])).toEqual([
      [32, 0, 32, 64],
      [64, 0, 64, 64],
      [128, 0, 64, 64],
      [32, 64, 32, 6],
      [64, 64, 64, 6],
      [128, 64, 64, 6],
    ]);
  });

  it('sends a one-colour tile as its colour, without pixels', () => {
    const tiles = new ScreenTiles();
    const rect = solid(0, 0, 128, 64, 0x336699);
    rect.rgba.writeUInt32BE(0x000000ff, (10 * 128 + 100) * 4); // one black pixel in the second tile
    const out = tiles.changed(rect);
    expect(out[0]).toEqual({ x: 0, y: 0, width: 64, height: 64, rgba: null, fill: 0x336699 });
    expect(out[1]!.fill).toBeNull();
    expect(out[1]!.rgba!.length).toBe(64 * 64 * 4);
  });

  it('drops tiles that did not change and sends the one that did', () => {
    const tiles = new ScreenTiles();
    const screen = solid(0, 0, 256, 128, 0x000000);
    tiles.changed(screen);
    expect(tiles.changed(solid(0, 0, 256, 128, 0x000000))).toEqual([]);
    const next = solid(0, 0, 256, 128, 0x000000);
    next.rgba.writeUInt32BE(0xffffffff, (100 * 256 + 200) * 4); // one pixel at (200, 100)
    const out = tiles.changed(next);
    expect(out.map((t) => [t.x, t.y, t.width, t.height])).toEqual([[192, 64, 64, 64]]);
  });

  it('keeps the page exact through random updates (what it paints equals the desktop)', () => {
    const width = 300;
    const height = 200;
    const desktop = Buffer.alloc(width * height * 4);
    const canvas = Buffer.alloc(width * height * 4);
    const tiles = new ScreenTiles();
    let seed = 7;
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
    let sent = 0;
    for (let round = 0; round < 200; round += 1) {
      const x = random(width - 1);
      const y = random(height - 1);
      const rect = solid(x, y, 1 + random(width - x), 1 + random(height - y), random(4) * 0x404040);
      for (let i = 0; i < 30; i += 1) rect.rgba.writeUInt32BE(0xff0000ff, random(rect.width * rect.height) * 4);
      paint(desktop, width, [rect]);
      const out = tiles.changed(rect);
      sent += out.length;
      for (const tile of out) {
        expect(tile.x % TILE === 0 || tile.x === rect.x).toBe(true);
        expect(tile.width).toBeLessThanOrEqual(TILE);
        expect(tile.height).toBeLessThanOrEqual(TILE);
      }
      paint(canvas, width, out);
    }
    expect(canvas.equals(desktop)).toBe(true);
    expect(sent).toBeGreaterThan(0);
  });

  it('grows when the server paints beyond what it had, keeping what it knew', () => {
    const tiles = new ScreenTiles();
    tiles.changed(solid(0, 0, 64, 64, 0x123456));
    expect(tiles.changed(solid(0, 0, 64, 64, 0x123456))).toEqual([]);
    expect(tiles.changed(solid(1000, 704, 10, 10, 0x123456))).toHaveLength(1);
    expect(tiles.changed(solid(0, 0, 64, 64, 0x123456))).toEqual([]);
  });

  it('drops what lies beyond the largest desktop or does not add up', () => {
    const tiles = new ScreenTiles();
    expect(tiles.changed(solid(4090, 0, 10, 1, 0))).toEqual([]);
    expect(tiles.changed({ x: 0, y: 0, width: 2, height: 2, rgba: Buffer.alloc(3) })).toEqual([]);
  });
});

describe('oneColour', () => {
  const pixels = (...colours: number[]) => {
    const rgba = Buffer.alloc(colours.length * 4);
    colours.forEach((c, i) => rgba.writeUInt32BE(c >>> 0, i * 4));
    return rgba;
  };

  it('finds the colour of a rectangle whose every pixel has it, whatever its size', () => {
    for (const count of [1, 2, 3, 7, 64, 4096, 4097])
      expect(oneColour(pixels(...Array<number>(count).fill(0x10203040)))).toBe(0x102030);
  });

  it('refuses a rectangle with one different pixel anywhere, or one different alpha', () => {
    for (const count of [2, 3, 64, 4097])
      for (const at of [0, 1, count >> 1, count - 1]) {
        const colours = Array<number>(count).fill(0x10203040);
        colours[at] = 0x10203041;
        expect(oneColour(pixels(...colours))).toBeNull();
        colours[at] = 0x11203040;
        expect(oneColour(pixels(...colours))).toBeNull();
      }
  });

  it('reads a region of a larger image: rows a stride apart, the rest ignored', () => {
    // 4 × 3 image; the 2 × 2 region at (1, 1) is one colour, the pixels around it are not.
    const image = pixels(1, 2, 3, 4, 5, 9, 9, 8, 7, 9, 9, 6);
    expect(oneColour(image, (1 * 4 + 1) * 4, 2, 2, 16)).toBe(0);
    image.writeUInt32BE(9, (2 * 4 + 2) * 4);
    expect(oneColour(image, (1 * 4 + 1) * 4, 2, 2, 16)).toBe(0);
    image.writeUInt32BE(10, (2 * 4 + 2) * 4);
    expect(oneColour(image, (1 * 4 + 1) * 4, 2, 2, 16)).toBeNull();
  });

  it('refuses an empty buffer, and a region that runs past the end', () => {
    expect(oneColour(Buffer.alloc(0))).toBeNull();
    expect(oneColour(Buffer.alloc(16), 0, 2, 3, 8)).toBeNull();
  });
});
