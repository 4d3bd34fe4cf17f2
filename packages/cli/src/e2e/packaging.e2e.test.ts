/**
 * The packages as users install them: `pnpm pack` @ann/core and @ann/cli (as `pnpm publish` would
 * pack them: workspace:* becomes the version), `npm install` the two tarballs into an empty folder,
 * and there: import and require every entry, type-check a file that uses the public types, run
 * `npx ann train`, build a page that imports @ann/core with Vite; publint and
 * @arethetypeswrong/cli (node16 profile: node16 CJS and ESM, and bundler) on both tarballs.
 *
 * Needs the npm registry for the packages' own dependencies (as any user's install does). Uses the
 * workspace's TypeScript and Vite (dev dependencies), run from the folder, so only what the tarballs
 * declare is installed there.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, temporaryDirectory } from './helpers';

const cliDir = fileURLToPath(new URL('../../', import.meta.url));
const coreDir = join(cliDir, '..', 'core');
// The CLI's dev dependencies, by their bin files (some packages' exports hide package.json).
const bin = (pkg: string, file: string) => join(cliDir, 'node_modules', pkg, file);
const tsc = bin('typescript', 'bin/tsc');
const vite = bin('vite', 'bin/vite.js');
const publint = bin('publint', 'src/cli.js');
const attw = bin('@arethetypeswrong/cli', 'dist/index.js');

const dir = temporaryDirectory('packaging');
const app = join(dir, 'app');
const tarballs: Record<'core' | 'cli', string> = { core: '', cli: '' };

function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 240_000, env: { ...process.env, ...env } });
  if (result.error) throw result.error;
  return result;
}

function ok(result: SpawnSyncReturns<string>, what: string): string {
  expect(result.status, `${what}\n${result.stdout}\n${result.stderr}`).toBe(0);
  return result.stdout;
}

beforeAll(() => {
  assertBuilt();
  for (const [name, packageDir] of [['core', coreDir], ['cli', cliDir]] as const) {
    ok(run('pnpm', ['pack', '--pack-destination', dir], packageDir), `pnpm pack in ${packageDir}`);
    const file = readdirSync(dir).find((f) => f.startsWith(`ann-${name}-`) && f.endsWith('.tgz'));
    if (file === undefined) throw new Error(`pnpm pack wrote no ann-${name}-*.tgz in ${dir}`);
    tarballs[name] = join(dir, file);
  }
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), `${JSON.stringify({ name: 'app', private: true, type: 'module' }, null, 2)}\n`);
  // @types/node for the type check of @ann/core/node's declarations (they name node:fs types), as a
  // TypeScript user of the Node entry has it.
  ok(run('npm', ['install', '--no-audit', '--no-fund', tarballs.core, tarballs.cli, '@types/node@^20.19.0'], app), 'npm install of the tarballs');
}, 300_000);

describe('the packed packages, installed with npm into an empty folder', () => {
  it('installs the tarballs themselves (the CLI depends on the packed core, not a registry copy)', () => {
    const installed = (name: string) => JSON.parse(readFileSync(join(app, 'node_modules', '@ann', name, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string>; engines?: { node: string } };
    const core = installed('core');
    const cli = installed('cli');
    expect(cli.dependencies['@ann/core']).toBe(core.version);
    expect(core.engines?.node).toBe('>=20.19');
    const lock = JSON.parse(readFileSync(join(app, 'package-lock.json'), 'utf8')) as { packages: Record<string, { resolved?: string }> };
    expect(lock.packages['node_modules/@ann/core']!.resolved).toContain('ann-core-');
    expect(lock.packages['node_modules/@ann/core']!.resolved).not.toContain('registry');
  });

  it('import and require work for every entry (., /node, /onnx, /constants, /testing), sharing one Model class', () => {
    const esm = `
      import { Network, Model, datasets } from '@ann/core';
      import { loadModel, Model as NodeModel } from '@ann/core/node';
      import { exportOnnx, importOnnx } from '@ann/core/onnx';
      import { ACTIVATIONS } from '@ann/core/constants';
      import { runConformance } from '@ann/core/testing';
      import { referenceBackend } from '@ann/core';
      const { X, Y } = datasets.moons({ m: 40, seed: 1 });
      const net = new Network({ layers: [2, 4, 1], seed: 1 });
      net.fit(X, Y, { learningRate: 0.5, iterations: 20 });
      const back = importOnnx(exportOnnx(new Model({ network: net }), { dtype: 'float64' }));
      console.log(JSON.stringify({ same: back instanceof NodeModel, loadModel: typeof loadModel, activations: ACTIVATIONS.length, p: back.predict(X).data[0] === net.predict(X).data[0], conformance: runConformance(referenceBackend) }));
    `;
    expect(JSON.parse(ok(run(process.execPath, ['--input-type=module', '-e', esm], app), 'ESM import'))).toEqual({ same: true, loadModel: 'function', activations: 5, p: true, conformance: [] });
    const cjs = `
      const { Network, Model } = require('@ann/core');
      const node = require('@ann/core/node');
      const { exportOnnx, importOnnx } = require('@ann/core/onnx');
      const { OUTPUT_HEADS } = require('@ann/core/constants');
      const { runConformance } = require('@ann/core/testing');
      const model = new Model({ network: new Network({ layers: [2, 3, 1], seed: 2 }) });
      console.log(JSON.stringify({ same: importOnnx(exportOnnx(model)) instanceof node.Model, heads: OUTPUT_HEADS, conformance: typeof runConformance }));
    `;
    expect(JSON.parse(ok(run(process.execPath, ['-e', cjs], app), 'CommonJS require'))).toEqual({ same: true, heads: ['sigmoid', 'softmax', 'linear'], conformance: 'function' });
  });

  it('a TypeScript file using the public types type-checks (NodeNext, and bundler resolution), and a wrong use fails', () => {
    const source = `
      import { Matrix, Network, Model, type NetworkOptions, type ModelFileJSON } from '@ann/core';
      import { loadModel, writeOnnx, type ExportOnnxOptions } from '@ann/core/node';
      import { exportOnnx, importOnnx, type OnnxDType } from '@ann/core/onnx';
      const options: NetworkOptions = { layers: [2, 3, 1], hidden: 'tanh', output: 'sigmoid' };
      const model = new Model({ network: new Network(options) });
      const dtype: OnnxDType = 'float64';
      const onnx: ExportOnnxOptions = { dtype };
      const bytes: Uint8Array = exportOnnx(model, onnx);
      const back: Model = importOnnx(bytes);
      const doc: ModelFileJSON = back.toJSON();
      const P: Matrix = back.predictProba(new Matrix(2, 3));
      export async function roundTrip(path: string): Promise<number> {
        await writeOnnx(path, model);
        return (await loadModel(path)).inputSize + doc.architecture.layers.length + P.rows;
      }
    `;
    writeFileSync(join(app, 'use.ts'), source);
    for (const resolution of [{ module: 'nodenext', moduleResolution: 'nodenext' }, { module: 'esnext', moduleResolution: 'bundler' }]) {
      const config = { compilerOptions: { ...resolution, target: 'es2022', strict: true, noEmit: true, types: ['node'], skipLibCheck: false }, files: ['use.ts'] };
      writeFileSync(join(app, 'tsconfig.json'), JSON.stringify(config));
      ok(run(process.execPath, [tsc, '-p', 'tsconfig.json'], app), `tsc with ${resolution.moduleResolution} resolution`);
    }
    // The check has teeth: a wrong dtype is an error.
    writeFileSync(join(app, 'use.ts'), `import { exportOnnx } from '@ann/core/onnx';\nimport { Model, Network } from '@ann/core';\nexportOnnx(new Model({ network: new Network({ layers: [2, 1] }) }), { dtype: 'float16' });\n`);
    const wrong = run(process.execPath, [tsc, '-p', 'tsconfig.json'], app);
    expect(wrong.status).not.toBe(0);
    expect(wrong.stdout).toContain(`Type '"float16"' is not assignable to type 'OnnxDType`);
  });

  it('npx ann train runs the course flower from the installed binary', () => {
    const stdout = ok(run('npx', ['--no-install', 'ann', 'train'], app, { ANN_FORCE_TTY: '0' }), 'npx ann train');
    expect(stdout).toContain('Cost after iteration 0: 0.693048');
    expect(stdout).toMatch(/^Accuracy: 90\.50%$/m);
  });

  it('a Vite build of a page that imports @ann/core succeeds, without the ONNX code', () => {
    const page = join(app, 'page');
    mkdirSync(page, { recursive: true });
    writeFileSync(join(page, 'index.html'), '<!doctype html>\n<html><body><pre id="out"></pre><script type="module" src="./main.js"></script></body></html>\n');
    writeFileSync(
      join(page, 'main.js'),
      `import { Network, datasets } from '@ann/core';\nconst { X, Y } = datasets.moons({ m: 100, seed: 1 });\nconst net = new Network({ layers: [2, 5, 1], hidden: 'tanh', seed: 1 });\nnet.fit(X, Y, { learningRate: 0.5, iterations: 200 });\ndocument.getElementById('out').textContent = String(net.evaluate(X, Y).accuracy);\n`,
    );
    ok(run(process.execPath, [vite, 'build', '--logLevel', 'warn', '--outDir', join(page, 'dist')], page), 'vite build');
    const assets = join(page, 'dist', 'assets');
    const js = readdirSync(assets).filter((f) => f.endsWith('.js'));
    expect(js.length).toBeGreaterThan(0);
    const bundle = js.map((f) => readFileSync(join(assets, f), 'utf8')).join('\n');
    expect(bundle).toContain('Network');
    // The main entry does not pull in the ONNX entry or its Protocol Buffers runtime.
    expect(bundle).not.toContain('onnx.ModelProto');
  });

  it('publint passes on both tarballs (no errors, no warnings, no suggestions)', () => {
    for (const file of [tarballs.core, tarballs.cli]) {
      const stdout = ok(run(process.execPath, [publint, file, '--strict'], dir), `publint ${file}`);
      expect(stdout).toContain('All good!');
    }
  });

  it('@arethetypeswrong/cli passes on both tarballs with the node16 profile (node16 CJS and ESM, bundler)', () => {
    for (const file of [tarballs.core, tarballs.cli]) {
      ok(run(process.execPath, [attw, file, '--profile', 'node16', '--format', 'ascii'], dir), `attw ${file}`);
    }
    const json = JSON.parse(run(process.execPath, [attw, tarballs.core, '--profile', 'node16', '--format', 'json'], dir).stdout) as {
      problems: Record<string, { kind: string; entrypoint: string; resolutionKind: string }[]>;
      analysis: { entrypoints: Record<string, unknown> };
    };
    expect(Object.keys(json.analysis.entrypoints).sort()).toEqual(['.', './constants', './node', './onnx', './package.json', './testing']);
    // node10 (TypeScript's pre-exports resolution) cannot see subpath exports; the profile ignores it.
    expect(Object.values(json.problems).flat().filter((p) => p.resolutionKind !== 'node10')).toEqual([]);
  });
});
