/**
 * `npm run bench`: runs every `*.bench.ts` module in this folder, in name order, one after another.
 * Each module default-exports `run(): Promise<boolean | void>` that prints its own figures; returning
 * false (a target missed) or throwing makes the whole run exit with status 1.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

type BenchModule = { default?: () => Promise<boolean | void> };

async function main(): Promise<void> {
  const folder = path.dirname(fileURLToPath(import.meta.url));
  const only = process.argv.slice(2);
  const files = (await readdir(folder))
    .filter((f) => f.endsWith('.bench.ts') && (only.length === 0 || only.some((o) => f.includes(o))))
    .sort();
  let failed = false;
  for (const file of files) {
    process.stdout.write(`\n== ${file}\n`);
    const module = (await import(pathToFileURL(path.join(folder, file)).href)) as BenchModule;
    if (typeof module.default !== 'function') {
      process.stdout.write(`   (no default export run(); skipped)\n`);
      failed = true;
      continue;
    }
    try {
      if ((await module.default()) === false) failed = true;
    } catch (error) {
      failed = true;
      process.stdout.write(`   failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
  }
  process.exitCode = failed ? 1 : 0;
}

void main();
