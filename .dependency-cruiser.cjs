// The import rules of the workspace (docs/architecture.md, "The layers"), checked by
// dependency-cruiser in `npm test` (scripts/run-tests.mjs) and `pnpm run lint:imports`.
// A violation fails the run; `pnpm exec depcruise --config .dependency-cruiser.cjs --output-type text
// packages apps` lists every import it sees.

/** Core's leaves: the modules below the kernels (they import only each other). */
const LEAVES = '^packages/core/src/(matrix|activations|errors|random)\\.ts$|^packages/core/src/math/';
/** Node's built-in modules, as dependency-cruiser names them (`node:fs`, or `fs` without the prefix). */
const NODE_BUILT_INS = `^(node:|(${require('node:module').builtinModules.join('|')})$)`;
const TESTS = '\\.(test|e2e|bench)\\.tsx?$|/test-support/|/e2e/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'The layers point one way: no import cycle anywhere, type-only and dynamic imports included.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-main-entry-runs-in-browsers',
      severity: 'error',
      comment:
        "@ann/core's main entry runs in browsers and Node alike: nothing it reaches imports a Node built-in " +
        '(file loading lives behind @ann/core/node).',
      from: { path: '^packages/core/src/index\\.ts$' },
      to: { path: NODE_BUILT_INS, reachable: true },
    },
    {
      name: 'playground-page-never-runs-the-engine',
      severity: 'error',
      comment:
        'The playground page (apps/playground/src outside worker/) drives the engine through its worker: ' +
        'it may import types from @ann/core and the name lists of @ann/core/constants, never the engine itself.',
      from: { path: '^apps/playground/src/', pathNot: `^apps/playground/src/worker/|${TESTS}` },
      to: {
        path: '^packages/core/|(^|/)node_modules/@ann/core/|^@ann/core',
        pathNot: '^packages/core/(dist|src)/constants\\.|^@ann/core/constants$',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'playground-page-never-imports-the-worker',
      severity: 'error',
      comment: 'The page talks to the worker by messages (protocol.ts), never by importing its modules at runtime.',
      from: { path: '^apps/playground/src/', pathNot: `^apps/playground/src/worker/|${TESTS}` },
      to: { path: '^apps/playground/src/worker/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'kernels-import-only-the-leaves',
      severity: 'error',
      comment: 'Kernels (packages/core/src/backend) sit on the leaves (matrix, activations, errors, random, math) and nothing else of core.',
      from: { path: '^packages/core/src/backend/', pathNot: TESTS },
      to: { path: '^packages/core/src/', pathNot: `^packages/core/src/backend/|${LEAVES}` },
    },
    {
      name: 'leaves-import-only-leaves',
      severity: 'error',
      comment: 'The leaves are the bottom layer: they import only each other.',
      from: { path: LEAVES, pathNot: TESTS },
      to: { path: '^packages/core/src/', pathNot: LEAVES },
    },
    {
      name: 'no-command-imports-a-command',
      severity: 'error',
      comment:
        "The CLI's commands (packages/cli/src/commands) are the top of its graph: no command imports another " +
        'command and no action (packages/cli/src/actions) imports a command; what two of them share lives below.',
      from: { path: '^packages/cli/src/(commands|actions)/', pathNot: TESTS },
      to: { path: '^packages/cli/src/commands/' },
    },
  ],
  options: {
    // Type-only imports count: a cycle through `import type` is still a cycle in the design.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    // Packages are seen (so the playground rule can tell @ann/core from @ann/core/constants) but not entered.
    doNotFollow: { path: '(^|/)(node_modules|dist)/' },
    exclude: { path: '(^|/)test-results/|\\.generated\\.' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'types', 'default'], extensions: ['.ts', '.tsx', '.js', '.mjs', '.d.ts'] },
    moduleSystems: ['es6', 'cjs'],
  },
};
