import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// Core's test support, read from its source: the graph walker is one copy for the workspace.
import { importCycles, importGraph } from '../../core/src/test-support/import-graph';

const src = dirname(fileURLToPath(import.meta.url));

describe('the CLI’s layers point one way', () => {
  it('no import cycle in packages/cli/src (static, type-only or dynamic imports)', () => {
    expect(importCycles(src)).toEqual([]);
  });

  it('no command imports another command, and no action imports a command', () => {
    const graph = importGraph(src);
    const intoCommands = [...graph].flatMap(([file, targets]) =>
      /^(commands|actions)\//.test(file) ? targets.filter((target) => target.startsWith('commands/')).map((target) => `${file} → ${target}`) : [],
    );
    expect(intoCommands).toEqual([]);
  });
});
