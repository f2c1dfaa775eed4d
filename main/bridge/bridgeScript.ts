/**
 * The page-side half of the bridge (`preload/bridgePreload.ts`) as one classic script. It is bundled from
 * source when the bridge starts, so tests and browser development never run a stale copy.
 */
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const entry = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../preload/bridgePreload.ts');

export async function bundleBridgeScript(): Promise<Buffer> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error('[bridge] esbuild produced no output for the bridge script');
  return Buffer.from(output.contents);
}
