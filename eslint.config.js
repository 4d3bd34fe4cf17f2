// Shared lint rules for every package: the recommended JavaScript and TypeScript sets, plus the
// project's own rule that core never reaches for global randomness.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
    // The browser benchmark page and its worker.
    files: ['bench/page/**/*.mjs'],
    languageOptions: {
      globals: {
        window: 'readonly',
        self: 'readonly',
        document: 'readonly',
        navigator: 'readonly',
        location: 'readonly',
        Worker: 'readonly',
        SharedArrayBuffer: 'readonly',
      },
    },
  },
  {
    files: ['packages/core/src/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Every random draw in core goes through a seeded RandomState.' },
      ],
    },
  },
);
