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
import { startBridgeApp } from '../main/bridge/bridgeApp';
import { createFileLogger } from '../main/log/fileLogger';
import { watchRendererForBrowser } from './rendererBuild';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { sandbox: { type: 'boolean', default: false }, port: { type: 'string' } },
    allowPositionals: false,
  });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be a port number, got ${values.port}`);

  const dataDir = path.join(repoRoot, '.pam-dev');
  const log = createFileLogger({ dir: path.join(dataDir, 'logs'), echo: true });

  console.log('[dev] building the renderer…');
  const stopWatching = await watchRendererForBrowser({
    onRebuilt: () => console.log('[dev] renderer rebuilt — reload the page'),
    onError: (error) =>
      console.error(`[dev] renderer build failed: ${error instanceof Error ? error.message : String(error)}`),
  });

  const app = await startBridgeApp({ dataDir, log, port });

  if (values.sandbox) {
    const started = await app.core.router.handle('sandbox.start', undefined);
    if (!started.ok) throw new Error(`the sandbox did not start: ${started.error.code}: ${started.error.message}`);
    const info = started.value as { url: string; users: Array<{ login: string; password: string; role: string }> };
    console.log(`\n[dev] sandbox at ${info.url} — demo users (sandbox only):`);
    for (const user of info.users) console.log(`      ${user.role.padEnd(9)} ${user.login} / ${user.password}`);
  }

  console.log(`\n[dev] PAM Desk (browser mode) — open:\n\n      ${app.url}\n`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\n[dev] stopping…');
    await stopWatching();
    await app.stop();
    log.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(`[dev] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
