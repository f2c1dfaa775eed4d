import { BrowserWindow } from 'electron';
import type { Logger } from '../log/logger';
import { mainWindowOptions, type WindowSize } from './windowConfig';
import { saveWindowSize } from './windowState';

export interface MainWindowOptions {
  preload: string;
  pageUrl: string;
  size: WindowSize;
  /** Where the size is kept between runs. */
  stateFile: string;
  log: Logger;
}

/** Creates the window hidden, shows it once the page has painted, and remembers its size on close. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions({ preload: options.preload, size: options.size }));
  window.once('ready-to-show', () => window.show());
  window.on('close', () => {
    const [width = 0, height = 0] = window.getSize();
    saveWindowSize(options.stateFile, { width, height }).catch((error: unknown) =>
      options.log.warn(
        `[app] could not save the window size: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
  });
  window.webContents.on('render-process-gone', (_event, details) => {
    options.log.error(`[app] the page process ended (${details.reason})`);
  });
  window.loadURL(options.pageUrl).catch((error: unknown) => {
    options.log.error(`[app] could not load the page: ${error instanceof Error ? error.message : String(error)}`);
  });
  return window;
}

/** Brings a window to the front (second instance, dock click). */
export function focusWindow(window: BrowserWindow): void {
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
