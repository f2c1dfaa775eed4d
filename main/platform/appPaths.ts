import { app } from 'electron';
import path from 'node:path';

export interface AppPaths {
  /** The per-user data folder (settings, cache, sandbox data). */
  userData: string;
  logs: string;
  windowState: string;
}

export function electronAppPaths(): AppPaths {
  const userData = app.getPath('userData');
  return {
    userData,
    logs: path.join(userData, 'logs'),
    windowState: path.join(userData, 'window-state.json'),
  };
}
