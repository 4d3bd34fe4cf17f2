import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { ann: 'src/ann.ts' },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  clean: true,
  // Each command's implementation (and @ann/core with it) is a chunk loaded by a dynamic import, so
  // `ann --help` only loads the parser.
  splitting: true,
  banner: { js: '#!/usr/bin/env node' },
  // @ann/core stays external: a dependency installed beside the CLI. yargs is bundled: resolving and
  // loading its ~20 modules was a third of `ann --help`'s start-up time (see README, Start-up).
  external: ['@ann/core'],
  noExternal: ['yargs'],
});
