import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'e2e/**/*.e2e.ts'],
    reporters: ['default', 'json'],
    outputFile: { json: './test-results/vitest.json' },
    // One file at a time: the Chromium tests time animation frames, which the unit tests' training
    // would otherwise compete with on a 2-core machine.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
