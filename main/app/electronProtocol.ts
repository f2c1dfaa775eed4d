import { protocol, type Session } from 'electron';
import { APP_SCHEME } from './appOrigin';
import { appProtocolResponse } from './appProtocol';

/** Must run before `app.whenReady()`: a standard, secure scheme gets a real origin and `fetch` support. */
export function registerAppSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function serveRenderer(session: Session, rendererDir: string): void {
  session.protocol.handle(APP_SCHEME, (request) => appProtocolResponse(rendererDir, request));
}
