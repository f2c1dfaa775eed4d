/**
 * Builds the renderer as a plain web app for browser mode (the bridge serves it): `npm run build:renderer`
 * → out/renderer-web. The Electron build of the same renderer is in electron.vite.config.ts.
 */
import react from '@vitejs/plugin-react';
import { cspMetaPlugin } from './scripts/cspMetaPlugin';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const rendererRoot = fileURLToPath(new URL('./renderer', import.meta.url));

export default defineConfig({
  root: rendererRoot,
  base: '/',
  publicDir: false,
  plugins: [react(), cspMetaPlugin()],
  build: {
    outDir: fileURLToPath(new URL('./out/renderer-web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // The CSP forbids inline scripts; keep every asset a separate file.
    assetsInlineLimit: 0,
    // MUI and the DataGrid make one large chunk; it is loaded from disk or loopback, never a network.
    chunkSizeWarningLimit: 2500,
  },
});
