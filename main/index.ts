/**
 * The composition root of the desktop app: the Electron lifecycle (main/app) runs the core (main/core)
 * and connects it to the window through the IPC registrar (main/ipc). Nothing else is built here;
 * every service gets its dependencies from buildCore.
 */
import { runDesktopApp } from './app/desktopApp';
import { buildCore } from './core';
import { electronIpcMain } from './ipc/electronIpcMain';
import { registerIpc } from './ipc/registrar';
import { electronClipboard } from './platform/electronClipboard';
import { electronNoticePresenter } from './platform/electronNoticePresenter';

runDesktopApp({
  createCore: ({ dataDir, log, version, platform, focusWindow }) =>
    buildCore({
      transport: 'electron',
      dataDir,
      log,
      version,
      platform,
      clipboard: electronClipboard(),
      notices: electronNoticePresenter({ focusWindow, log }),
    }),
  connectIpc: (core, log, target) =>
    registerIpc({ ipcMain: electronIpcMain(), router: core.router, events: core.events, log, target }),
});
