/**
 * Electron IPC transport of the router: one `ipcMain.handle` per action channel, events forwarded to our
 * window only. Every call is first checked to come from our own top-level page; the payload then goes to
 * the router untouched (it parses it as `unknown` with the channel's schema and never throws).
 */
import { actionChannels, IPC_PREFIX, type Result } from '../../contract';
import type { EventHub, Router } from '../router/router';
import type { Logger } from '../log/logger';
import { isTrustedSender, type ExpectedSender, type SenderInfo } from './trustedSender';

/** The slice of Electron's `IpcMainInvokeEvent` the registrar reads. */
export interface InvokeEventLike {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

/** The slice of Electron's `ipcMain` the registrar uses (Electron's own object satisfies it). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, payload: unknown) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** Our window as the registrar sees it; null while there is none. */
export interface PageTarget extends ExpectedSender {
  send(channel: string, payload: unknown): void;
}

export interface RegistrarOptions {
  ipcMain: IpcMainLike;
  router: Router;
  events: EventHub;
  log: Logger;
  target: () => PageTarget | null;
}

export function senderInfoOf(event: InvokeEventLike): SenderInfo {
  let frame: SenderInfo['frame'] = null;
  try {
    // Reading a frame that has navigated away or been destroyed can throw in Electron.
    if (event.senderFrame) frame = { url: event.senderFrame.url, isTopLevel: event.senderFrame.parent === null };
  } catch {
    frame = null;
  }
  return { webContentsId: event.sender.id, frame };
}

/** Registers every action channel; the returned function removes the handlers and the event forwarding. */
export function registerIpc(options: RegistrarOptions): () => void {
  const { ipcMain, router, events, log, target } = options;

  for (const channel of actionChannels) {
    ipcMain.handle(IPC_PREFIX + channel, async (event, payload): Promise<Result<unknown>> => {
      const info = senderInfoOf(event);
      if (!isTrustedSender(info, target())) {
        log.warn(
          `[ipc] refused ${channel} from an untrusted sender (webContents ${info.webContentsId}, frame ${describeFrame(info)})`,
        );
        return {
          ok: false,
          error: { code: 'forbidden', message: 'This request did not come from the PAM Desk window.' },
        };
      }
      return router.handle(channel, payload);
    });
  }

  const unsubscribe = events.subscribe((channel, payload) => {
    const page = target();
    if (!page) return;
    try {
      page.send(IPC_PREFIX + channel, payload);
    } catch (error) {
      log.warn(`[ipc] could not forward ${channel}: ${error instanceof Error ? error.message : String(error)}`);
    }
  });

  return () => {
    unsubscribe();
    for (const channel of actionChannels) ipcMain.removeHandler(IPC_PREFIX + channel);
  };
}

function describeFrame(info: SenderInfo): string {
  if (!info.frame) return 'none';
  const origin = (() => {
    try {
      const url = new URL(info.frame.url);
      return `${url.protocol}//${url.host}`;
    } catch {
      return 'unparsable';
    }
  })();
  return `${info.frame.isTopLevel ? 'top' : 'sub'} ${origin}`;
}
