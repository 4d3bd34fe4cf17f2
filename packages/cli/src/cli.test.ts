import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { version } from '../package.json';
import { main } from './cli';
import type { Host } from './command';
import { itWithSharedData } from './e2e/shared-datasets';

/** Runs `ann` in-process with buffered streams; plain (not terminal) output unless `env` says otherwise. */
async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return runWith({ env: { ANN_FORCE_TTY: '0' } }, ...args);
}

async function runWith(host: Host, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(
    args,
    {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
    },
    host,
  );
  return { code, stdout, stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'ann-cli-'));

describe('main', () => {
  it('prints the bare version', async () => {
    expect(await run('--version')).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('prints help to stdout and exits 0', async () => {
    const { code, stdout, stderr } = await run('--help');
    expect(code).toBe(0);
    expect(stdout).toContain('ann train');
    expect(stderr).toBe('');
  });

  it('lists the train flags in `ann train --help`', async () => {
    const { code, stdout } = await run('train', '--help');
    expect(code).toBe(0);
    for (const flag of ['--layers', '--hidden', '--lr', '--iterations', '--seed', '--init', '--init-scale', '--print-every', '--quiet', '--json']) {
      expect(stdout).toContain(flag);
    }
  });

  it.each([
    [[], 'ann: missing command (available: train, evaluate, predict, info, export, import, datasets, gradcheck)'],
    [['fly'], "ann: unknown command 'fly'"],
    [['train', 'extra'], "ann: unexpected argument 'extra'"],
    [['train', '--bogus'], 'ann: unknown option --bogus'],
    [['train', '--bogus-flag=1'], 'ann: unknown option --bogus-flag'],
    [['train', '--', '--lr', '3'], "ann: unexpected argument '--lr'"],
    [['train', '--lr'], 'ann: --lr: missing value'],
    [['train', '--quiet', '--json'], 'ann: --quiet and --json cannot be used together'],
    [['info'], 'ann: missing argument: ann info <model>'],
    [['evaluate', '--data', 'x.csv'], 'ann: --model: missing (required)'],
    [['datasets', 'fetch'], "ann: action: 'fetch' is not one of list, generate"],
    [['datasets', 'generate', 'nope'], "ann: unknown dataset 'nope' (available: planarFlower, moons, circles, xor, gaussian, spiral, spirals, blobs, plane, multiGaussian)"],
    [['datasets', 'generate', 'flower', '--noise', '0.1'], 'ann: --noise: planarFlower has no noise option (its options: --m, --seed)'],
    [['datasets', 'generate', 'spiral', '--classes', '3'], 'ann: --classes: spiral is a binary dataset and has no classes option (the multi-class datasets: spirals, blobs)'],
    [['datasets', 'generate', 'multiGaussian', '--classes', '3'], 'ann: --classes: multiGaussian is a regression dataset and has no classes option (the multi-class datasets: spirals, blobs)'],
    [['datasets', 'generate', 'spirals', '--classes', '9'], 'ann: --classes: classes must be an integer from 2 to 8 (the number of classes K), got 9'],
    [['datasets', 'generate', 'blobs', '--classes', '1'], 'ann: --classes: classes must be an integer from 2 to 8 (the number of classes K), got 1'],
    [['datasets', 'generate', 'spirals', '--classes', 'three'], "ann: --classes: 'three' is not a positive integer"],
    [['datasets', 'list', '--classes', '3'], 'ann: --classes applies to ann datasets generate'],
    [['export', 'm.json', '--format', 'xml', '--out', 'd'], "ann: --format: 'xml' is not one of tfjs, js, onnx"],
    [['export', 'm.json', '--format', 'tfjs', '--out', 'd', '--dtype', 'float64'], 'ann: --dtype applies to --format onnx'],
    [['export', 'm.json', '--format', 'onnx', '--out', 'm.onnx', '--dtype', 'float16'], "ann: --dtype: 'float16' is not one of float64, float32"],
    [['import', 'm.onnx'], 'ann: --out: missing (required)'],
  ])('usage error %j exits 2 with one line and a pointer to --help', async (args, message) => {
    const { code, stdout, stderr } = await run(...args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`${message}\nRun 'ann --help' for usage.\n`);
  });

  it('datasets list shows each task and its classes; --json adds classes and noiseMax', async () => {
    const { code, stdout } = await run('datasets', 'list');
    expect(code).toBe(0);
    const line = (name: string) => stdout.split('\n').find((l) => l.startsWith(`${name} `))!;
    expect(line('spirals')).toMatch(/^spirals +multiclass +2 features +3 classes +m=300 classes=3 noise=0\.2 seed=1$/);
    expect(line('blobs')).toMatch(/^blobs +multiclass +2 features +4 classes +m=300 classes=4 noise=0\.6 seed=1$/);
    expect(line('moons')).toMatch(/^moons +binary +2 features +2 classes +m=300/);
    expect(line('multiGaussian')).toMatch(/^multiGaussian +regression +2 features +m=300 noise=0\.05 seed=1$/);
    const json = (await run('datasets', 'list', '--json')).stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(json.find((d) => d.name === 'spirals')).toMatchObject({ task: 'multiclass', classes: 3, noiseMax: 0.35 });
    expect(json.find((d) => d.name === 'moons')).toMatchObject({ task: 'binary', classes: 2, noiseMax: 0.45 });
    const regression = json.find((d) => d.name === 'multiGaussian')!;
    expect(regression).toMatchObject({ task: 'regression', noiseMax: 0.3 });
    expect('classes' in regression).toBe(false);
    expect('noiseMax' in json.find((d) => d.name === 'planarFlower')!).toBe(false);
  });

  it('datasets generate spirals --classes 4 writes class indices 0..3, balanced, and says so', async () => {
    const out = join(dir, 'spirals.csv');
    const { code, stdout, stderr } = await run('datasets', 'generate', 'spirals', '--classes', '4', '--m', '300', '--out', out);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toBe(`Wrote spirals (m = 300, 2 features, multiclass, 4 classes) to ${out}\n`);
    const [header, ...rows] = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(header).toBe('x1,x2,y');
    const labels = rows.map((r) => Number(r.split(',')[2]));
    expect([0, 1, 2, 3].map((k) => labels.filter((y) => y === k).length)).toEqual([75, 75, 75, 75]);
    // The defaults' K when --classes is omitted.
    const blobs = (await run('datasets', 'generate', 'blobs', '--m', '8')).stdout.trimEnd().split('\n').slice(1);
    expect(new Set(blobs.map((r) => r.split(',')[2]))).toEqual(new Set(['0', '1', '2', '3']));
  });

  it('shows the stack of a usage error only with --verbose', async () => {
    const { code, stderr } = await run('train', '--lr', 'abc', '--verbose');
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toBe("ann: --lr: 'abc' is not a positive finite number");
    expect(stderr).toMatch(/\n\s+at /);
  });

  it('trains and reports in the course format', async () => {
    const { code, stdout, stderr } = await run('train', '--iterations', '3', '--print-every', '1');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('Training [2, 4, 1] tanh/sigmoid on flower (m = 400), lr 1.2, 3 iterations, seed 2');
    expect(lines.slice(1, 4).map((line) => line.replace(/[\d.]+$/, 'N'))).toEqual([
      'Cost after iteration 0: N',
      'Cost after iteration 1: N',
      'Cost after iteration 2: N',
    ]);
    expect(lines[1]).toBe('Cost after iteration 0: 0.693048');
    expect(lines[4]).toMatch(/^Accuracy: \d+\.\d\d%$/);
    expect(lines[5]).toMatch(/^Elapsed: \d+\.\d\d s$/);
  });

  it('lists every command in --help', async () => {
    const { stdout } = await run('--help');
    for (const command of ['train', 'evaluate', 'predict', 'info <model>', 'export <model>', 'import <model>', 'datasets <action> [name]', 'gradcheck']) {
      expect(stdout).toContain(`ann ${command}`);
    }
  });

  it('Ctrl-C (an aborted signal) stops training, saves a checkpoint and exits 130', async () => {
    const out = join(dir, 'interrupted.json');
    const controller = new AbortController();
    controller.abort();
    let released = false;
    const host: Host = { env: { ANN_FORCE_TTY: '0' }, interrupts: { trap: () => ({ signal: controller.signal, release: () => (released = true) }) } };
    const { code, stderr } = await runWith(host, 'train', '--iterations', '100', '--out', out);
    expect(code).toBe(130);
    expect(stderr).toBe(`ann: interrupted at iteration 0 of 100; saved a checkpoint to ${out}; continue with: ann train --resume ${out}\n`);
    expect(released).toBe(true);
    const saved = JSON.parse(readFileSync(out, 'utf8')) as { training: { checkpoint: { iteration: number }; config: Record<string, unknown> } };
    expect(saved.training.checkpoint.iteration).toBe(0);
    expect(saved.training.config).toMatchObject({ iterations: 100, lr: 1.2, layers: '4' });
  });

  it('--config supplies flags; command-line flags override it', async () => {
    const config = join(dir, 'train.json');
    writeFileSync(config, JSON.stringify({ iterations: 3, 'print-every': 1, lr: 0.5, layers: [3] }));
    const { code, stdout } = await run('train', '--config', config, '--lr', '0.25');
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toBe('Training [2, 3, 1] tanh/sigmoid on flower (m = 400), lr 0.25, 3 iterations, seed 2');
    expect(stdout).toContain('Cost after iteration 2: ');
  });

  it('a bad value in a config file names the flag and the file', async () => {
    const config = join(dir, 'bad.json');
    writeFileSync(config, JSON.stringify({ lr: 'fast' }));
    const { code, stderr } = await run('train', '--config', config);
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toBe(`ann: --lr (${config}): 'fast' is not a positive finite number`);
  });

  it('does not write the model of a run that diverges', async () => {
    const out = join(dir, 'diverged.json');
    const { code, stderr } = await run('train', '--lr', '1e9', '--iterations', '2000', '--out', out);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^ann: error: training diverged: the cost climbed to .* more than 10× its first value .*--lr 1000000000.*no model was written$/m);
    expect(existsSync(out)).toBe(false);
  });

  // Issue 13 item 3: the cost blew up between print points (records only at iteration 0), and the run
  // used to exit 0 printing only "Accuracy: 81.04%".
  itWithSharedData('a run that blows up between print points is diverged, not a success (football, --lr 1e9)', async (shared) => {
    const out = join(dir, 'football-diverged.json');
    const { code, stderr } = await run('train', '--data', join(shared, 'football_train.csv'), '--label', 'y', '--layers', '4', '--lr', '1e9', '--iterations', '200', '--out', out);
    expect(code).toBe(1);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1); // the error alone: the warning behind it is not repeated
    expect(stderr).toMatch(/^ann: error: training diverged: the cost climbed to 2\.915e\+6 at iteration 1, more than 10× its first value 0\.6932; .*--lr 1000000000.*no model was written$/m);
    expect(existsSync(out)).toBe(false);
  });

  // The model's label may or may not be in a file to predict on; core says which by DataError.code,
  // so JSON records without it (whose message words it differently from CSV) work too.
  it('predict takes CSV and JSON inputs with or without the label column', async () => {
    const model = join(dir, 'labels-optional.json');
    const rows = [[0.5, 1], [-1, 0], [2, -0.5], [0, 0.25]];
    writeFileSync(join(dir, 'labels-train.csv'), `x1,x2,y\n${rows.map((r, j) => `${r.join(',')},${j % 2}`).join('\n')}\n`);
    expect((await run('train', '--data', join(dir, 'labels-train.csv'), '--label', 'y', '--iterations', '50', '--out', model)).code).toBe(0);
    const inputs = {
      'with-label.csv': `x1,x2,y\n${rows.map((r) => `${r.join(',')},1`).join('\n')}\n`,
      'no-label.csv': `x1,x2\n${rows.map((r) => r.join(',')).join('\n')}\n`,
      'with-label.json': JSON.stringify(rows.map(([x1, x2]) => ({ x1, x2, y: 1 }))),
      'no-label.json': JSON.stringify(rows.map(([x1, x2]) => ({ x1, x2 }))),
    };
    const outputs = [];
    for (const [name, text] of Object.entries(inputs)) {
      writeFileSync(join(dir, name), text);
      const { code, stdout, stderr } = await run('predict', '--model', model, '--data', join(dir, name));
      expect(stderr).toBe('');
      expect(code).toBe(0);
      outputs.push(stdout);
    }
    expect(new Set(outputs).size).toBe(1);
  });

  it('prints the R² of r2Score for a regression run: 0 for a constant target, not -6e34', async () => {
    const data = join(dir, 'constant.csv');
    writeFileSync(data, 'x1,x2,y\n0.5,1,0.1\n-1,0,0.1\n2,-0.5,0.1\n');
    const { code, stdout } = await run('train', '--data', data, '--label', 'y', '--head', 'regression', '--iterations', '3', '--json');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(JSON.parse(lines[lines.length - 1]!).train.r2).toBe(0);
  });
});
