/**
 * `npm start`: opens PAM Desk. With Electron's binary (installed, or downloaded now by Electron's own
 * installer) it runs `electron-vite preview` as before. Where the binary cannot be obtained — no route to
 * its download, as on our build machines — it says why in one sentence and serves the same UI in the
 * browser instead (what `npm run dev:browser` does; the welcome screen offers the sandbox), printing the
 * URL to open. Ctrl+C stops everything.
 *
 * Browser mode keeps its data in $PAM_DESK_USER_DATA (absolute path) if set, else in .pam-dev/.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBrowserMode, stopOnSignals } from './browserMode';
import { obtainElectronBinary } from './electronBinary';
import { openInBrowser } from './openInBrowser';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

async function main(): Promise<void> {
  const cancel = new AbortController();
  const cancelDownload = () => cancel.abort();
  process.once('SIGINT', cancelDownload);
  process.once('SIGTERM', cancelDownload);

  const binary = await obtainElectronBinary({
    signal: cancel.signal,
    onDownload: (version) => console.log(`[start] downloading Electron ${version}'s binary (first start only)…`),
    onProgress: (line) => console.log(`[start] … ${line}`),
  });
  process.off('SIGINT', cancelDownload);
  process.off('SIGTERM', cancelDownload);
  if (cancel.signal.aborted) process.exit(130);

  if (binary.ok) return runElectronApp();

  console.log(
    `[start] Electron's binary is missing and could not be downloaded (${binary.reason}), ` +
      'so PAM Desk opens in your browser instead.',
  );
  const override = process.env['PAM_DESK_USER_DATA'];
  const dataDir = override && path.isAbsolute(override) ? override : path.join(repoRoot, '.pam-dev');
  const browser = await startBrowserMode({ dataDir, watch: false, sandbox: false, port: 0, tag: '[start]' });
  console.log(`\n[start] PAM Desk (browser mode) — open:\n\n      ${browser.url}\n`);
  const opened = openInBrowser(browser.url, dataDir);
  if (opened.started) console.log('[start] (asked your browser to open it)');
  stopOnSignals('[start]', async () => {
    opened.cleanup();
    await browser.stop();
  });
}

/** `electron-vite preview` in the foreground; its exit is ours. */
function runElectronApp(): void {
  const packageJson = createRequire(import.meta.url).resolve('electron-vite/package.json');
  const bin = path.join(path.dirname(packageJson), 'bin', 'electron-vite.js');
  const child = spawn(process.execPath, [bin, 'preview'], { cwd: repoRoot, stdio: 'inherit' });
  // Ctrl+C reaches the whole foreground group; a signal sent to this process alone is passed on.
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (signal ? os.constants.signals[signal] : 0)));
}

main().catch((error: unknown) => {
  console.error(`[start] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
