/**
 * Vitest global setup: the e2e tests open the built renderer (out/renderer-web), so build it once per run
 * when any renderer or contract source is newer than the build.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const builtIndex = path.join(repoRoot, 'out', 'renderer-web', 'index.html');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function builtAt(): number {
  try {
    return statSync(builtIndex).mtimeMs;
  } catch {
    return 0;
  }
}

export function rendererBuildIsStale(): boolean {
  const sources = Math.max(
    newestMtime(path.join(repoRoot, 'renderer')),
    newestMtime(path.join(repoRoot, 'contract')),
    statSync(path.join(repoRoot, 'vite.renderer.config.ts')).mtimeMs,
  );
  return builtAt() < sources;
}

export function buildRendererIfStale(): void {
  if (!rendererBuildIsStale()) return;
  console.log('[e2e] building the renderer (npm run build:renderer)');
  execFileSync('npm', ['run', '--silent', 'build:renderer'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
}

export default function setup(): void {
  buildRendererIfStale();
}
