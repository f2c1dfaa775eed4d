/** `npm run build:renderer`: the renderer for browser mode, into out/renderer-web. */
import { buildRendererForBrowser } from './rendererBuild';

buildRendererForBrowser({ quiet: false }).then(
  (outDir) => console.log(`[build] renderer for browser mode in ${outDir}`),
  (error: unknown) => {
    console.error(`[build] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
