/**
 * Surface commands: the capability sets that ask for NSCodec frames with acknowledgements, and the parser of
 * the server's surface command updates, including a hostile table.
 */
import { describe, expect, it } from 'vitest';
import {
  NSCODEC_ID,
  parseSurfaceCommands,
  surfaceCapabilities,
  SurfaceCommandError,
} from '../../../../main/launch/rdp/surfaceCommands';

const u16 = (value: number) => [value & 0xff, value >> 8];
const u32 = (value: number) => [value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, value >>> 24];

const marker = (action: number, frameId: number) => [...u16(0x0004), ...u16(action), ...u32(frameId)];
function bits(options: {
  type?: number;
  flags?: number;
  width?: number;
  height?: number;
  data?: number[];
  ex?: number[];
}) {
  const { type = 0x0001, flags = 0, width = 2, height = 1, data = [1, 2, 3], ex = [] } = options;
  return [
    ...u16(type),
    ...u16(10), // destLeft
    ...u16(20), // destTop
    ...u16(10 + width), // destRight (exclusive)
    ...u16(20 + height), // destBottom
    32, // bpp
    flags,
    0, // reserved
    NSCODEC_ID,
    ...u16(width),
    ...u16(height),
    ...u32(data.length),
    ...ex,
    ...data,
  ];
}

describe('surfaceCapabilities', () => {
  it('asks for surface bits with frame markers, NSCodec as announced, and acknowledgements', () => {
    const { extraCapabilities, maxFragmentedUpdateSize } = surfaceCapabilities(
      { width: 1280, height: 800 },
      { colorLossLevel: 3, allowSubsampling: false },
    );
    const byType = new Map(extraCapabilities.map((set) => [set.type, set.body]));
    expect(byType.get(0x1c)!.readUInt32LE(0)).toBe(0x02 | 0x10 | 0x40);
    const codecs = byType.get(0x1d)!;
    expect(codecs[0]).toBe(1);
    expect(codecs.subarray(1, 17).toString('hex')).toBe('b91b8dca0f004f15589fae2d1a87e2d6');
    expect([...codecs.subarray(17)]).toEqual([NSCODEC_ID, 3, 0, 1, 0, 3]);
    expect(byType.get(0x1e)!.readUInt32LE(0)).toBe(2);
    // A whole uncompressed frame fits: 1280 × 800 × 4 and some room.
    expect(maxFragmentedUpdateSize).toBeGreaterThanOrEqual(1280 * 800 * 4);
  });

  it('never announces less than FreeRDP needs for NSCodec, nor more than the largest desktop, nor a bad loss level', () => {
    const small = surfaceCapabilities({ width: 640, height: 480 }, { colorLossLevel: 0, allowSubsampling: true });
    expect(small.maxFragmentedUpdateSize).toBe(0x3f0000);
    expect(small.extraCapabilities.find((set) => set.type === 0x1d)!.body.subarray(21)).toEqual(Buffer.from([1, 1]));
    const huge = surfaceCapabilities(
      { width: 100_000, height: 100_000 },
      { colorLossLevel: 99, allowSubsampling: false },
    );
    expect(huge.maxFragmentedUpdateSize).toBe(4096 * 2048 * 4 + 0x10000);
    expect(huge.extraCapabilities.find((set) => set.type === 0x1d)!.body[22]).toBe(7);
  });
});

describe('parseSurfaceCommands', () => {
  it('reads a frame: begin marker, set and stream surface bits (one with an extended header), end marker', () => {
    const payload = Buffer.from([
      ...marker(0, 7),
      ...bits({}),
      ...bits({ type: 0x0006, flags: 0x01, ex: Array(24).fill(0xee), data: [9] }),
      ...marker(1, 7),
    ]);
    const commands = parseSurfaceCommands(payload);
    expect(commands.map((command) => command.kind)).toEqual(['frame', 'bits', 'bits', 'frame']);
    expect(commands[0]).toEqual({ kind: 'frame', action: 'begin', frameId: 7 });
    expect(commands[3]).toEqual({ kind: 'frame', action: 'end', frameId: 7 });
    expect(commands[1]).toMatchObject({ left: 10, top: 20, right: 12, bottom: 21, bpp: 32, codecId: NSCODEC_ID });
    expect([...(commands[1] as { data: Buffer }).data]).toEqual([1, 2, 3]);
    expect([...(commands[2] as { data: Buffer }).data]).toEqual([9]);
  });

  it('reads an empty update as no commands', () => {
    expect(parseSurfaceCommands(Buffer.alloc(0))).toEqual([]);
  });

  const inside = (bytes: number[]) => {
    // A destination rectangle whose right edge is left of its left edge.
    const copy = [...bytes];
    copy.splice(6, 2, ...u16(5));
    return copy;
  };
  it.each([
    ['a lone byte', [0x01]],
    ['a frame marker cut short', marker(0, 1).slice(0, 5)],
    ['an unknown frame action', marker(2, 1)],
    ['an unknown command type', [...u16(0x0002), 0, 0, 0, 0]],
    ['surface bits cut short', bits({}).slice(0, 15)],
    ['bitmap data longer than the update', bits({}).slice(0, -1)],
    ['an extended header cut short', bits({ flags: 0x01, ex: Array(10).fill(0), data: [] })],
    ['a bitmap of width 0', bits({ width: 0 })],
    ['a bitmap wider than 4096', bits({ width: 5000 })],
    ['an inside-out rectangle', inside(bits({}))],
    ['a data length of 2^32 − 1', [...bits({ data: [] }).slice(0, -4), ...u32(0xffffffff)]],
  ])('refuses %s', (_case, bytes) => {
    expect(() => parseSurfaceCommands(Buffer.from(bytes))).toThrow(SurfaceCommandError);
    expect(() => parseSurfaceCommands(Buffer.from(bytes))).toThrow(/cannot be read: .+\.$/);
  });
});
