/**
 * Property-based tests (fast-check): generated architectures, shapes and models instead of a few
 * hand-picked ones. A failure prints fast-check's seed and path; rerun it with
 * `ANN_PROPERTY_SEED=<seed> pnpm --filter @ann/core exec vitest run src/properties.test.ts`.
 * ANN_PROPERTY_RUNS multiplies the number of cases (the long run: docs/reliability.md).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Activation, OutputHead } from './activations';
import { referenceBackend } from './backend/reference';
import { createWasmBackend } from './backend/wasm/wasm-backend';
import { gradientCheck } from './gradient-check';
import { Matrix, type DType } from './matrix';
import { Model } from './model/model';
import { Network } from './network';
import { exportOnnx } from './onnx/export';
import { importOnnx } from './onnx/import';
import { RandomState } from './random';
import { naiveGemm } from './test-support/naive-gemm';

const scale = Number(process.env.ANN_PROPERTY_RUNS ?? 1);
const seed = process.env.ANN_PROPERTY_SEED !== undefined ? Number(process.env.ANN_PROPERTY_SEED) : undefined;
const params = (numRuns: number): fc.Parameters<unknown> => ({ numRuns: Math.round(numRuns * scale), ...(seed !== undefined ? { seed } : {}) });

/** Smooth hidden activations: relu's kink makes a finite difference across it meaningless. */
const SMOOTH: Activation[] = ['sigmoid', 'tanh', 'linear'];
const HEADS: OutputHead[] = ['sigmoid', 'softmax', 'linear'];

const networkSpec = fc.record({
  nx: fc.integer({ min: 1, max: 4 }),
  hidden: fc.array(fc.record({ units: fc.integer({ min: 1, max: 4 }), activation: fc.constantFrom(...SMOOTH) }), { minLength: 0, maxLength: 2 }),
  output: fc.constantFrom(...HEADS),
  nL: fc.integer({ min: 1, max: 3 }),
  m: fc.integer({ min: 2, max: 6 }),
  l2: fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 1, noNaN: true })),
  batchNorm: fc.boolean(),
  dtype: fc.constantFrom<DType>('float64', 'float32'),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
});
type NetworkSpec = typeof networkSpec extends fc.Arbitrary<infer T> ? T : never;

/** A network for `spec` (softmax gets ≥ 2 outputs) with inputs X (n_x, m) and labels Y for its head. */
function build(spec: NetworkSpec): { net: Network; X: Matrix; Y: Matrix } {
  const nL = spec.output === 'softmax' ? Math.max(2, spec.nL) : spec.nL;
  const batchNorm = spec.batchNorm && spec.hidden.length > 0;
  const net = new Network({
    layers: [spec.nx, ...spec.hidden.map((h) => h.units), nL],
    hidden: spec.hidden.length > 0 ? spec.hidden.map((h) => h.activation) : 'tanh',
    output: spec.output,
    init: 'xavier',
    seed: spec.seed,
    batchNorm,
    dtype: spec.dtype,
  });
  const rng = new RandomState(spec.seed);
  // Batch norm over 2 examples makes every normalized value ±1 whatever the layer below computes:
  // its gradients are then rounding noise on both sides, and a few more stay ill-conditioned: 8–12 with batch norm.
  const m = batchNorm ? spec.m + 6 : spec.m;
  const X = rng.randn(spec.nx, m);
  let Y: Matrix;
  if (spec.output === 'softmax') Y = new Matrix(1, m, Float64Array.from({ length: m }, () => rng.nextInterval(nL - 1)));
  else if (spec.output === 'sigmoid') Y = new Matrix(nL, m, Float64Array.from({ length: nL * m }, () => rng.nextInterval(1)));
  else Y = rng.randn(nL, m);
  return { net, X, Y };
}

/**
 * The finite difference (J(θ + ε) − J(θ − ε)) / 2ε has two errors of its own, and no single ε keeps
 * both small on every generated network (investigated over 80,000 fast-check cases, docs/reliability.md):
 *  - truncation, ε²·J‴/6. Batch norm divides by sqrt(σ² + 1e-5): a normalized unit whose incoming
 *    weights are small (|w|·σ_x ≲ sqrt(1e-5) ≈ 3e-3; the worst cases had a weight of 7e-4) sits on the
 *    bend between ẑ linear in w and ẑ independent of |w|, where J's derivatives are large. At
 *    ε = 1e-6 the difference reached 1.7e-5, falling exactly 100× per decade of ε (ε²: the gradient
 *    is right, the difference converges to it);
 *  - rounding, ~1e-16·|J|/ε: where the gradient is small next to the cost (a sigmoid head with a
 *    large L2 term) the subtraction cancels, and the difference grows as ε shrinks (1e-4 → 8.5e-9,
 *    1e-6 → 1.9e-6, 1e-8 → 1.2e-4).
 * Backpropagation's own error does not depend on ε, so the check takes the best of five ε a decade
 * apart: a wrong gradient stays wrong at every ε, while each finite-difference error is small at one
 * of them. Over those cases the best difference stayed below 7.8e-9 without batch norm and 1.2e-7
 * with it (one case in 60,000 above 5e-8: the bend, where even the best ε leaves truncation and
 * rounding both near 1e-7). The bars, 1e-7 and 1e-6, leave about 10× over the worst seen; they were
 * 1e-6 and 1e-4 with one ε.
 */
const EPSILONS = [1e-5, 1e-6, 1e-7, 1e-8, 1e-4];

/** The smallest gradient-check difference over EPSILONS (stopping at the first below `bar`), with its ε. */
function bestDifference(net: Network, X: Matrix, Y: Matrix, l2: number, bar: number): { difference: number; epsilon: number } {
  let best = { difference: Infinity, epsilon: Number.NaN };
  for (const epsilon of EPSILONS) {
    const { difference } = gradientCheck(net, X, Y, { l2, epsilon });
    if (difference < best.difference) best = { difference, epsilon };
    if (difference < bar) break;
  }
  return best;
}

describe('property: backpropagation equals finite differences', () => {
  it('on generated architectures × hidden activations × heads × L2 × batch norm × dtype (500 cases)', () => {
    fc.assert(
      fc.property(networkSpec, (spec) => {
        const { net, X, Y } = build(spec);
        const bar = net.batchNorm ? 1e-6 : 1e-7;
        const { difference, epsilon } = bestDifference(net, X, Y, spec.l2, bar);
        expect(difference, `best of ε ${EPSILONS.join(', ')} (at ${epsilon})`).toBeLessThan(bar);
      }),
      params(500),
    );
  });
});

describe('property: every backend equals the reference kernels', () => {
  const wasm = createWasmBackend({ minMultiplyAdds: 0, threads: 1 });
  const backends = [['reference', referenceBackend], ...(wasm ? [['wasm', wasm] as const] : [])] as const;
  // 1, small, and sizes just off a SIMD width (2 float64 lanes, 4 float32) and the blocking tiles.
  const size = fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 9 }), fc.constantFrom(15, 16, 17, 31, 33, 63, 64, 65, 127, 129));

  it('wasm is required where it is built (CI builds it)', () => {
    expect(wasm).not.toBeNull();
  });

  for (const [name, backend] of backends) {
    it(`${name}: gemm is the naive product, bit for bit in float64, on 1×1, 1×n, n×1 and ragged shapes`, () => {
      fc.assert(
        fc.property(size, size, size, fc.boolean(), fc.boolean(), fc.integer({ min: 0, max: 1e6 }), (M, N, K, tA, tB, s) => {
          const rng = new RandomState(s);
          const A = tA ? rng.randn(K, M) : rng.randn(M, K);
          const B = tB ? rng.randn(N, K) : rng.randn(K, N);
          const C = Matrix.full(M, N, Number.NaN);
          backend.gemm(tA, tB, A, B, C);
          expect(Array.from(C.data)).toEqual(Array.from(naiveGemm(tA, tB, A, B)));
        }),
        params(60),
      );
    });
  }
});

describe('property: a model survives its file formats', () => {
  it('save → load (the model file) and export → import (ONNX) give the same parameters and predictions', () => {
    fc.assert(
      fc.property(networkSpec, (spec) => {
        const { net, X } = build({ ...spec, dtype: 'float64' });
        const model = new Model({ network: net });
        const loaded = Model.parse(model.serialize(), 'properties');
        expect(loaded.serialize()).toBe(model.serialize());
        expect(Array.from(loaded.predictProba(X).data)).toEqual(Array.from(model.predictProba(X).data));
        const imported = importOnnx(exportOnnx(model, { dtype: 'float64' }), 'properties.onnx');
        const before = net.getParameters();
        const after = imported.network.getParameters();
        for (const [key, M] of Object.entries(before)) expect(Array.from(after[key]!.data), key).toEqual(Array.from(M.data));
        const A = model.predictProba(X).data;
        const importedA = imported.predictProba(X).data;
        // ONNX stores batch norm's epsilon as a float32 attribute (docs/interop.md): the same to 1e-12 there, exact elsewhere.
        if (!net.batchNorm) expect(Array.from(importedA)).toEqual(Array.from(A));
        else A.forEach((a, k) => expect(Math.abs(importedA[k]! - a)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(a))));
      }),
      params(60),
    );
  });
});
