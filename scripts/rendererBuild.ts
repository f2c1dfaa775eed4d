/**
 * Builds the renderer for browser mode with vite.renderer.config.ts, for the bridge to serve.
 * Used by `npm run dev:browser` and by end-to-end tests (once, before they start bridge apps).
 */
import { fileURLToPath } from 'node:url';
import { build, type Rolldown } from 'vite';

// Vite 8 warns that extensionless imports in a config will break under its future native config
// loader; our configs import repo modules extensionless by convention and are bundled ('bundle' loader).
process.env['VITE_CONFIG_NATIVE_IGNORE_WARNING'] ??= 'true';

export const rendererConfigFile = fileURLToPath(new URL('../vite.renderer.config.ts', import.meta.url));
export const defaultRendererOutDir = fileURLToPath(new URL('../out/renderer-web', import.meta.url));

/** One production build into `outDir` (default out/renderer-web); resolves with the folder. */
export async function buildRendererForBrowser(options: { outDir?: string; quiet?: boolean } = {}): Promise<string> {
  const outDir = options.outDir ?? defaultRendererOutDir;
  await build({
    configFile: rendererConfigFile,
    configLoader: 'bundle',
    logLevel: options.quiet === false ? 'info' : 'warn',
    build: { outDir, emptyOutDir: true },
  });
  return outDir;
}

/**
 * Builds once, then rebuilds on every change under renderer/ or contract/. Resolves after the first
 * build; `onRebuilt` runs after each later one. Returns a function that stops watching.
 */
export async function watchRendererForBrowser(options: {
  outDir?: string;
  onRebuilt?: () => void;
  onError?: (error: unknown) => void;
}): Promise<() => Promise<void>> {
  const outDir = options.outDir ?? defaultRendererOutDir;
  const watcher = (await build({
    configFile: rendererConfigFile,
    configLoader: 'bundle',
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, watch: {} },
  })) as Rolldown.RolldownWatcher;
  await new Promise<void>((resolve, reject) => {
    let first = true;
    watcher.on('event', (event) => {
      if (event.code === 'END') {
        if (first) {
          first = false;
          resolve();
        } else {
          options.onRebuilt?.();
        }
      } else if (event.code === 'ERROR') {
        if (first) {
          first = false;
          reject(event.error);
        } else {
          options.onError?.(event.error);
        }
      }
      if ('result' in event && event.result) void event.result.close();
    });
  });
  return () => watcher.close();
}
