import { app } from 'electron';
import path from 'node:path';

export interface AppPaths {
  /** The per-user data folder (settings, cache, sandbox data). */
  userData: string;
  logs: string;
  windowState: string;
}

/**
 * Lets an unpackaged app (development, `npm run test:electron`) run on a throw-away profile:
 * PAM_DESK_USER_DATA=/tmp/x. Must run before the single-instance lock, which is per profile.
 * A packaged app ignores the variable.
 */
export function applyUserDataOverride(): void {
  const override = process.env['PAM_DESK_USER_DATA'];
  if (!app.isPackaged && override && path.isAbsolute(override)) app.setPath('userData', override);
}

export function electronAppPaths(): AppPaths {
  const userData = app.getPath('userData');
  return {
    userData,
    logs: path.join(userData, 'logs'),
    windowState: path.join(userData, 'window-state.json'),
  };
}
