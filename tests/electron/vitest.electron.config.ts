/**
 * `npm run test:electron`: Playwright's Electron driver against the built app. Needs Electron's binary,
 * which CI here cannot download, so these tests are outside the default `npm test` include.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/electron/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
