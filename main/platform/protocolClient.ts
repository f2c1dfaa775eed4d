import { app } from 'electron';
import { DEEP_LINK_SCHEME } from '../launch/external/deepLink';

/**
 * Registers PAM Desk as the handler of `pam-desk:` links with the OS (Windows registry, macOS Info.plist at
 * packaging, Linux .desktop `MimeType=x-scheme-handler/pam-desk` at packaging). An unpackaged development
 * run registers nothing, so it never takes over the links of an installed copy.
 */
export function registerProtocolClient(): void {
  if (app.isPackaged) app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
}
