/**
 * The Electron preload (sandboxed, context-isolated): exposes exactly one object, `window.pam`, built from
 * the channel table. The page never sees `ipcRenderer` or an `IpcRendererEvent`.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_PREFIX, type Result } from '../contract';
import { buildPamApi } from './buildPamApi';

const api = buildPamApi(
  (channel, payload) => ipcRenderer.invoke(IPC_PREFIX + channel, payload) as Promise<Result<unknown>>,
  (channel, listener) => {
    const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(IPC_PREFIX + channel, forward);
    return () => {
      ipcRenderer.removeListener(IPC_PREFIX + channel, forward);
    };
  },
);

contextBridge.exposeInMainWorld('pam', api);
