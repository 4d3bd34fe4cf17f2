import { Matrix } from '@ann/core/node';
import { describe, expect, it } from 'vitest';
import type { Io } from '../command';
import { renderBoundary } from './boundary';
import { renderChart } from './chart';
import { createReporter } from './create';
import { formatAccuracy, formatCost, formatDuration, formatHeader, formatWarning } from './format';
import { renderBar } from './progress-bar';
import type { RunDescription, TrainingOutcome } from './reporter';
import { colorEnabled, createStyle, isTerminal } from './style';
import { renderTable, visibleLength } from './table';

const planar: RunDescription = {
  layerSizes: [2, 4, 1],
  hidden: ['tanh'],
  output: 'sigmoid',
  dataName: 'flower',
  m: 400,
  learningRate: 1.2,
  mode: 'iterations',
  total: 10000,
  totalSteps: 10000,
  optimizer: 'gd',
  seed: 2,
};

function bufferIo(): Io & { out: () => string; err: () => string } {
  let stdout = '';
  let stderr = '';
  return {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    out: () => stdout,
    err: () => stderr,
  };
}

const plain = createStyle(false);

describe('formatting', () => {
  it('describes the network and data in the header', () => {
    expect(formatHeader(planar)).toBe('Training [2, 4, 1] tanh/sigmoid on flower (m = 400), lr 1.2, 10000 iterations, seed 2');
  });

  it('lists per-layer activations when they differ', () => {
    expect(formatHeader({ ...planar, layerSizes: [2, 20, 7, 5, 1], hidden: ['relu', 'relu', 'tanh'], total: 1 })).toBe(
      'Training [2, 20, 7, 5, 1] relu,relu,tanh/sigmoid on flower (m = 400), lr 1.2, 1 iteration, seed 2',
    );
    expect(formatHeader({ ...planar, layerSizes: [2, 20, 7, 1], hidden: ['relu', 'relu'] })).toContain(' relu/sigmoid ');
  });

  it('describes mini-batch runs, the optimizer and validation data', () => {
    expect(
      formatHeader({ ...planar, mode: 'epochs', total: 100, batchSize: 64, optimizer: 'adam', validation: { name: 'test.csv', m: 50 } }),
    ).toBe('Training [2, 4, 1] tanh/sigmoid on flower (m = 400), validating on test.csv (m = 50), lr 1.2, adam, 100 epochs of mini-batches of 64, seed 2');
  });

  it("uses the course's cost format, %f with 6 decimals", () => {
    expect(formatCost({ iteration: 0, cost: 0.6930480201239823 })).toBe('Cost after iteration 0: 0.693048');
    expect(formatCost({ iteration: 5, cost: 2 })).toBe('Cost after iteration 5: 2.000000');
    expect(formatCost({ epoch: 3, cost: 0.5, validation: { cost: 0.25, accuracy: 0.8 } })).toBe(
      'Cost after epoch 3: 0.500000 (validation cost 0.250000, accuracy 80.00%)',
    );
  });

  it('prints accuracy in percent with two decimals', () => {
    expect(formatAccuracy(0.905)).toBe('Accuracy: 90.50%');
    expect(formatAccuracy(363 / 400)).toBe('Accuracy: 90.75%');
    expect(formatAccuracy(1)).toBe('Accuracy: 100.00%');
  });

  it('marks warnings clearly', () => {
    expect(formatWarning({ code: 'costRising', message: 'the cost rose', iteration: 300 })).toBe('warning: the cost rose [costRising, iteration 300]');
  });

  it('formats durations for the ETA', () => {
    expect([formatDuration(0.42), formatDuration(12.4), formatDuration(65), formatDuration(3700)]).toEqual(['0.4s', '12s', '1m05s', '1h01m']);
  });
});

describe('reporters', () => {
  const outcome: TrainingOutcome = {
    train: { cost: 0.22, accuracy: 0.905 },
    elapsedSeconds: 1.234,
    stopReason: 'completed',
    iterations: 10000,
    stepCosts: [0.7, 0.5, 0.3],
    parameterCount: 17,
  };
  const host = (env: Record<string, string> = {}) => ({ env: { ANN_FORCE_TTY: '0', ...env } });

  it('text (not a terminal): header, cost lines, accuracy and elapsed time; warnings on stderr', () => {
    const io = bufferIo();
    const reporter = createReporter('text', io, host());
    reporter.start(planar);
    reporter.progress({ iteration: 0, cost: 0.693 });
    reporter.warning({ code: 'deadRelu', message: 'layer 1 is dead', iteration: 0, layer: 1 });
    reporter.finish({ ...outcome, model: 'm.json' });
    expect(io.out().split('\n')).toEqual([formatHeader(planar), 'Cost after iteration 0: 0.693000', 'Accuracy: 90.50%', 'Model saved to m.json', 'Elapsed: 1.23 s', '']);
    expect(io.err()).toBe('warning: layer 1 is dead [deadRelu, iteration 0]\n');
  });

  it('quiet: only the result lines', () => {
    const io = bufferIo();
    const reporter = createReporter('quiet', io, host());
    reporter.start(planar);
    reporter.progress({ iteration: 0, cost: 0.693 });
    reporter.finish({ ...outcome, test: { cost: 0.3, accuracy: 0.8 } });
    expect(io.out()).toBe('Accuracy: 90.50%\nTest accuracy: 80.00%\n');
  });

  it('json: JSON Lines only on stdout: progress, warning, result', () => {
    const io = bufferIo();
    const reporter = createReporter('json', io, host());
    reporter.start(planar);
    reporter.progress({ iteration: 0, cost: 0.693 });
    reporter.warning({ code: 'costRising', message: 'up', iteration: 200 });
    reporter.notice('for people');
    reporter.finish({ ...outcome, test: { cost: 0.3, accuracy: 0.8 }, model: 'm.json' });
    expect(io.out().trimEnd().split('\n').map((line) => JSON.parse(line))).toEqual([
      { type: 'progress', iteration: 0, cost: 0.693 },
      { type: 'warning', code: 'costRising', message: 'up', iteration: 200 },
      { type: 'result', train: { cost: 0.22, accuracy: 0.905 }, test: { cost: 0.3, accuracy: 0.8 }, model: 'm.json', stopReason: 'completed', iterations: 10000, elapsedSeconds: 1.234 },
    ]);
    expect(io.err()).toBe('for people\n');
  });

  it('json: regression scores leave accuracy out', () => {
    const io = bufferIo();
    createReporter('json', io, host()).finish({ ...outcome, train: { cost: 0.1, mse: 0.2, mae: 0.3, r2: 0.9 } });
    expect(JSON.parse(io.out()).train).toEqual({ cost: 0.1, mse: 0.2, mae: 0.3, r2: 0.9 });
  });

  it('terminal: a progress bar, a chart, a boundary picture and a summary table; no colour with NO_COLOR', () => {
    const io = bufferIo();
    const reporter = createReporter('text', io, host({ ANN_FORCE_TTY: '1', NO_COLOR: '1', COLUMNS: '80' }));
    reporter.start(planar);
    reporter.step({ steps: 1, cost: 0.69 });
    reporter.progress({ iteration: 0, cost: 0.693 });
    const X = Matrix.from([[-1, 1, -1, 1], [-1, -1, 1, 1]]);
    reporter.finish({ ...outcome, boundary: { X, Y: Matrix.from([[0, 1, 0, 1]]), predict: (G) => new Matrix(1, G.cols, G.data.slice(0, G.cols).map((v) => (v > 0 ? 1 : 0))), classes: 2 } });
    const text = io.out();
    expect(text).toContain('\r');
    expect(text).toMatch(/ETA|%/);
    expect(text).toContain('Cost after iteration 0: 0.693000');
    expect(text).toContain('Decision boundary');
    expect(text).toContain('train accuracy');
    expect(text).toContain('Accuracy: 90.50%');
    expect(text).not.toContain('\x1b[3'); // no colour codes
  });
});

describe('terminal pieces', () => {
  it('honours NO_COLOR and ANN_FORCE_TTY', () => {
    expect(colorEnabled(true, {})).toBe(true);
    expect(colorEnabled(true, { NO_COLOR: '1' })).toBe(false);
    expect(colorEnabled(true, { NO_COLOR: '' })).toBe(true);
    expect(colorEnabled(false, {})).toBe(false);
    expect(isTerminal({ isTTY: true }, {})).toBe(true);
    expect(isTerminal({ isTTY: true }, { ANN_FORCE_TTY: '0' })).toBe(false);
    expect(isTerminal({}, { ANN_FORCE_TTY: '1' })).toBe(true);
  });

  it('draws a progress bar with the ETA from the time per step', () => {
    const bar = renderBar({ steps: 250, totalSteps: 1000, position: 'iteration 250/1000', cost: 0.5, elapsedSeconds: 1 }, 100, plain);
    expect(bar).toMatch(/^ 25% █+░+ {2}iteration 250\/1000 {2}cost 0\.500000 {2}ETA 3\.0s$/);
  });

  it('charts a falling cost from the top-left to the bottom-right', () => {
    const lines = renderChart([4, 3, 2, 1], 40, 4, plain);
    expect(lines[0]).toMatch(/^\s+4\.000 ┤█/);
    expect(lines[3]).toMatch(/^\s+1\.000 ┤/);
    expect(lines.at(-1)).toContain('4 iterations');
  });

  it('shades decision regions and marks examples by class', () => {
    const X = Matrix.from([[-1, 1], [0, 0]]);
    const lines = renderBoundary(X, Matrix.from([[0, 1]]), (G) => new Matrix(1, G.cols, G.data.slice(0, G.cols).map((v) => (v > 0 ? 1 : 0))), 10, 3, plain);
    expect(lines).toHaveLength(5);
    const middle = lines[2]!;
    expect(middle.indexOf('o')).toBeLessThan(middle.indexOf('x'));
    expect(lines[1]).toBe('│     ·····│');
  });

  it('lays out tables with box drawing, ignoring colour codes in widths', () => {
    expect(renderTable([['a', 'bb'], ['ccc', 'd']], true)).toEqual(['┌─────┬────┐', '│ a   │ bb │', '├─────┼────┤', '│ ccc │ d  │', '└─────┴────┘']);
    expect(visibleLength('\x1b[32mok\x1b[0m')).toBe(2);
  });
});
