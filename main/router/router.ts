/**
 * The transport-independent IPC router: one table of handlers, two transports
 * (Electron IPC in the app, the WebSocket bridge in tests and browser development).
 *
 * `handle` never throws: every payload is parsed as `unknown` with the channel's schema, and every
 * outcome becomes a `Result`. Failures are logged with their code and stack, never with the payload
 * (payloads can hold passwords and MFA codes).
 */
import {
  actions,
  events,
  type ActionChannel,
  type ActionInput,
  type ActionOutput,
  type EventChannel,
  type EventPayload,
  type Result,
} from '../../contract';
import { isPamError } from '../errors/pamError';
import type { Logger } from '../log/logger';

export type Handlers = { [C in ActionChannel]: (input: ActionInput<C>) => Promise<ActionOutput<C>> };

export type EventListener = <C extends EventChannel>(channel: C, payload: EventPayload<C>) => void;

/** Services publish events here; each transport subscribes once and forwards to its page. */
export class EventHub {
  private readonly listeners = new Set<EventListener>();

  emit<C extends EventChannel>(channel: C, payload: EventPayload<C>): void {
    const parsed = events[channel].parse(payload) as EventPayload<C>;
    for (const listener of this.listeners) listener(channel, parsed);
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export interface Router {
  handle(channel: string, payload: unknown): Promise<Result<unknown>>;
}

export function isActionChannel(channel: string): channel is ActionChannel {
  return Object.prototype.hasOwnProperty.call(actions, channel);
}

export function createRouter(handlers: Handlers, log: Logger): Router {
  return {
    async handle(channel, payload) {
      if (!isActionChannel(channel)) {
        log.warn(`[router] unknown channel ${JSON.stringify(channel.slice(0, 64))}`);
        return { ok: false, error: { code: 'invalid_input', message: 'Unknown action.' } };
      }
      const parsed = actions[channel].input.safeParse(payload);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
        log.warn(`[router] ${channel} rejected invalid input (${where}${issue?.message ?? 'invalid'})`);
        return {
          ok: false,
          error: { code: 'invalid_input', message: `${where}${issue?.message ?? 'Invalid input.'}` },
        };
      }
      try {
        const handler = handlers[channel] as (input: unknown) => Promise<unknown>;
        const value = actions[channel].output.parse(await handler(parsed.data));
        return { ok: true, value: value ?? null };
      } catch (error) {
        if (isPamError(error)) {
          log.warn(`[router] ${channel} failed: ${error.code}: ${error.message}`);
          return { ok: false, error: { code: error.code, message: error.message } };
        }
        const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
        log.error(`[router] ${channel} crashed: ${stack}`);
        return {
          ok: false,
          error: { code: 'internal', message: 'Something went wrong inside PAM Desk. Details are in the log.' },
        };
      }
    },
  };
}
