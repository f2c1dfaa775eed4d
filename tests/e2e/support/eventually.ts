import { expect } from 'vitest';

/**
 * `expect.poll` with a timeout for a loaded 2-core machine: what a user would see within 10 s.
 * The interval stays short, so a fast pass stays fast.
 */
export function eventually<T>(read: () => T | Promise<T>, options: { timeout?: number } = {}) {
  return expect.poll(read, { timeout: 10_000, interval: 50, ...options });
}
