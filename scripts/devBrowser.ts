/**
 * `npm run dev:browser [-- --sandbox] [-- --port 5180]`: the real UI in your own browser, against an
 * in-process core, without Electron. Rebuilds the renderer on change (reload the page to see it).
 * Data lives in .pam-dev/ so it never mixes with a real profile.
 *
 * The printed URL carries this run's token in its fragment: open it as printed.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { startBrowserMode, stopOnSignals } from './browserMode';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { sandbox: { type: 'boolean', default: false }, port: { type: 'string' } },
    allowPositionals: false,
  });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be a port number, got ${values.port}`);

  const browser = await startBrowserMode({
    dataDir: path.join(repoRoot, '.pam-dev'),
    watch: true,
    sandbox: values.sandbox,
    port,
    tag: '[dev]',
  });
  console.log(`\n[dev] PAM Desk (browser mode) — open:\n\n      ${browser.url}\n`);
  stopOnSignals('[dev]', browser.stop);
}

main().catch((error: unknown) => {
  console.error(`[dev] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
