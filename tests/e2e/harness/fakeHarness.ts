/**
 * Serves the built renderer with an in-memory `window.pam` (tests/fakes/fakePam.ts) instead of the bridge,
 * for UI development and screenshots before (or without) the real core.
 *   npx tsx tests/e2e/harness/fakeHarness.ts        → prints the URL, serves until Ctrl+C
 * Open `?as=adam` to start signed in as an administrator.
 */
import { build } from 'esbuild';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const defaultRendererDir = process.env.PAM_HARNESS_RENDERER_DIR ?? path.resolve(here, '../../../out/renderer-web');
const types: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.map': 'application/json',
};

export interface FakeHarness {
  url: string;
  stop(): Promise<void>;
}

export async function startFakeHarness(options: { rendererDir?: string } = {}): Promise<FakeHarness> {
  const rendererDir = options.rendererDir ?? defaultRendererDir;
  const bundle = await build({
    entryPoints: [path.join(here, 'installFakePam.ts')],
    bundle: true,
    format: 'iife',
    write: false,
    platform: 'browser',
    target: 'es2022',
  });
  const fakeScript = bundle.outputFiles[0]!.text;
  const server: Server = createServer((request, response) => {
    void (async () => {
      const pathname = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
      if (pathname === '/fake-pam.js') {
        response.writeHead(200, { 'Content-Type': 'text/javascript' }).end(fakeScript);
        return;
      }
      const file = path.join(rendererDir, pathname === '/' ? 'index.html' : path.normalize(pathname));
      if (!file.startsWith(rendererDir)) return void response.writeHead(403).end();
      try {
        let body: Buffer | string = await readFile(file);
        if (file.endsWith('index.html'))
          body = body.toString('utf8').replace('<script', '<script src="/fake-pam.js"></script>\n<script');
        response.writeHead(200, { 'Content-Type': types[path.extname(file)] ?? 'application/octet-stream' }).end(body);
      } catch {
        response.writeHead(404).end();
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const harness = await startFakeHarness();
  console.log(`[harness] ${harness.url}`);
}
