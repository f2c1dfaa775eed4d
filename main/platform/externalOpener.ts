import type { Logger } from '../log/logger';
import { isSafeExternalUrl } from './externalUrl';

export interface ExternalOpener {
  /** Opens a checked https URL in the system browser; resolves false (and logs) for anything else. */
  open(url: string): Promise<boolean>;
}

/** `openExternal` is Electron's `shell.openExternal`, passed in so the check is testable without Electron. */
export function createExternalOpener(openExternal: (url: string) => Promise<void>, log: Logger): ExternalOpener {
  return {
    async open(url) {
      if (!isSafeExternalUrl(url)) {
        log.warn(`[shell] refused to open an external link (${describe(url)})`);
        return false;
      }
      try {
        await openExternal(url);
        return true;
      } catch (error) {
        log.warn(`[shell] could not open an external link: ${error instanceof Error ? error.message : String(error)}`);
        return false;
      }
    },
  };
}

// Only the scheme and length: a refused URL may carry credentials.
function describe(url: unknown): string {
  if (typeof url !== 'string') return 'not a string';
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1] ?? 'no scheme';
  return `${scheme.toLowerCase()}, ${url.length} chars`;
}
