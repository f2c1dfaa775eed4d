/**
 * The real UI in a browser, against an in-process core, without Electron: builds the renderer, starts the
 * bridge and (optionally) the sandbox. Shared by `npm run dev:browser` and `npm start`'s fallback.
 */
import path from 'node:path';
import { startBridgeApp } from '../main/bridge/bridgeApp';
import { createFileLogger } from '../main/log/fileLogger';
import { buildRendererForBrowser, watchRendererForBrowser } from './rendererBuild';

export interface BrowserModeOptions {
  /** Where the core keeps its data (profiles, settings, logs). */
  dataDir: string;
  /** Rebuild the renderer on every source change (development) instead of building it once. */
  watch: boolean;
  /** Start the sandbox right away and print its demo users (otherwise the welcome screen offers it). */
  sandbox: boolean;
  /** 0: a free port. */
  port: number;
  /** Prefix of every line printed, e.g. `[dev]`. */
  tag: string;
}

export interface BrowserMode {
  /** The page to open, this run's token in its fragment. */
  url: string;
  /** Stops the watcher, the bridge, the core (and its sandbox); resolves when all are closed. */
  stop(): Promise<void>;
}

export async function startBrowserMode(options: BrowserModeOptions): Promise<BrowserMode> {
  const { tag } = options;
  const log = createFileLogger({ dir: path.join(options.dataDir, 'logs'), echo: true });

  console.log(`${tag} building the renderer…`);
  let stopWatching = async () => {};
  if (options.watch) {
    stopWatching = await watchRendererForBrowser({
      onRebuilt: () => console.log(`${tag} renderer rebuilt — reload the page`),
      onError: (error) =>
        console.error(`${tag} renderer build failed: ${error instanceof Error ? error.message : String(error)}`),
    });
  } else {
    await buildRendererForBrowser();
  }

  const app = await startBridgeApp({ dataDir: options.dataDir, log, port: options.port });

  if (options.sandbox) {
    const started = await app.core.router.handle('sandbox.start', undefined);
    if (!started.ok) throw new Error(`the sandbox did not start: ${started.error.code}: ${started.error.message}`);
    const info = started.value as { url: string; users: Array<{ login: string; password: string; role: string }> };
    console.log(`\n${tag} sandbox at ${info.url} — demo users (sandbox only):`);
    for (const user of info.users) console.log(`      ${user.role.padEnd(9)} ${user.login} / ${user.password}`);
  }

  return {
    url: app.url,
    stop: async () => {
      await stopWatching();
      await app.stop();
      log.close();
    },
  };
}

/** Runs `stop` once on Ctrl+C or SIGTERM, then exits. */
export function stopOnSignals(tag: string, stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = () => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${tag} stopping…`);
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`${tag} stopping failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
