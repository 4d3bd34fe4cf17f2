import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importCycles, importGraph } from './test-support/import-graph';

const src = dirname(fileURLToPath(import.meta.url));

describe('the layers point one way', () => {
  it('no import cycle in packages/core/src (static, type-only or dynamic imports)', () => {
    expect(importCycles(src)).toEqual([]);
  });

  it('core’s main entry never reaches a Node built-in', () => {
    const graph = importGraph(src);
    const reached = new Set<string>();
    const visit = (file: string): void => {
      if (reached.has(file)) return;
      reached.add(file);
      for (const next of graph.get(file) ?? []) visit(next);
    };
    visit('index.ts');
    const nodeImports = [...reached].filter((file) => /from\s*['"]node:|import\(\s*['"]node:/.test(readFileSync(join(src, file), 'utf8')));
    expect(nodeImports).toEqual([]);
  });
});

describe('importCycles', () => {
  const tree = (files: Record<string, string>): string => {
    const root = mkdtempSync(join(tmpdir(), 'ann-imports-'));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    return root;
  };

  it('finds a cycle made by a type-only import and one closed by a dynamic import', () => {
    const root = tree({
      'network.ts': "import { toJSON } from './serialization';\nexport const n = toJSON;\n",
      'serialization.ts': "import { read } from './model/document';\nexport const toJSON = read;\n",
      'model/document.ts': "import type { Options } from '../network';\nexport const read = (o: Options) => o;\n",
      'commands/train.ts': "export const run = () => import('../training/command');\n",
      'training/command.ts': "import { FLAGS } from '../commands/train';\nexport { FLAGS };\n",
      'leaf.ts': "import { n } from './network';\nexport const leaf = n;\n",
    });
    expect(importCycles(root)).toEqual([
      ['commands/train.ts', 'training/command.ts', 'commands/train.ts'],
      ['model/document.ts', 'network.ts', 'serialization.ts', 'model/document.ts'],
    ]);
  });

  it('is empty when the imports point one way, and ignores packages and node: built-ins', () => {
    const root = tree({
      'a.ts': "import { readFileSync } from 'node:fs';\nimport * as v from 'valibot';\nimport { b } from './b';\nexport const a = [b, v, readFileSync];\n",
      'b.ts': "export { c as b } from './c/index';\n",
      'c/index.ts': 'export const c = 1;\n',
    });
    expect(importGraph(root).get('a.ts')).toEqual(['b.ts']);
    expect(importCycles(root)).toEqual([]);
  });
});
