/**
 * The page side of the bridge socket: request/response matching, event fan-out, reconnects.
 *
 * Contract:
 * - Calls made before the socket opens are queued and sent when it opens.
 * - When a connection attempt fails or an open socket drops, every call not yet answered resolves to
 *   `{ok:false, error:{code:'unreachable'}}` (sent ones could not be answered; queued ones would wait
 *   for an unknown time), and the connection is retried with exponential backoff.
 * - Event listeners stay registered across reconnects; events emitted while disconnected are lost.
 * - Never throws into the page: listener errors are contained, malformed server messages are ignored.
 *
 * Plain ES2022 with a WebSocket constructor passed in, so the same code runs in the page and in Node tests.
 */
import type { Result, Unsubscribe } from '../contract';
import {
  BRIDGE_SUBPROTOCOL,
  TOKEN_SUBPROTOCOL_PREFIX,
  decodeServerMessage,
  type BridgeRequest,
} from './bridgeProtocol';

export interface SocketLike {
  readonly readyState: number;
  /** Binary events arrive as ArrayBuffers (set when supported). */
  binaryType?: string;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
}

export type SocketFactory = (url: string, protocols: string[]) => SocketLike;

export interface BridgeConnectionOptions {
  socketUrl: string;
  token: string;
  createSocket: SocketFactory;
  /** First retry delay; doubles up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
  onStateChange?: (state: 'connecting' | 'open' | 'closed') => void;
}

export interface BridgeConnection {
  invoke(channel: string, payload: unknown): Promise<Result<unknown>>;
  subscribe(channel: string, listener: (payload: unknown) => void): Unsubscribe;
  /** Stops reconnecting, closes the socket, answers every pending call with `unreachable`. */
  close(): void;
}

const OPEN = 1;

export function createBridgeConnection(options: BridgeConnectionOptions): BridgeConnection {
  const retryMs = options.retryMs ?? 250;
  const maxRetryMs = options.maxRetryMs ?? 5000;
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const queued: BridgeRequest[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let socket: SocketLike | null = null;
  let nextId = 1;
  let delay = retryMs;
  let closed = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const unreachable = (message: string): Result<unknown> => ({ ok: false, error: { code: 'unreachable', message } });

  function failAll(message: string) {
    queued.length = 0;
    const waiting = [...pending.values()];
    pending.clear();
    for (const resolve of waiting) resolve(unreachable(message));
  }

  function connect() {
    if (closed) return;
    options.onStateChange?.('connecting');
    let opened = false;
    const current = options.createSocket(options.socketUrl, [
      BRIDGE_SUBPROTOCOL,
      TOKEN_SUBPROTOCOL_PREFIX + options.token,
    ]);
    socket = current;
    current.binaryType = 'arraybuffer';
    current.onopen = () => {
      opened = true;
      delay = retryMs;
      options.onStateChange?.('open');
      for (const request of queued.splice(0)) current.send(JSON.stringify(request));
    };
    current.onmessage = (event) => receive(event.data);
    current.onerror = () => {
      // A close event always follows; recovery happens there.
    };
    current.onclose = () => {
      if (socket !== current) return;
      socket = null;
      options.onStateChange?.('closed');
      failAll(opened ? 'The connection to PAM Desk was lost.' : 'PAM Desk is not reachable.');
      if (closed) return;
      retryTimer = setTimeout(connect, delay);
      delay = Math.min(delay * 2, maxRetryMs);
    };
  }

  function receive(data: unknown) {
    const message = decodeServerMessage(data);
    if (typeof message !== 'object' || message === null) return;
    const record = message as Record<string, unknown>;
    if (typeof record.id === 'number' && typeof record.result === 'object' && record.result !== null) {
      const resolve = pending.get(record.id);
      pending.delete(record.id);
      resolve?.(record.result as Result<unknown>);
      return;
    }
    if (typeof record.event === 'string') {
      for (const listener of [...(listeners.get(record.event) ?? [])]) {
        try {
          listener(record.payload);
        } catch (error) {
          console.error('[bridge] an event listener threw', error);
        }
      }
    }
  }

  connect();

  return {
    invoke(channel, payload) {
      if (closed) return Promise.resolve(unreachable('The bridge is closed.'));
      const request: BridgeRequest = { id: nextId++, channel, payload };
      return new Promise((resolve) => {
        pending.set(request.id, resolve);
        if (socket && socket.readyState === OPEN) socket.send(JSON.stringify(request));
        else queued.push(request);
      });
    },
    subscribe(channel, listener) {
      let set = listeners.get(channel);
      if (!set) listeners.set(channel, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
    close() {
      closed = true;
      clearTimeout(retryTimer);
      const current = socket;
      socket = null;
      current?.close(1000, 'closed');
      failAll('The bridge is closed.');
    },
  };
}
