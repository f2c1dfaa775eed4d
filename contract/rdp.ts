/**
 * RDP viewers (RDP launch inside PAM Desk) in the contract: actions to open, send input, acknowledge, answer
 * and close, and events carrying screen updates, the state and the questions main needs answered (the
 * gateway's certificate on first use, the NPS password when not remembered).
 *
 * Stream with backpressure, as for terminals (`terminal.ts`), the same over Electron IPC and the bridge:
 * main decodes the bitmap updates and sends the rectangles of one frame (at most ~16 ms of updates) in
 * `rdp.frame` events of at most 1 MiB of pixels each (RGBA bytes; a one-colour rectangle as its colour, counted
 * as 16 bytes); the page acknowledges with `rdp.ack` the bytes it has painted, and main stops reading from the gateway while more than a window (8 MiB) is
 * unacknowledged, so TCP holds the server back instead of memory filling up.
 */
import { z } from 'zod';
import { Bytes, Uuid } from './schemas';

const ViewerId = z.string().regex(/^[0-9a-f-]{36}$/);
const Width = z.number().int().min(200).max(4096);
const Height = z.number().int().min(200).max(2048);
const Coordinate = z.number().int().min(0).max(4095);

export const RdpOpenRequest = z.object({ sessionId: Uuid, width: Width, height: Height });
export const RdpViewerInfo = z.object({
  viewerId: ViewerId,
  sessionId: z.string(),
  /** The RDP gateway the server named, after checking. */
  host: z.string(),
  port: z.number().int(),
  /** The user name at the gateway (the connection string). */
  username: z.string(),
  /** The desktop size asked for (the remote screen keeps it for the connection's life). */
  width: z.number().int(),
  height: z.number().int(),
});
export type RdpViewerInfo = z.infer<typeof RdpViewerInfo>;

export const RdpViewerRef = z.object({ viewerId: ViewerId });

/** One input event: a key by its scancode (set 1, with the extended flag), a mouse move or button, a wheel turn. */
export const RdpInputEvent = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('key'),
    scancode: z.number().int().min(1).max(0x7f),
    extended: z.boolean(),
    down: z.boolean(),
  }),
  z.object({
    type: z.literal('mouse'),
    x: Coordinate,
    y: Coordinate,
    /** 0 = move only, 1 = left, 2 = right, 3 = middle (node-rdpjs-2's numbering). */
    button: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]),
    down: z.boolean(),
  }),
  z.object({
    type: z.literal('wheel'),
    x: Coordinate,
    y: Coordinate,
    /** Positive turns away from the user (scrolls up), as RDP counts it; at most one notch of 255. */
    delta: z.number().int().min(-255).max(255),
    horizontal: z.boolean(),
  }),
]);
export type RdpInputEvent = z.infer<typeof RdpInputEvent>;
export const RdpInput = z.object({ viewerId: ViewerId, events: z.array(RdpInputEvent).min(1).max(256) });
export const RdpAck = z.object({
  viewerId: ViewerId,
  bytes: z
    .number()
    .int()
    .min(0)
    .max(256 * 1024 * 1024),
});
/** The answer to an `rdp.prompt`; null cancels. For a certificate any non-null value trusts it. */
export const RdpAnswer = z.object({
  viewerId: ViewerId,
  promptId: z.string().max(64),
  value: z.string().max(4096).nullable(),
});

export const RdpRect = z.object({
  x: Coordinate,
  y: Coordinate,
  width: z.number().int().min(1).max(4096),
  height: z.number().int().min(1).max(2048),
  /** width × height × 4 bytes of RGBA, rows top-down; empty when `fill` says the rectangle is one colour. */
  rgba: Bytes(1024 * 1024),
  /** The one colour (0xRRGGBB) of a rectangle that has no other, sent instead of its pixels. */
  fill: z.number().int().min(0).max(0xffffff).optional(),
});
export type RdpRect = z.infer<typeof RdpRect>;
export const RdpFrame = z.object({ viewerId: ViewerId, rects: z.array(RdpRect).min(1).max(4096) });
export type RdpFrame = z.infer<typeof RdpFrame>;
export const RdpStatus = z.object({
  viewerId: ViewerId,
  state: z.enum(['connecting', 'open', 'closed']),
  /** Why it closed, in words for the user; null otherwise. */
  reason: z.string().nullable(),
  /** The gateway's certificate (SHA-256), once seen. */
  certificateFingerprint: z.string().nullable(),
  /** Once open: the desktop size the server chose (it may differ from the one asked for). */
  desktop: z.object({ width: Width, height: Height }).nullable(),
});
export type RdpStatus = z.infer<typeof RdpStatus>;
export const RdpPrompt = z.object({
  viewerId: ViewerId,
  promptId: z.string(),
  kind: z.enum(['certificate', 'password']),
  message: z.string(),
  /** For `certificate`: the fingerprint to compare. */
  fingerprint: z.string().nullable(),
});
export type RdpPrompt = z.infer<typeof RdpPrompt>;
