/**
 * Remembers the window size between runs (only the size: positions from another monitor layout can put
 * the window off-screen). A missing or corrupt file means the default size; it is never an error.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { defaultWindowSize, minimumWindowSize, type WindowSize } from './windowConfig';

const MAX_SIDE = 10_000;

export function parseWindowSize(text: string): WindowSize {
  try {
    const value = JSON.parse(text) as { width?: unknown; height?: unknown };
    const { width, height } = value ?? {};
    if (isSide(width, minimumWindowSize.width) && isSide(height, minimumWindowSize.height)) return { width, height };
  } catch {
    // fall through to the default
  }
  return defaultWindowSize;
}

function isSide(value: unknown, minimum: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= minimum && value <= MAX_SIDE;
}

export async function loadWindowSize(file: string): Promise<WindowSize> {
  try {
    return parseWindowSize(await readFile(file, 'utf8'));
  } catch {
    return defaultWindowSize;
  }
}

export async function saveWindowSize(file: string, size: WindowSize): Promise<void> {
  await writeFile(file, JSON.stringify({ width: size.width, height: size.height }), { mode: 0o600 });
}
