/**
 * The wire protocol of the WebSocket bridge, shared by the server (`main/bridge`) and the page side
 * (`preload/bridgePreload.ts`). One JSON object per message:
 *   page → server  {id, channel, payload}         an action call
 *   server → page  {id, result}                   its Result (also for malformed requests, id may be null)
 *   server → page  {event, payload}               an event from the EventHub
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
