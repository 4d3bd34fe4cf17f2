import { describe, expect, it } from 'vitest';
import type { Io } from './command';
import { createReporter, formatAccuracy, formatCost, formatHeader, type RunDescription } from './report';

const planar: RunDescription = {
  layerSizes: [2, 4, 1],
  hidden: ['tanh'],
  output: 'sigmoid',
  dataName: 'flower',
  m: 400,
  learningRate: 1.2,
  iterations: 10000,
  seed: 2,
};

function bufferIo(): Io & { out: () => string } {
  let stdout = '';
  return {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: () => true },
    out: () => stdout,
  };
}

describe('formatting', () => {
  it('describes the network and data in the header', () => {
    expect(formatHeader(planar)).toBe(
      'Training [2, 4, 1] tanh/sigmoid on flower (m = 400), lr 1.2, 10000 iterations, seed 2',
    );
  });

  it('lists per-layer activations when they differ', () => {
    expect(formatHeader({ ...planar, layerSizes: [2, 20, 7, 5, 1], hidden: ['relu', 'relu', 'tanh'], iterations: 1 })).toBe(
      'Training [2, 20, 7, 5, 1] relu,relu,tanh/sigmoid on flower (m = 400), lr 1.2, 1 iteration, seed 2',
    );
    expect(formatHeader({ ...planar, layerSizes: [2, 20, 7, 1], hidden: ['relu', 'relu'] })).toContain(' relu/sigmoid ');
  });

  it("uses the course's cost format, %f with 6 decimals", () => {
    expect(formatCost({ iteration: 0, cost: 0.6930480201239823 })).toBe('Cost after iteration 0: 0.693048');
    expect(formatCost({ iteration: 1000, cost: 0.288083 })).toBe('Cost after iteration 1000: 0.288083');
    expect(formatCost({ iteration: 5, cost: 2 })).toBe('Cost after iteration 5: 2.000000');
  });

  it('prints accuracy in percent with two decimals', () => {
    expect(formatAccuracy(0.905)).toBe('Accuracy: 90.50%');
    expect(formatAccuracy(363 / 400)).toBe('Accuracy: 90.75%');
    expect(formatAccuracy(1)).toBe('Accuracy: 100.00%');
  });
});

describe('createReporter', () => {
  const outcome = { train: { cost: 0.22, accuracy: 0.905 }, elapsedSeconds: 1.234 };

  it('text: header, cost lines, accuracy and elapsed time', () => {
    const io = bufferIo();
    const reporter = createReporter('text', io);
    reporter.start(planar);
    reporter.progress({ iteration: 0, cost: 0.693 });
    reporter.finish(outcome);
    expect(io.out().split('\n')).toEqual([
      formatHeader(planar),
      'Cost after iteration 0: 0.693000',
      'Accuracy: 90.50%',
      'Elapsed: 1.23 s',
      '',
    ]);
  });

  it('quiet: only the accuracy line', () => {
    const io = bufferIo();
    const reporter = createReporter('quiet', io);
    reporter.start(planar);
    reporter.progress({ iteration: 0, cost: 0.693 });
    reporter.finish(outcome);
    expect(io.out()).toBe('Accuracy: 90.50%\n');
  });

  it('json: one JSON object per line, progress then result', () => {
    const io = bufferIo();
    const reporter = createReporter('json', io);
    reporter.start(planar);
    reporter.progress({ iteration: 0, cost: 0.693 });
    reporter.finish(outcome);
    const lines = io.out().trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(lines).toEqual([
      { type: 'progress', iteration: 0, cost: 0.693 },
      { type: 'result', train: { cost: 0.22, accuracy: 0.905 }, elapsedSeconds: 1.234 },
    ]);
  });
});
