import { APP_ORIGIN, APP_START_URL, originOf } from './appOrigin';
import { contentSecurityPolicy, developmentContentSecurityPolicy } from './contentSecurityPolicy';

export interface PageLocation {
  url: string;
  origin: string;
  contentSecurityPolicy: string;
}

/**
 * Where the window loads its page from: our `app://` origin, except under `electron-vite dev` in an
 * unpackaged app, where the dev server URL is used (with the development CSP). A packaged app ignores
 * the variable, so it cannot be pointed at another page from the environment.
 */
export function pageLocation(options: { isPackaged: boolean; devServerUrl: string | undefined }): PageLocation {
  const devOrigin = options.devServerUrl ? originOf(options.devServerUrl) : null;
  if (
    !options.isPackaged &&
    options.devServerUrl &&
    devOrigin &&
    /^https?:$/.test(new URL(options.devServerUrl).protocol)
  ) {
    return { url: options.devServerUrl, origin: devOrigin, contentSecurityPolicy: developmentContentSecurityPolicy };
  }
  return { url: APP_START_URL, origin: APP_ORIGIN, contentSecurityPolicy };
}
