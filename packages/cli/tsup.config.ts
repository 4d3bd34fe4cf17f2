import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { ann: 'src/ann.ts' },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  clean: true,
  banner: { js: '#!/usr/bin/env node' },
  // @ann/core and yargs stay external: they are dependencies installed beside the CLI.
  external: ['@ann/core', 'yargs'],
});
