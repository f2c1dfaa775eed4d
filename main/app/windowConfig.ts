/**
 * The main window's options as plain data, so the security-relevant part is asserted by a unit test
 * rather than trusted to stay as written.
 */
import type { BrowserWindowConstructorOptions } from 'electron';

export function secureWebPreferences(preload: string) {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    preload,
  } as const;
}

export interface WindowSize {
  width: number;
  height: number;
}

export const defaultWindowSize: WindowSize = { width: 1280, height: 800 };
export const minimumWindowSize: WindowSize = { width: 900, height: 600 };

export function mainWindowOptions(options: {
  preload: string;
  size?: WindowSize;
  icon?: string;
}): BrowserWindowConstructorOptions {
  const size = options.size ?? defaultWindowSize;
  return {
    width: Math.max(size.width, minimumWindowSize.width),
    height: Math.max(size.height, minimumWindowSize.height),
    minWidth: minimumWindowSize.width,
    minHeight: minimumWindowSize.height,
    title: 'PAM Desk',
    // Shown on 'ready-to-show', so the user never sees an empty white frame.
    show: false,
    autoHideMenuBar: true,
    backgroundColor: '#f5f5f5',
    ...(options.icon ? { icon: options.icon } : {}),
    webPreferences: secureWebPreferences(options.preload),
  };
}
