/**
 * Opens the browser-mode page in the user's default browser, where there is one to open.
 *
 * The page's URL carries the bridge token, and a command line is readable by every local user, so the
 * URL is never passed to the opener: it gets a 0600 file of ours that redirects to the URL (as Jupyter
 * does). The caller deletes the file when it stops.
 */
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface OpenedPage {
  /** Whether an opener was started (not whether a browser showed the page: nobody can tell). */
  started: boolean;
  /** Deletes the redirect file. */
  cleanup(): void;
}

/**
 * Starts the platform's opener (xdg-open, open, explorer) on a redirect file in `dir`, only for an
 * interactive terminal on a desktop, and never when BROWSER=none. Never throws.
 */
export function openInBrowser(url: string, dir: string): OpenedPage {
  const none: OpenedPage = { started: false, cleanup: () => {} };
  const opener = platformOpener();
  if (!opener || !process.stdout.isTTY || process.env['BROWSER'] === 'none') return none;

  const file = path.join(dir, `open-${process.pid}.html`);
  try {
    writeFileSync(file, redirectPage(url), { mode: 0o600 });
    const child = spawn(opener, [file], { detached: true, stdio: 'ignore' });
    child.on('error', () => {}); // no opener after all: the printed URL remains
    child.unref();
  } catch {
    return none;
  }
  return { started: true, cleanup: () => rmSync(file, { force: true }) };
}

function platformOpener(): string | null {
  if (process.platform === 'darwin') return 'open';
  if (process.platform === 'win32') return 'explorer.exe';
  return process.env['DISPLAY'] || process.env['WAYLAND_DISPLAY'] ? 'xdg-open' : null;
}

function redirectPage(url: string): string {
  const escaped = url.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<!doctype html>
<html><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${escaped}"><title>PAM Desk</title></head>
<body><p><a href="${escaped}">Open PAM Desk</a></p></body></html>
`;
}
