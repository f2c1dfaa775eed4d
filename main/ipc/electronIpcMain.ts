import { ipcMain } from 'electron';
import type { IpcMainLike } from './registrar';

/** Electron's `ipcMain`, seen through the slice the registrar uses. */
export function electronIpcMain(): IpcMainLike {
  return ipcMain;
}
