import { describe, expect, expectTypeOf, it } from 'vitest';
import { actionChannels, eventChannels, eventMemberName, type PamApi, type Result } from '../../../contract';
import { buildPamApi, type Invoke, type Subscribe } from '../../../preload/buildPamApi';

function recordingTransport() {
  const calls: Array<[string, unknown]> = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const invoke: Invoke = async (channel, payload) => {
    calls.push([channel, payload]);
    return { ok: true, value: `answer to ${channel}` };
  };
  const subscribe: Subscribe = (channel, listener) => {
    const set = listeners.get(channel) ?? new Set();
    listeners.set(channel, set);
    set.add(listener);
    return () => set.delete(listener);
  };
  const emit = (channel: string, ...args: unknown[]) => {
    // A transport may hand more than the payload (Electron passes its event first); only the payload may pass.
    for (const listener of listeners.get(channel) ?? []) (listener as (...values: unknown[]) => void)(...args);
  };
  return { calls, listeners, invoke, subscribe, emit };
}

describe('buildPamApi', () => {
  it('has a member for every action and event channel, and nothing else', () => {
    const api = buildPamApi(recordingTransport().invoke, recordingTransport().subscribe) as unknown as Record<
      string,
      Record<string, unknown>
    >;
    const expected = [
      ...actionChannels,
      ...eventChannels.map((channel) => `${channel.split('.')[0]}.${eventMemberName(channel)}`),
    ].sort();
    const actual = Object.entries(api)
      .flatMap(([namespace, members]) => Object.keys(members).map((member) => `${namespace}.${member}`))
      .sort();
    expect(actual).toEqual(expected);
    for (const members of Object.values(api))
      for (const member of Object.values(members)) expect(typeof member).toBe('function');
    expect(actual).not.toContain('invoke');
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.isFrozen(api['sessions'])).toBe(true);
  });

  it('sends each action on its own channel with the input as given', async () => {
    const transport = recordingTransport();
    const pam = buildPamApi(transport.invoke, transport.subscribe);
    expect(await pam.sessions.end({ ids: ['x'] })).toEqual({ ok: true, value: 'answer to sessions.end' });
    await pam.app.info();
    expect(transport.calls).toEqual([
      ['sessions.end', { ids: ['x'] }],
      ['app.info', undefined],
    ]);
  });

  it('turns a transport failure into an error result instead of a rejection', async () => {
    const pam = buildPamApi(
      () => Promise.reject(new Error('No handler registered')),
      () => () => {},
    );
    expect(await pam.app.info()).toEqual({
      ok: false,
      error: { code: 'internal', message: 'PAM Desk could not reach its main process (No handler registered).' },
    });
  });

  it('hands listeners the payload only, and unsubscribes exactly once', () => {
    const transport = recordingTransport();
    const pam = buildPamApi(transport.invoke, transport.subscribe);
    const received: unknown[][] = [];
    const unsubscribe = pam.sessions.onDelta((...args: unknown[]) => received.push(args));
    transport.emit('sessions.delta', { scope: 'mine' }, { sender: 'IpcRendererEvent' });
    expect(received).toEqual([[{ scope: 'mine' }]]);
    unsubscribe();
    unsubscribe();
    transport.emit('sessions.delta', { scope: 'all' });
    expect(received).toHaveLength(1);
    expect(transport.listeners.get('sessions.delta')?.size).toBe(0);
  });

  it('refuses a listener that is not a function', () => {
    const pam = buildPamApi(recordingTransport().invoke, recordingTransport().subscribe);
    expect(() => (pam.auth.onChanged as (listener: unknown) => void)('nope')).toThrow(TypeError);
  });

  it('has the PamApi type', () => {
    const pam = buildPamApi(recordingTransport().invoke, recordingTransport().subscribe);
    expectTypeOf(pam).toEqualTypeOf<PamApi>();
    expectTypeOf(pam.app.info).returns.toEqualTypeOf<
      Promise<Result<{ name: string; version: string; transport: 'electron' | 'bridge'; platform: string }>>
    >();
    expectTypeOf(pam.sessions.onDelta).returns.toEqualTypeOf<() => void>();
  });
});
