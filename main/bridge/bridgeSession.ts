/**
 * One page's WebSocket connection to the core: action requests go to the router, every EventHub event is
 * pushed to the page. A malformed message is answered with an `invalid_input` result; nothing a page
 * sends can throw out of here. Payloads are never logged (they can carry passwords and MFA codes).
 */
import type { WebSocket } from 'ws';
import type { Result } from '../../contract';
import { encodeEvent, type BridgeRequest, type BridgeServerMessage } from '../../preload/bridgeProtocol';
import type { EventHub, Router } from '../router/router';
import type { Logger } from '../log/logger';

const MAX_CHANNEL_LENGTH = 128;

export function attachBridgeSession(socket: WebSocket, core: { router: Router; events: EventHub }, log: Logger): void {
  const send = (message: BridgeServerMessage) => {
    if (socket.readyState !== socket.OPEN) return;
    try {
      socket.send('event' in message ? encodeEvent(message) : JSON.stringify(message));
    } catch (error) {
      log.warn(`[bridge] could not send to the page: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const unsubscribe = core.events.subscribe((event, payload) => send({ event, payload }));
  socket.on('close', unsubscribe);
  socket.on('error', (error) => log.warn(`[bridge] socket error: ${error.message}`));

  socket.on('message', (data, isBinary) => {
    const request = parseRequest(data, isBinary);
    if (!request.ok) {
      log.warn(`[bridge] refused a malformed message: ${request.message}`);
      send({ id: request.id, result: invalid(request.message) });
      return;
    }
    const { id, channel, payload } = request.value;
    core.router.handle(channel, payload).then(
      (result) => send({ id, result }),
      // The router promises never to throw; this guards the socket if that promise is ever broken.
      (error: unknown) => {
        log.error(
          `[bridge] router threw for ${channel}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
        send({
          id,
          result: { ok: false, error: { code: 'internal', message: 'Something went wrong inside PAM Desk.' } },
        });
      },
    );
  });
}

type Parsed = { ok: true; value: BridgeRequest } | { ok: false; id: number | null; message: string };

export function parseRequest(data: unknown, isBinary: boolean): Parsed {
  if (isBinary) return { ok: false, id: null, message: 'binary messages are not accepted' };
  let message: unknown;
  try {
    message = JSON.parse(String(data));
  } catch {
    return { ok: false, id: null, message: 'message is not JSON' };
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    return { ok: false, id: null, message: 'message must be an object' };
  }
  const { id, channel, payload } = message as Record<string, unknown>;
  if (typeof id !== 'number' || !Number.isSafeInteger(id))
    return { ok: false, id: null, message: 'id must be an integer' };
  if (typeof channel !== 'string' || channel.length === 0 || channel.length > MAX_CHANNEL_LENGTH) {
    return { ok: false, id, message: 'channel must be a short string' };
  }
  return { ok: true, value: { id, channel, payload } };
}

function invalid(message: string): Result<unknown> {
  return { ok: false, error: { code: 'invalid_input', message: `Malformed bridge message: ${message}.` } };
}
