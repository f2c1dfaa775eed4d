import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts', 'tests/e2e/**/*.test.ts'],
    environment: 'node',
    // Builds out/renderer-web when renderer sources are newer (the e2e tests open it through the bridge).
    globalSetup: ['tests/e2e/globalSetup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // CI machines have 2 cores: more workers only make the real servers and Chromium fight for them.
    fileParallelism: true,
    maxWorkers: 2,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
