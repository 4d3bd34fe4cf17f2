import { defineConfig } from 'vitest/config';

// The bench's own smoke tests (the suites themselves run only through `pnpm bench` and
// `pnpm bench:browser`: minutes long).
export default defineConfig({
  test: {
    include: ['src/**/*.test.mjs'],
    reporters: ['default', 'json'],
    outputFile: { json: './test-results/vitest.json' },
    testTimeout: 30_000,
  },
});
