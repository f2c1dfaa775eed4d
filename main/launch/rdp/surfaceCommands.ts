/**
 * Surface commands (MS-RDPBCGR 2.2.9.2): the capability sets that ask a server for them, and the parser of
 * the fast-path updates that carry them. With them, a server sends the screen NSCodec-encoded (MS-RDPNSC) in
 * frames between frame markers, and paces itself by the client's frame acknowledgements: freerdp-shadow-cli
 * captures at up to 32 frames/s for such a client, against 16/s for one that takes legacy bitmap updates.
 *
 * Everything parsed here comes from the server: each read is checked against the bytes there are, and an
 * update that does not add up is refused with the reason (the connection is then ended), never read past.
 */

/** Capability set types (MS-RDPBCGR 2.2.1.13.1.1.1). */
const CAPSET_SURFACE_COMMANDS = 0x1c;
const CAPSET_BITMAP_CODECS = 0x1d;
const CAPSET_FRAME_ACKNOWLEDGE = 0x1e;

/** TS_SURFCMDS_CAPABILITYSET cmdFlags: Set Surface Bits, Frame Marker, Stream Surface Bits. */
const SURFCMDS_SET_SURFACE_BITS = 0x02;
const SURFCMDS_FRAME_MARKER = 0x10;
const SURFCMDS_STREAM_SURFACE_BITS = 0x40;

/** CODEC_GUID_NSCODEC {CA8D1BB9-000F-154F-589F-AE2D1A87E2D6}, as a GUID is laid out on the wire. */
const NSCODEC_GUID = Buffer.from([
  0xb9, 0x1b, 0x8d, 0xca, 0x0f, 0x00, 0x4f, 0x15, 0x58, 0x9f, 0xae, 0x2d, 0x1a, 0x87, 0xe2, 0xd6,
]);

/** The id this client gives NSCodec; the server names it in each surface bits command. */
export const NSCODEC_ID = 1;

/** Frames the server may send before waiting for an acknowledgement. */
const MAX_UNACKNOWLEDGED_FRAMES = 2;

/** Largest desktop the viewer takes (as in bitmapDecoder.ts). */
const MAX_WIDTH = 4096;
const MAX_HEIGHT = 2048;

/** FreeRDP's NSCodec encoder sends a frame in one update only when the client takes at least this much. */
const MIN_FRAGMENTED_UPDATE = 0x3f0000;

export interface NscPreferences {
  /** 1 (lossless chroma) to 7: how many low bits of chroma the server may drop. */
  colorLossLevel: number;
  /** Whether the server may send chroma at half resolution. */
  allowSubsampling: boolean;
}

export interface SurfaceCapabilities {
  extraCapabilities: Array<{ type: number; body: Buffer }>;
  /** The multifragment capability: the largest fast-path update, once its fragments are joined. */
  maxFragmentedUpdateSize: number;
}

/**
 * The capability sets that ask for NSCodec surface bits with frame markers and acknowledgements, and a
 * fragmented-update size that holds a whole uncompressed frame of the desktop (4 bytes a pixel).
 */
export function surfaceCapabilities(
  desktop: { width: number; height: number },
  nsc: NscPreferences,
): SurfaceCapabilities {
  const surface = Buffer.alloc(8);
  surface.writeUInt32LE(SURFCMDS_SET_SURFACE_BITS | SURFCMDS_FRAME_MARKER | SURFCMDS_STREAM_SURFACE_BITS, 0);

  const codecs = Buffer.alloc(1 + 16 + 1 + 2 + 3);
  codecs.writeUInt8(1, 0); // bitmapCodecCount
  NSCODEC_GUID.copy(codecs, 1);
  codecs.writeUInt8(NSCODEC_ID, 17);
  codecs.writeUInt16LE(3, 18); // codecPropertiesLength: TS_NSCODEC_CAPABILITYSET
  codecs.writeUInt8(1, 20); // fAllowDynamicFidelity
  codecs.writeUInt8(nsc.allowSubsampling ? 1 : 0, 21);
  codecs.writeUInt8(Math.min(7, Math.max(1, Math.round(nsc.colorLossLevel))), 22);

  const acknowledge = Buffer.alloc(4);
  acknowledge.writeUInt32LE(MAX_UNACKNOWLEDGED_FRAMES, 0);

  const width = Math.min(MAX_WIDTH, Math.max(1, desktop.width));
  const height = Math.min(MAX_HEIGHT, Math.max(1, desktop.height));
  return {
    extraCapabilities: [
      { type: CAPSET_SURFACE_COMMANDS, body: surface },
      { type: CAPSET_BITMAP_CODECS, body: codecs },
      { type: CAPSET_FRAME_ACKNOWLEDGE, body: acknowledge },
    ],
    maxFragmentedUpdateSize: Math.max(MIN_FRAGMENTED_UPDATE, width * height * 4 + 0x10000),
  };
}

export type SurfaceCommand =
  | { kind: 'frame'; action: 'begin' | 'end'; frameId: number }
  | {
      kind: 'bits';
      /** The destination rectangle (right and bottom exclusive). */
      left: number;
      top: number;
      right: number;
      bottom: number;
      bpp: number;
      codecId: number;
      width: number;
      height: number;
      data: Buffer;
    };

const CMDTYPE_SET_SURFACE_BITS = 0x0001;
const CMDTYPE_FRAME_MARKER = 0x0004;
const CMDTYPE_STREAM_SURFACE_BITS = 0x0006;
const EX_COMPRESSED_BITMAP_HEADER_PRESENT = 0x01;
const EX_BITMAP_DATA_HEADER_SIZE = 24;

export class SurfaceCommandError extends Error {
  constructor(message: string) {
    super(`The RDP server sent a screen update that cannot be read: ${message}.`);
    this.name = 'SurfaceCommandError';
  }
}

/** The commands in one (joined) FASTPATH_UPDATETYPE_SURFCMDS update; throws SurfaceCommandError. */
export function parseSurfaceCommands(payload: Buffer): SurfaceCommand[] {
  const commands: SurfaceCommand[] = [];
  let at = 0;
  const need = (bytes: number, what: string) => {
    if (payload.length - at < bytes) throw new SurfaceCommandError(`${what} is cut short`);
  };
  while (at < payload.length) {
    need(2, 'a command type');
    const type = payload.readUInt16LE(at);
    at += 2;
    if (type === CMDTYPE_FRAME_MARKER) {
      need(6, 'a frame marker');
      const action = payload.readUInt16LE(at);
      if (action !== 0 && action !== 1) throw new SurfaceCommandError(`frame action ${action} is unknown`);
      commands.push({ kind: 'frame', action: action === 0 ? 'begin' : 'end', frameId: payload.readUInt32LE(at + 2) });
      at += 6;
      continue;
    }
    if (type !== CMDTYPE_SET_SURFACE_BITS && type !== CMDTYPE_STREAM_SURFACE_BITS)
      // Each command's length depends on its type: after an unknown one, nothing more can be found.
      throw new SurfaceCommandError(`command type ${type} is unknown`);
    need(8 + 12, 'a surface bits command');
    const left = payload.readUInt16LE(at);
    const top = payload.readUInt16LE(at + 2);
    const right = payload.readUInt16LE(at + 4);
    const bottom = payload.readUInt16LE(at + 6);
    const bpp = payload.readUInt8(at + 8);
    const flags = payload.readUInt8(at + 9);
    const codecId = payload.readUInt8(at + 11);
    const width = payload.readUInt16LE(at + 12);
    const height = payload.readUInt16LE(at + 14);
    const length = payload.readUInt32LE(at + 16);
    at += 20;
    if (flags & EX_COMPRESSED_BITMAP_HEADER_PRESENT) {
      need(EX_BITMAP_DATA_HEADER_SIZE, 'an extended bitmap header');
      at += EX_BITMAP_DATA_HEADER_SIZE;
    }
    need(length, 'the bitmap data');
    if (right < left || bottom < top) throw new SurfaceCommandError('a destination rectangle is inside out');
    if (width === 0 || height === 0 || width > MAX_WIDTH || height > MAX_HEIGHT)
      throw new SurfaceCommandError(`a bitmap of ${width}×${height} is out of range`);
    commands.push({
      kind: 'bits',
      left,
      top,
      right,
      bottom,
      bpp,
      codecId,
      width,
      height,
      data: payload.subarray(at, at + length),
    });
    at += length;
  }
  return commands;
}
