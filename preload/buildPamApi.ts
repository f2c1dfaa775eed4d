/**
 * Builds `window.pam` from the channel table, for both transports (Electron IPC and the WebSocket bridge).
 *
 * Only named actions and named subscriptions are produced: no generic invoke, and listeners receive the
 * payload alone, never a transport event object. Every action resolves to a `Result`; a transport failure
 * (a rejected promise) becomes `{ok:false}` instead of an exception in the page.
 */
import {
  actionChannels,
  eventChannels,
  eventMemberName,
  type PamApi,
  type Result,
  type Unsubscribe,
} from '../contract';

export type Invoke = (channel: string, payload: unknown) => Promise<Result<unknown>>;
export type Subscribe = (channel: string, listener: (payload: unknown) => void) => Unsubscribe;

export function buildPamApi(invoke: Invoke, subscribe: Subscribe): PamApi {
  const api: Record<string, Record<string, unknown>> = {};
  const namespace = (name: string) => (api[name] ??= {});

  for (const channel of actionChannels) {
    const [ns = '', member = ''] = channel.split('.');
    namespace(ns)[member] = (input?: unknown): Promise<Result<unknown>> =>
      invoke(channel, input).catch((error: unknown) => ({
        ok: false as const,
        error: { code: 'internal' as const, message: transportMessage(error) },
      }));
  }

  for (const channel of eventChannels) {
    const [ns = ''] = channel.split('.');
    namespace(ns)[eventMemberName(channel)] = (listener: (payload: unknown) => void): Unsubscribe => {
      if (typeof listener !== 'function') throw new TypeError(`${channel}: listener must be a function`);
      let subscribed = true;
      const unsubscribe = subscribe(channel, (payload) => listener(payload));
      return () => {
        if (!subscribed) return;
        subscribed = false;
        unsubscribe();
      };
    };
  }

  for (const members of Object.values(api)) Object.freeze(members);
  return Object.freeze(api) as unknown as PamApi;
}

function transportMessage(error: unknown): string {
  const detail = error instanceof Error ? error.message : String(error);
  return `PAM Desk could not reach its main process (${detail.slice(0, 200)}).`;
}
