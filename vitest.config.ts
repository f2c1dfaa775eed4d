import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // CI machines have 2 cores: more workers only make the real servers and Chromium fight for them.
    fileParallelism: true,
    maxWorkers: 2,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
    // Two tiers by folder: plain Node for unit, integration and e2e tests (real peers, real Chromium), and
    // components and hooks rendered in jsdom on the in-memory `window.pam` (tests/fakes/fakePam.ts).
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts', 'tests/e2e/**/*.test.ts'],
          environment: 'node',
          // Builds out/renderer-web when renderer sources are newer (the e2e tests open it through the bridge).
          globalSetup: ['tests/e2e/globalSetup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'component',
          include: ['tests/component/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          setupFiles: ['tests/component/support/setup.ts'],
          // jsdom renders the whole grid on every change: on a loaded 2-core machine a story takes seconds.
          testTimeout: 60_000,
        },
      },
    ],
  },
});
