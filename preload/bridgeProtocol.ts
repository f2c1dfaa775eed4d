/**
 * The wire protocol of the WebSocket bridge, shared by the server (`main/bridge`) and the page side
 * (`preload/bridgePreload.ts`). One JSON object per message:
 *   page → server  {id, channel, payload}         an action call
 *   server → page  {id, result}                   its Result (also for malformed requests, id may be null)
 *   server → page  {event, payload}               an event from the EventHub
 *
 * An event whose payload holds bytes (`Uint8Array`: terminal output, remote desktop pixels) goes as one
 * binary message instead, so bytes are neither base64-encoded nor parsed as JSON text on either side:
 *   [u32 LE: length of the header][header: UTF-8 JSON {event, payload, bytes: [[path, length], …]}][bytes…]
 * where each byte field is `null` in the header's payload and `path` (keys and indexes) says where its bytes
 * go; the bytes follow in that order. Electron's IPC carries `Uint8Array` as it is, so both transports hand
 * listeners the same payload.
 */
import type { Result } from '../contract';

export const BRIDGE_SOCKET_PATH = '/bridge';
export const BRIDGE_SCRIPT_PATH = '/__pam/bridge.js';
/** The subprotocol the page asks for; the token travels as a second subprotocol `pam-token.<hex>`. */
export const BRIDGE_SUBPROTOCOL = 'pam-bridge';
export const TOKEN_SUBPROTOCOL_PREFIX = 'pam-token.';
/** The fragment that carries the token in the page URL (`#pam-token=<hex>`); fragments never reach a server. */
export const TOKEN_FRAGMENT_KEY = 'pam-token';
/** Requests above this are refused; results and events are far smaller than this in practice. */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

export type BridgeRequest = { id: number; channel: string; payload?: unknown };
export type BridgeResponse = { id: number | null; result: Result<unknown> };
export type BridgeEvent = { event: string; payload: unknown };
export type BridgeServerMessage = BridgeResponse | BridgeEvent;

type Path = Array<string | number>;

/**
 * A copy of `value` whose byte fields are `null`, their bytes collected into `found` (8 levels deep). A copy,
 * because JSON.stringify turns each Node Buffer into {type, data: [one number per byte]} before a replacer
 * sees it: for a frame of remote desktop pixels that cost more CPU than decoding them.
 */
function splitBytes(value: unknown, path: Path, found: Array<[Path, Uint8Array]>, depth: number): unknown {
  if (value instanceof Uint8Array) {
    found.push([path, value]);
    return null;
  }
  if (depth >= 8 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item, index) => splitBytes(item, [...path, index], found, depth + 1));
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = splitBytes(item, [...path, key], found, depth + 1);
  return copy;
}

/** An event for the socket: JSON text, or one binary message when its payload holds bytes. */
export function encodeEvent(event: BridgeEvent): string | Uint8Array {
  const found: Array<[Path, Uint8Array]> = [];
  const stripped = { ...event, payload: splitBytes(event.payload, [], found, 0) };
  // Bytes deeper than `splitBytes` looks are dropped too. `this[key]`, not `value`: JSON.stringify has
  // already turned a Node Buffer into {type, data} by then.
  const replacer = function (this: Record<string, unknown>, key: string, value: unknown) {
    return this[key] instanceof Uint8Array ? null : value;
  };
  if (!found.length) return JSON.stringify(stripped, replacer);
  const header = new TextEncoder().encode(
    JSON.stringify({ ...stripped, bytes: found.map(([path, bytes]) => [path, bytes.byteLength]) }, replacer),
  );
  const total = found.reduce((sum, [, bytes]) => sum + bytes.byteLength, 4 + header.byteLength);
  const message = new Uint8Array(total);
  new DataView(message.buffer).setUint32(0, header.byteLength, true);
  message.set(header, 4);
  let offset = 4 + header.byteLength;
  for (const [, bytes] of found) {
    message.set(bytes, offset);
    offset += bytes.byteLength;
  }
  return message;
}

function isPath(value: unknown): value is Path {
  return (
    Array.isArray(value) &&
    value.length <= 8 &&
    value.every((part) => (typeof part === 'string' && part !== '__proto__') || Number.isSafeInteger(part))
  );
}

/**
 * A server message from the socket (text, or the binary form of an event) as the object it stands for;
 * null when it is malformed. Byte fields come back as `Uint8Array` views of the message, not copies.
 */
export function decodeServerMessage(data: unknown): unknown {
  if (typeof data === 'string') {
    try {
      return JSON.parse(data) as unknown;
    } catch {
      return null;
    }
  }
  const view =
    data instanceof ArrayBuffer
      ? new Uint8Array(data)
      : ArrayBuffer.isView(data)
        ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
        : null;
  if (!view || view.byteLength < 4) return null;
  const headerLength = new DataView(view.buffer, view.byteOffset, 4).getUint32(0, true);
  if (headerLength > view.byteLength - 4) return null;
  let header: { event?: unknown; payload?: unknown; bytes?: unknown };
  try {
    header = JSON.parse(new TextDecoder().decode(view.subarray(4, 4 + headerLength))) as typeof header;
  } catch {
    return null;
  }
  if (typeof header !== 'object' || header === null || typeof header.event !== 'string') return null;
  if (!Array.isArray(header.bytes)) return null;
  const root: Record<string, unknown> = { payload: header.payload };
  let offset = 4 + headerLength;
  for (const entry of header.bytes as unknown[]) {
    if (!Array.isArray(entry) || entry.length !== 2) return null;
    const [path, length] = entry as [unknown, unknown];
    if (!isPath(path) || typeof length !== 'number' || !Number.isSafeInteger(length) || length < 0) return null;
    if (offset + length > view.byteLength) return null;
    // The bytes go where the path says, in place of the null the header holds there.
    const steps: Path = ['payload', ...path];
    let holder: unknown = root;
    for (const step of steps.slice(0, -1))
      holder = typeof holder === 'object' && holder !== null ? (holder as Record<string, unknown>)[step] : null;
    const last = steps.at(-1)!;
    if (typeof holder !== 'object' || holder === null || (holder as Record<string, unknown>)[last] !== null)
      return null;
    (holder as Record<string, unknown>)[last] = view.subarray(offset, offset + length);
    offset += length;
  }
  if (offset !== view.byteLength) return null;
  return { event: header.event, payload: root.payload };
}
