/**
 * The Electron lifecycle: one instance, the hardened session and window, start-up and orderly shutdown.
 * What the app runs (the core, the IPC transport) is passed in by the composition root, main/index.ts.
 */
import { app, BrowserWindow, powerMonitor, session } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFileLogger } from '../log/fileLogger';
import { applyUserDataOverride, electronAppPaths } from '../platform/appPaths';
import { electronExternalOpener } from '../platform/electronShell';
import { registerProtocolClient } from '../platform/protocolClient';
import type { EventHub, Router } from '../router/router';
import type { Logger } from '../log/logger';
import { chromiumSwitches } from './chromiumSwitches';
import { registerAppSchemePrivileges, serveRenderer } from './electronProtocol';
import { hardenSession, hardenWebContents } from './hardenWebContents';
import { createMainWindow, focusWindow } from './mainWindow';
import { pageLocation } from './pageLocation';
import { loadWindowSize } from './windowState';

export interface DesktopCore {
  router: Router;
  events: EventHub;
  /** The screen locks or the machine sleeps: clear secrets from the clipboard. */
  screenLocked?(): Promise<void>;
  /** `pam-desk:` links (untrusted): parsed and shown to the user for confirmation, never launched here. */
  openLink?(url: string): Promise<void>;
  openLinkFromArgv?(argv: readonly string[]): Promise<void>;
  dispose(): Promise<void>;
}

/** The window as the IPC transport sees it (null while there is none). */
export type PageTargetSource = () => {
  webContentsId: number;
  origin: string;
  send(channel: string, payload: unknown): void;
} | null;

export interface DesktopAppOptions<C extends DesktopCore> {
  createCore(context: {
    dataDir: string;
    log: Logger;
    version: string;
    platform: string;
    /** Brings the main window to the front (a notification or the tray icon was clicked). */
    focusWindow(): void;
  }): C;
  /** Connects the core to the window; returns the disconnect function. */
  connectIpc(core: C, log: Logger, target: PageTargetSource): () => void;
}

export function runDesktopApp<C extends DesktopCore>(options: DesktopAppOptions<C>): void {
  for (const [name, value] of chromiumSwitches()) app.commandLine.appendSwitch(name, value);
  registerAppSchemePrivileges();
  applyUserDataOverride();
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  const here = path.dirname(fileURLToPath(import.meta.url));
  const rendererDir = path.join(here, '../renderer');
  const preloadScript = path.join(here, '../preload/index.cjs');
  const paths = electronAppPaths();
  const log = createFileLogger({ dir: paths.logs, echo: !app.isPackaged });
  const page = pageLocation({ isPackaged: app.isPackaged, devServerUrl: process.env['ELECTRON_RENDERER_URL'] });
  const external = electronExternalOpener(log);
  let mainWindow: BrowserWindow | null = null;
  let core: C | null = null;
  let disconnectIpc: () => void = () => {};

  registerProtocolClient();
  app.on('second-instance', (_event, argv) => {
    if (mainWindow && !mainWindow.isDestroyed()) focusWindow(mainWindow);
    void core?.openLinkFromArgv?.(argv).catch((error: unknown) => log.warn(`[deeplink] ${String(error)}`));
  });
  // macOS hands links to the running app (or the starting one, before it is ready).
  const earlyLinks: string[] = [];
  app.on('open-url', (event, url) => {
    event.preventDefault();
    if (!core) earlyLinks.push(url);
    else void core.openLink?.(url).catch((error: unknown) => log.warn(`[deeplink] ${String(error)}`));
  });
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, { pageOrigin: () => page.origin, external, log });
  });

  const openWindow = async () => {
    const window = createMainWindow({
      preload: preloadScript,
      pageUrl: page.url,
      size: await loadWindowSize(paths.windowState),
      stateFile: paths.windowState,
      log,
    });
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = null;
    });
    mainWindow = window;
  };

  app
    .whenReady()
    .then(async () => {
      hardenSession(session.defaultSession, { contentSecurityPolicy: page.contentSecurityPolicy, log });
      serveRenderer(session.defaultSession, rendererDir);
      core = options.createCore({
        dataDir: paths.userData,
        log,
        version: app.getVersion(),
        platform: process.platform,
        focusWindow: () => {
          if (mainWindow && !mainWindow.isDestroyed()) focusWindow(mainWindow);
          else void openWindow();
        },
      });
      disconnectIpc = options.connectIpc(core, log, () => {
        if (!mainWindow || mainWindow.isDestroyed()) return null;
        const contents = mainWindow.webContents;
        return {
          webContentsId: contents.id,
          origin: page.origin,
          send: (channel, payload) => contents.send(channel, payload),
        };
      });
      await openWindow();
      // A link that started the app waits until the page can show the confirmation.
      const linkFromStart = () => {
        void core?.openLinkFromArgv?.(process.argv).catch(() => undefined);
        for (const url of earlyLinks.splice(0)) void core?.openLink?.(url).catch(() => undefined);
      };
      mainWindow?.webContents.once('did-finish-load', linkFromStart);
      // Where the OS tells us (macOS, Windows; Linux desktops vary), a locked screen or sleep clears our copy.
      const onLock = () => void core?.screenLocked?.().catch(() => undefined);
      powerMonitor.on('lock-screen', onLock);
      powerMonitor.on('suspend', onLock);
      log.info(`[app] PAM Desk ${app.getVersion()} started`);
    })
    .catch((error: unknown) => {
      log.error(`[app] start-up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      app.exit(1);
    });

  app.on('activate', () => {
    // macOS: clicking the dock icon with no window open brings one back.
    if (app.isReady() && BrowserWindow.getAllWindows().length === 0) void openWindow();
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Dispose the core (stop polling, stop the sandbox, forget secrets) before the process ends.
  let disposed = false;
  let disposing = false;
  app.on('before-quit', (event) => {
    if (disposed || !core) return;
    event.preventDefault();
    if (disposing) return;
    disposing = true;
    disconnectIpc();
    core
      .dispose()
      .catch((error: unknown) => log.error(`[app] shutdown: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        disposed = true;
        log.close();
        app.quit();
      });
  });
}
