/**
 * The registrar against a fake `ipcMain` (Electron cannot run here): the real router and EventHub,
 * a hand-made invoke event per call.
 */
import { describe, expect, it } from 'vitest';
import { actionChannels, IPC_PREFIX } from '../../../contract';
import { registerIpc, type InvokeEventLike, type IpcMainLike, type PageTarget } from '../../../main/ipc/registrar';
import { createFakeCore, recordingLogger } from '../../integration/bridge/fakeCore';

type Listener = (event: InvokeEventLike, payload: unknown) => Promise<unknown>;

function fakeIpcMain() {
  const handlers = new Map<string, Listener>();
  const ipcMain: IpcMainLike = {
    handle(channel, listener) {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    },
    removeHandler(channel) {
      handlers.delete(channel);
    },
  };
  const invoke = (channel: string, event: InvokeEventLike, payload?: unknown) => {
    const listener = handlers.get(channel);
    if (!listener) throw new Error(`no handler for ${channel}`);
    return listener(event, payload);
  };
  return { ipcMain, handlers, invoke };
}

const ourPage = (): InvokeEventLike => ({
  sender: { id: 1 },
  senderFrame: { url: 'app://pam-desk/index.html', parent: null },
});

function setup() {
  const log = recordingLogger();
  const seenInputs: unknown[] = [];
  const core = createFakeCore(
    {
      'prefs.update': async (patch) => {
        seenInputs.push(patch);
        return { pollIntervalSeconds: patch.pollIntervalSeconds ?? 15, views: {} };
      },
    },
    log,
  );
  const sent: Array<[string, unknown]> = [];
  let target: PageTarget | null = {
    webContentsId: 1,
    origin: 'app://pam-desk',
    send: (channel, payload) => sent.push([channel, payload]),
  };
  const fake = fakeIpcMain();
  const dispose = registerIpc({
    ipcMain: fake.ipcMain,
    router: core.router,
    events: core.events,
    log,
    target: () => target,
  });
  return { ...fake, core, log, sent, seenInputs, dispose, closeWindow: () => (target = null) };
}

describe('IPC registrar', () => {
  it('registers exactly one prefixed handler per action channel', () => {
    const { handlers } = setup();
    expect([...handlers.keys()].sort()).toEqual(actionChannels.map((channel) => IPC_PREFIX + channel).sort());
  });

  it('passes a trusted call to the router, which parses the payload', async () => {
    const { invoke, seenInputs } = setup();
    expect(await invoke('pam:prefs.update', ourPage(), { pollIntervalSeconds: 30 })).toEqual({
      ok: true,
      value: { pollIntervalSeconds: 30, views: {} },
    });
    expect(await invoke('pam:prefs.update', ourPage(), { pollIntervalSeconds: 'fast' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(seenInputs).toEqual([{ pollIntervalSeconds: 30 }]);
  });

  it.each<[string, InvokeEventLike]>([
    ['a subframe', { sender: { id: 1 }, senderFrame: { url: 'app://pam-desk/index.html', parent: {} } }],
    ['another window', { sender: { id: 2 }, senderFrame: { url: 'app://pam-desk/index.html', parent: null } }],
    [
      'a foreign page in our window',
      { sender: { id: 1 }, senderFrame: { url: 'https://evil.example/', parent: null } },
    ],
    ['a call without a frame', { sender: { id: 1 }, senderFrame: null }],
  ])('refuses %s with forbidden, logs it, and never reaches the handler', async (_name, event) => {
    const { invoke, log, seenInputs } = setup();
    expect(await invoke('pam:prefs.update', event, { pollIntervalSeconds: 30 })).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'This request did not come from the PAM Desk window.' },
    });
    expect(seenInputs).toEqual([]);
    expect(log.lines.some((line) => line.startsWith('warn [ipc] refused prefs.update from an untrusted sender'))).toBe(
      true,
    );
  });

  it('refuses a frame whose URL can no longer be read', async () => {
    const { invoke } = setup();
    const event = {
      sender: { id: 1 },
      senderFrame: {
        get url(): string {
          throw new Error('Render frame was disposed');
        },
        parent: null,
      },
    };
    expect(await invoke('pam:app.info', event)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('refuses every call while no window is open', async () => {
    const { invoke, closeWindow } = setup();
    closeWindow();
    expect(await invoke('pam:app.info', ourPage())).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('forwards events to our window with the prefix, and stops after dispose', () => {
    const { core, sent, dispose, handlers } = setup();
    core.events.emit('sessions.feed', { state: 'live', message: 'Up to date', code: null, lastSuccessAt: null });
    expect(sent).toEqual([
      ['pam:sessions.feed', { state: 'live', message: 'Up to date', code: null, lastSuccessAt: null }],
    ]);
    dispose();
    core.events.emit('sessions.feed', { state: 'idle', message: '', code: null, lastSuccessAt: null });
    expect(sent).toHaveLength(1);
    expect(handlers.size).toBe(0);
  });

  it('drops events while no window is open', () => {
    const { core, sent, closeWindow } = setup();
    closeWindow();
    core.events.emit('auth.changed', { status: 'signedOut', reason: 'none' });
    expect(sent).toEqual([]);
  });
});
