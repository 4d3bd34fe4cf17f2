// Shared lint rules for every package: the recommended JavaScript and TypeScript sets, plus the
// project's own rules that core never reaches for global randomness or the host's tanh.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NO_GLOBAL_RANDOM = { object: 'Math', property: 'random', message: 'Every random draw in core goes through a seeded RandomState.' };

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Node scripts: the setup and test runners, the benchmark, the wasm build.
    files: ['scripts/**/*.mjs', 'bench/**/*.mjs', 'packages/*/scripts/**/*.mjs', '.ci/**/*.mjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        performance: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        Buffer: 'readonly',
      },
    },
  },
  {
    files: ['packages/core/src/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        NO_GLOBAL_RANDOM,
      ],
    },
  },
  {
    // (Flat config replaces a rule's options rather than merging them, so the list is repeated.)
    // Tests may compare with the host's Math.tanh; the engine itself uses one tanh everywhere.
    files: ['packages/core/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        NO_GLOBAL_RANDOM,
        { object: 'Math', property: 'tanh', message: 'Use tanh from math/tanh.ts: the same bits on every host and in the wasm kernel.' },
      ],
    },
  },
);
