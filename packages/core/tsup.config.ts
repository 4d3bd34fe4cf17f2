import { defineConfig } from 'tsup';

export default defineConfig({
  // `node` is the Node-only entry (@ann/core/node: file loading); `index` must stay free of Node
  // built-ins. Splitting (also for cjs) puts the code both entries share in one chunk, so classes
  // such as Matrix and DataError are the same objects whichever entry they come from.
  // `constants` (@ann/core/constants) is the name lists alone, for pages that only build menus.
  // `onnx` (@ann/core/onnx) is ONNX export and import with the Protocol Buffers runtime, which
  // nothing else imports (@ann/core/node loads it lazily, in writeOnnx and readOnnx).
  // `testing` (@ann/core/testing) is the backend conformance suite, for backend authors' tests.
  entry: { index: 'src/index.ts', node: 'src/node.ts', constants: 'src/constants.ts', onnx: 'src/onnx/index.ts', testing: 'src/testing.ts' },
  splitting: true,
  external: [/^node:/],
  format: ['esm', 'cjs'],
  dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  tsconfig: 'tsconfig.build.json',
});
