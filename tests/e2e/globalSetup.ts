/**
 * Vitest global setup: builds the renderer for the e2e tests when a renderer or contract source is newer
 * than the last build. Each build goes to its own folder under out/renderer-e2e/, so a concurrent
 * `npm run build` (which empties out/renderer-web) cannot pull the page from under a running test.
 * The chosen folder reaches the tests through `inject('rendererDir')`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const buildsDir = path.join(repoRoot, 'out', 'renderer-e2e');

declare module 'vitest' {
  export interface ProvidedContext {
    rendererDir: string;
  }
}

function newestMtime(target: string): number {
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

function sourcesChangedAt(): number {
  return Math.max(
    newestMtime(path.join(repoRoot, 'renderer')),
    newestMtime(path.join(repoRoot, 'contract')),
    newestMtime(path.join(repoRoot, 'vite.renderer.config.ts')),
  );
}

/** The newest complete build that is newer than every source, or a fresh one. */
export function ensureRendererBuild(): string {
  const builds = existsSync(buildsDir)
    ? readdirSync(buildsDir)
        .map((name) => path.join(buildsDir, name))
        .filter((dir) => existsSync(path.join(dir, 'index.html')))
        .sort((a, b) => statSync(path.join(b, 'index.html')).mtimeMs - statSync(path.join(a, 'index.html')).mtimeMs)
    : [];
  const newest = builds[0];
  if (newest && statSync(path.join(newest, 'index.html')).mtimeMs >= sourcesChangedAt()) return newest;

  const outDir = path.join(buildsDir, `${Date.now()}-${process.pid}`);
  console.log(`[e2e] building the renderer into ${path.relative(repoRoot, outDir)}`);
  execFileSync(
    'npx',
    ['vite', 'build', '--config', 'vite.renderer.config.ts', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'ignore', 'inherit'],
      // Vitest runs with NODE_ENV=test, which would make Vite bundle React's slow development build.
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
  // Older builds are kept briefly for runs still using them; beyond the last three they go.
  for (const old of builds.slice(2)) rmSync(old, { recursive: true, force: true });
  return outDir;
}

export default function setup(project: { provide(key: 'rendererDir', value: string): void }): void {
  project.provide('rendererDir', ensureRendererBuild());
}
