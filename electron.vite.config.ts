/**
 * electron-vite builds the three layers into out/: main (ESM, Node), preload (one self-contained CommonJS
 * file — a sandboxed preload can require nothing but `electron`), renderer (the web app).
 */
import react from '@vitejs/plugin-react';
import { cspMetaPlugin } from './scripts/cspMetaPlugin';
import { defineConfig } from 'electron-vite';
import { fileURLToPath } from 'node:url';

const fromRoot = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

export default defineConfig({
  main: {
    build: {
      outDir: fromRoot('./out/main'),
      lib: { entry: fromRoot('./main/index.ts'), formats: ['es'] },
      sourcemap: true,
    },
  },
  preload: {
    build: {
      outDir: fromRoot('./out/preload'),
      lib: { entry: fromRoot('./preload/index.ts'), formats: ['cjs'] },
      externalizeDeps: false,
      sourcemap: true,
    },
  },
  renderer: {
    root: fromRoot('./renderer'),
    base: '/',
    publicDir: false,
    plugins: [react(), cspMetaPlugin()],
    build: {
      outDir: fromRoot('./out/renderer'),
      target: 'es2022',
      // The packaged app ships and serves no source maps (they would hand out our sources); `npm run dev`
      // uses the dev server, which has its own. Main and preload keep theirs for stack traces in
      // development; electron-builder leaves every *.map out of the package.
      sourcemap: false,
      assetsInlineLimit: 0,
      rollupOptions: { input: fromRoot('./renderer/index.html') },
    },
  },
});
