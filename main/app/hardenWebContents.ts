/**
 * Electron wiring of the navigation policy and the session lock-down. Applied to every WebContents the
 * app creates (`app.on('web-contents-created')`), not only the main window's.
 */
import type { Session, WebContents } from 'electron';
import type { ExternalOpener } from '../platform/externalOpener';
import type { Logger } from '../log/logger';
import { mayNavigate, windowOpenDecision, withContentSecurityPolicy } from './navigationPolicy';

export function hardenWebContents(
  contents: WebContents,
  options: { pageOrigin: () => string; external: ExternalOpener; log: Logger },
): void {
  const { pageOrigin, external, log } = options;
  const blockForeign = (event: { preventDefault(): void }, url: string, what: string) => {
    if (mayNavigate(url, pageOrigin())) return;
    event.preventDefault();
    log.warn(`[app] blocked ${what} away from the app page`);
  };
  contents.on('will-navigate', (event) => blockForeign(event, event.url, 'a navigation'));
  contents.on('will-redirect', (event) => blockForeign(event, event.url, 'a redirect'));
  contents.on('will-frame-navigate', (event) => blockForeign(event, event.url, 'a frame navigation'));
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('[app] blocked a <webview>');
  });
  contents.setWindowOpenHandler(({ url }) => {
    const decision = windowOpenDecision(url);
    if (decision.openExternally) void external.open(url);
    else log.warn('[app] blocked a new window');
    return { action: decision.action };
  });
}

export function hardenSession(session: Session, options: { contentSecurityPolicy: string; log: Logger }): void {
  const { log } = options;
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    log.warn(`[app] denied a permission request (${permission})`);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders, options.contentSecurityPolicy) });
  });
}
