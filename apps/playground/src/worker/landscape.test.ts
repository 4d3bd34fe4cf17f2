import { DATASET_CATALOG, Matrix, Network, RandomState, type NetworkOptions } from '@ann/core';
import { describe, expect, it } from 'vitest';
import type { FromWorker, LandscapeResult, ProblemType, StructureSettings } from '../protocol';
import { TASK_OF } from '../settings';
import { COURSE_LIVE, COURSE_STRUCTURE } from './course-settings';
import {
  filterNormalizedDirection,
  LANDSCAPE_SIZE,
  LandscapeJob,
  LandscapeRunner,
  ParameterLayout,
  ParameterPath,
  PATH_CAP,
  projectOntoPlane,
} from './landscape';
import { PlaygroundSession, SettingsError } from './session';
import { transferables } from './transfer';

/** A small network and data set of its own, for the job's arithmetic alone. */
function fixture(l2 = 0) {
  const options: NetworkOptions = { layers: [2, 5, 3, 1], hidden: 'relu', init: 'he', seed: 3 };
  const network = new Network(options);
  const random = new RandomState(7);
  const m = 40;
  const X = new Matrix(2, m);
  const Y = new Matrix(1, m);
  for (let j = 0; j < m; j++) {
    X.set(0, j, random.nextGaussian());
    X.set(1, j, random.nextGaussian());
    Y.set(0, j, X.get(0, j) * X.get(1, j) > 0 ? 1 : 0);
  }
  network.fit(X, Y, { learningRate: 0.1, iterations: 20 });
  const job = (size: number, seed = 1) => new LandscapeJob({ network, probe: new Network(options), X, Y, l2, epoch: 20, path: [], seed, size });
  return { network, X, Y, job };
}

function finish(job: LandscapeJob): LandscapeResult {
  expect(job.run(Infinity)).toBe(true);
  return job.result();
}

function rowNorm(values: Float64Array, row: number, cols: number): number {
  let s = 0;
  for (let j = 0; j < cols; j++) s += values[row * cols + j]! ** 2;
  return Math.sqrt(s);
}

describe('the landscape grid', () => {
  it('at α = β = 0 is core’s cost of the network, to the bit (with and without L2)', () => {
    for (const l2 of [0, 0.7]) {
      const { network, X, Y, job } = fixture(l2);
      const result = finish(job(5));
      expect(result.centerCost).toBe(network.cost(X, Y, { l2 }));
      expect(result.costs[2 * 5 + 2]).toBe(result.centerCost);
      expect(result.l2).toBe(l2);
    }
  });

  it('at a corner is core’s cost of θ* + α·d1 + β·d2 built by hand', () => {
    const { network, X, Y, job } = fixture(0.3);
    const result = finish(job(5, 42));
    const layout = new ParameterLayout(network.parameterSpecs);
    const thetaStar = layout.flatten(network.getParameters());
    const random = new RandomState(42);
    const d1 = filterNormalizedDirection(layout, thetaStar, random);
    const d2 = filterNormalizedDirection(layout, thetaStar, random);
    // Column 0 is α = −extent, row 0 is β = +extent.
    const alpha = -result.extent;
    const beta = result.extent;
    const theta = thetaStar.map((t, k) => t + alpha * d1[k]! + beta * d2[k]!);
    const params = layout.matrices();
    layout.unflatten(theta, params);
    const reference = new Network({ layers: [2, 5, 3, 1], hidden: 'relu', init: 'he', seed: 3 });
    reference.setParameters(params);
    expect(result.costs[0]).toBe(reference.cost(X, Y, { l2: 0.3 }));
    expect(result.minCost).toBeLessThanOrEqual(result.centerCost);
    expect(result.maxCost).toBeGreaterThan(result.centerCost);
  });

  it('leaves the run’s network as it was', () => {
    const { network, job } = fixture();
    const before = network.getParameters();
    finish(job(7));
    const after = network.getParameters();
    for (const name of Object.keys(before)) expect(Array.from(after[name]!.data)).toEqual(Array.from(before[name]!.data));
  });

  it('is reproducible from its seed, and another seed gives other directions', () => {
    const a = finish(fixture().job(5, 9));
    const b = finish(fixture().job(5, 9));
    const c = finish(fixture().job(5, 10));
    expect(Array.from(b.costs)).toEqual(Array.from(a.costs));
    expect(Array.from(c.costs)).not.toEqual(Array.from(a.costs));
    expect(c.centerCost).toBe(a.centerCost);
  });

  it('computes in slices until a deadline, in the same cells as all at once', () => {
    const whole = finish(fixture().job(5));
    const job = fixture().job(5);
    let clock = 0;
    const now = () => clock++;
    let slices = 0;
    while (!job.run(clock + 3, now)) slices++;
    expect(slices).toBeGreaterThan(3);
    expect(job.completed).toBe(25);
    expect(Array.from(job.result().costs)).toEqual(Array.from(whole.costs));
  });

  it('refuses a bad seed or grid size, naming it', () => {
    const { job } = fixture();
    expect(() => job(30)).toThrow(SettingsError);
    expect(() => job(30)).toThrow(/grid size must be an odd whole number from 5 to 61.*got 30/);
    expect(() => job(3)).toThrow(/got 3/);
    expect(() => job(5, -1)).toThrow(/direction seed must be an integer.*got -1/);
    expect(() => job(5, 1.5)).toThrow(/got 1.5/);
  });
});

describe('filter-normalised directions (Li et al., 2018)', () => {
  it('give each unit’s row of W[l] the norm of that row of the weights, and biases zero', () => {
    const { network } = fixture();
    const layout = new ParameterLayout(network.parameterSpecs);
    const theta = layout.flatten(network.getParameters());
    const d = filterNormalizedDirection(layout, theta, new RandomState(5));
    layout.specs.forEach((spec, k) => {
      const block = layout.block(d, k);
      if (spec.kind === 'b') {
        expect(Array.from(block)).toEqual(new Array(block.length).fill(0));
        return;
      }
      const W = layout.block(theta, k);
      for (let i = 0; i < spec.rows; i++) {
        const target = rowNorm(W, i, spec.cols);
        expect(target).toBeGreaterThan(0);
        expect(Math.abs(rowNorm(block, i, spec.cols) - target) / target).toBeLessThan(1e-14);
      }
    });
  });

  it('leave a unit with zero weights unmoved (zero initialization), and the map says so', () => {
    const options: NetworkOptions = { layers: [2, 3, 1], hidden: 'tanh', init: 'zeros', seed: 1 };
    const network = new Network(options);
    const layout = new ParameterLayout(network.parameterSpecs);
    const theta = layout.flatten(network.getParameters());
    const d = filterNormalizedDirection(layout, theta, new RandomState(1));
    expect(d.every((v) => v === 0)).toBe(true);
    const { X, Y } = fixture();
    const result = finish(new LandscapeJob({ network, probe: new Network(options), X, Y, l2: 0, epoch: 0, path: [], seed: 1, size: 5 }));
    expect(result.directionsZero).toBe(true);
    expect(result.minCost).toBe(result.maxCost);
    expect(finish(fixture().job(5)).directionsZero).toBe(false);
  });
});

describe('projecting the path onto the slice', () => {
  const random = new RandomState(11);
  const vector = (n: number) => Float64Array.from({ length: n }, () => random.nextGaussian());

  it('is exact for a point in span(d1, d2)', () => {
    const d1 = vector(50);
    const d2 = vector(50);
    const v = d1.map((x, k) => 0.75 * x - 1.25 * d2[k]!);
    const p = projectOntoPlane(v, d1, d2);
    expect(p.alpha).toBeCloseTo(0.75, 13);
    expect(p.beta).toBeCloseTo(-1.25, 13);
    expect(p.residual / p.norm).toBeLessThan(1e-14);
  });

  it('leaves an orthogonal part as the residual', () => {
    const d1 = new Float64Array([1, 0, 0]);
    const d2 = new Float64Array([1, 1, 0]);
    const p = projectOntoPlane(new Float64Array([2, 3, 4]), d1, d2);
    expect(p.alpha).toBeCloseTo(-1, 14);
    expect(p.beta).toBeCloseTo(3, 14);
    expect(p.residual).toBeCloseTo(4, 14);
    expect(p.norm).toBeCloseTo(Math.sqrt(29), 14);
  });

  it('falls back to a line when d2 is parallel to d1, and to a point when both are zero', () => {
    const d1 = new Float64Array([2, 0]);
    const line = projectOntoPlane(new Float64Array([3, 1]), d1, d1.map((x) => 2 * x));
    expect([line.alpha, line.beta, line.residual]).toEqual([1.5, 0, 1]);
    const zero = new Float64Array(2);
    expect(projectOntoPlane(new Float64Array([3, 4]), zero, zero)).toEqual({ alpha: 0, beta: 0, residual: 5, norm: 5 });
  });
});

describe('the recorded path', () => {
  it('stays within its cap, starts at the first epoch and spans the run', () => {
    const network = new Network({ layers: [2, 3, 1], hidden: 'tanh', seed: 1 });
    const path = new ParameterPath(8);
    path.restart(0, network);
    for (let epoch = 1; epoch <= 1000; epoch++) {
      path.offer(epoch, network);
      expect(path.recorded.length).toBeLessThanOrEqual(8);
    }
    const epochs = path.recorded.map((p) => p.epoch);
    expect(epochs[0]).toBe(0);
    expect(epochs.at(-1)).toBeGreaterThan(500);
    const strides = new Set(epochs.slice(1).map((e, k) => e - epochs[k]!));
    expect(strides.size).toBe(1);
  });

  it('in a session: the map’s path runs from epoch 0 to the network now, with the residual in [0, 1]', () => {
    const s = new PlaygroundSession();
    s.configure({ ...COURSE_STRUCTURE }, { ...COURSE_LIVE });
    s.step(300);
    const job = s.landscape(1, 7);
    const result = finish(job);
    const { epoch, alpha, beta, residual } = result.path;
    expect(epoch[0]).toBe(0);
    expect(epoch.at(-1)).toBe(300);
    expect(epoch.length).toBeLessThanOrEqual(PATH_CAP + 1);
    expect([alpha.at(-1), beta.at(-1), residual.at(-1)]).toEqual([0, 0, 0]);
    for (const r of residual) expect(r >= 0 && r <= 1 + 1e-12).toBe(true);
    expect(result.pathResidual).toBeGreaterThan(0);
    expect(result.pathResidual).toBeLessThanOrEqual(1 + 1e-12);
    // The whole path is inside the slice.
    for (let k = 0; k < alpha.length; k++) expect(Math.max(Math.abs(alpha[k]!), Math.abs(beta[k]!))).toBeLessThan(result.extent);
  });
});

describe('the session’s landscape', () => {
  const datasetOf = (problem: ProblemType) => DATASET_CATALOG.find((d) => d.task === TASK_OF[problem])!.name;
  const structures: [ProblemType, Partial<StructureSettings>][] = [
    ['classification', {}],
    ['multiclass', { classes: 3 }],
    ['regression', {}],
  ];

  it.each(structures)('for %s: the centre is the displayed train cost, to the bit', (problem, extra) => {
    const s = new PlaygroundSession();
    s.configure({ ...COURSE_STRUCTURE, problem, dataset: datasetOf(problem), ...extra }, { ...COURSE_LIVE, learningRate: 0.05 });
    const shown = s.step(25);
    const result = finish(s.landscape(3, LANDSCAPE_SIZE));
    expect(result.size).toBe(LANDSCAPE_SIZE);
    expect(result.costs.length).toBe(LANDSCAPE_SIZE * LANDSCAPE_SIZE);
    expect(result.centerCost).toBe(shown.trainCost);
    expect(result.epoch).toBe(25);
    expect(Number.isFinite(result.minCost) && Number.isFinite(result.maxCost)).toBe(true);
  });

  it('with λ > 0 adds the L2 term to the centre’s cost', () => {
    const s = new PlaygroundSession();
    s.configure({ ...COURSE_STRUCTURE }, { ...COURSE_LIVE, l2: 0.5 });
    const shown = s.step(10);
    const result = finish(s.landscape(1, 5));
    expect(result.l2).toBe(0.5);
    expect(result.centerCost).toBeGreaterThan(shown.trainCost);
  });

  it('keeps its network while the run trains on', () => {
    const s = new PlaygroundSession();
    s.configure({ ...COURSE_STRUCTURE }, { ...COURSE_LIVE });
    const at = s.step(10);
    const job = s.landscape(1, 5);
    job.run(0);
    s.step(50);
    const result = finish(job);
    expect(result.epoch).toBe(10);
    expect(result.centerCost).toBe(at.trainCost);
  });

  it('hands its arrays over to the page (transferable)', () => {
    const s = new PlaygroundSession();
    s.configure({ ...COURSE_STRUCTURE }, { ...COURSE_LIVE });
    const result = finish(s.landscape(1, 5));
    const buffers = transferables({ type: 'landscape', requestId: 1, result });
    expect(buffers).toContain(result.costs.buffer);
    expect(buffers).toContain(result.path.alpha.buffer);
    expect(new Set(buffers).size).toBe(5);
  });
});

describe('the runner', () => {
  function runner() {
    const posted: FromWorker[] = [];
    const queue: (() => void)[] = [];
    let clock = 0;
    const r = new LandscapeRunner((m) => posted.push(m), (next) => queue.push(next), () => (clock += 5));
    const drain = () => {
      while (queue.length > 0) queue.shift()!();
    };
    return { r, posted, queue, drain };
  }

  it('reports progress slice by slice, then the map', () => {
    const { r, posted, drain } = runner();
    r.start(4, fixture().job(9));
    drain();
    const types = posted.map((m) => m.type);
    expect(types[0]).toBe('landscapeProgress');
    expect(types.at(-1)).toBe('landscape');
    expect(types.filter((t) => t === 'landscapeProgress').length).toBeGreaterThan(2);
    const done = posted.flatMap((m) => (m.type === 'landscapeProgress' ? [m.done] : []));
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(r.running).toBe(false);
  });

  it('is cancelled by a new request, and by cancel, with the reason', () => {
    const { r, posted, queue, drain } = runner();
    r.start(1, fixture().job(9));
    queue.shift()!();
    r.start(2, fixture().job(5));
    r.cancel('the network was reset');
    drain();
    const ends = posted.filter((m) => m.type !== 'landscapeProgress');
    expect(ends).toEqual([
      { type: 'landscapeCancelled', requestId: 1, reason: 'a new landscape was requested' },
      { type: 'landscapeCancelled', requestId: 2, reason: 'the network was reset' },
    ]);
    expect(r.running).toBe(false);
  });

  it('reports a failing slice as an error for its request', () => {
    const { r, posted, drain } = runner();
    const job = fixture().job(5);
    job.run = () => {
      throw new Error('boom');
    };
    r.start(3, job);
    drain();
    expect(posted.at(-1)).toEqual({ type: 'error', requestId: 3, kind: 'failure', message: 'The loss landscape could not be computed: boom' });
  });
});
