import { Matrix } from './matrix';
import { ValueError } from './errors';
import { accurateLog } from './math/log';

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

/** A snapshot of the generator, plain data (for saving and resuming a run). */
export interface RandomStateSnapshot {
  key: number[];
  pos: number;
  hasGauss: boolean;
  gauss: number;
}

/**
 * numpy's legacy random generator (`np.random.RandomState`), draw for draw.
 *
 * The core is MT19937 seeded with `init_genrand` as `np.random.seed(s)` does for an integer s.
 * `rand` is numpy's 53-bit `random_sample`; `randn` is the legacy polar Box–Muller with its cached
 * second value; `shuffle` and `permutation` use numpy's masked rejection sampling for bounded
 * integers. `randn` takes its logarithm from `accurateLog`, which is correctly rounded, instead of
 * `Math.log`: numpy calls the C library's `log`, and glibc's is correctly rounded in all but a few
 * inputs in ten thousand, so draws equal numpy's except in those rare cases (docs/notation.md).
 */
export class RandomState {
  private readonly mt = new Uint32Array(N);
  private pos = N;
  private hasGauss = false;
  private gaussValue = 0;

  constructor(seed: number) {
    this.seed(seed);
  }

  /** Reseeds like `np.random.seed(seed)`; also forgets the cached normal draw. */
  seed(seed: number): void {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new ValueError(`RandomState.seed: seed must be an integer between 0 and 2**32 - 1, got ${seed}`);
    }
    const mt = this.mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
    this.pos = N;
    this.hasGauss = false;
    this.gaussValue = 0;
  }

  /** The next 32-bit output of MT19937, as an unsigned integer. */
  nextUint32(): number {
    if (this.pos >= N) this.twist();
    let y = this.mt[this.pos++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** One uniform draw in [0, 1) with 53 random bits: numpy's `random_sample()`. */
  nextDouble(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** One standard normal draw: numpy's legacy `gauss` (polar Box–Muller, second value cached). */
  nextGaussian(): number {
    if (this.hasGauss) {
      this.hasGauss = false;
      const cached = this.gaussValue;
      this.gaussValue = 0;
      return cached;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2 * this.nextDouble() - 1;
      x2 = 2 * this.nextDouble() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * accurateLog(r2)) / r2);
    this.gaussValue = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  /** A uniform integer in [0, max]: numpy's legacy `random_interval` (bit mask and rejection). */
  nextInterval(max: number): number {
    if (max === 0) return 0;
    if (!Number.isInteger(max) || max < 0 || max > 0xffffffff) {
      throw new ValueError(`RandomState.nextInterval: max must be an integer in [0, 2**32 - 1], got ${max}`);
    }
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    let value: number;
    do {
      value = (this.nextUint32() & mask) >>> 0;
    } while (value > max);
    return value;
  }

  /** `np.random.rand(rows, cols)`: uniform draws in [0, 1), filled row-major. */
  rand(rows: number, cols: number): Matrix {
    const out = new Matrix(rows, cols);
    const data = out.data;
    for (let i = 0; i < data.length; i++) data[i] = this.nextDouble();
    return out;
  }

  /** `np.random.randn(rows, cols)`: standard normal draws, filled row-major. */
  randn(rows: number, cols: number): Matrix {
    const out = new Matrix(rows, cols);
    const data = out.data;
    for (let i = 0; i < data.length; i++) data[i] = this.nextGaussian();
    return out;
  }

  /** `np.random.shuffle(items)` in place (legacy Fisher–Yates from the end). */
  shuffle<T>(items: T[]): void {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.nextInterval(i);
      const tmp = items[i]!;
      items[i] = items[j]!;
      items[j] = tmp;
    }
  }

  /** `np.random.permutation(n)`: a shuffled `[0, 1, ..., n - 1]`. */
  permutation(n: number): number[] {
    if (!Number.isInteger(n) || n < 0) {
      throw new ValueError(`RandomState.permutation: n must be a non-negative integer, got ${n}`);
    }
    const items = Array.from({ length: n }, (_, i) => i);
    this.shuffle(items);
    return items;
  }

  /** The full generator state as plain data. */
  getState(): RandomStateSnapshot {
    return { key: Array.from(this.mt), pos: this.pos, hasGauss: this.hasGauss, gauss: this.gaussValue };
  }

  /** Restores a state from `getState()`. */
  setState(state: RandomStateSnapshot): void {
    if (!state || !Array.isArray(state.key) || state.key.length !== N) {
      throw new ValueError(`RandomState.setState: key must be an array of ${N} unsigned 32-bit integers`);
    }
    if (!Number.isInteger(state.pos) || state.pos < 0 || state.pos > N) {
      throw new ValueError(`RandomState.setState: pos must be an integer in [0, ${N}], got ${state.pos}`);
    }
    for (let i = 0; i < N; i++) {
      const word = state.key[i];
      if (!Number.isInteger(word) || word! < 0 || word! > 0xffffffff) {
        throw new ValueError(`RandomState.setState: key[${i}] is not an unsigned 32-bit integer`);
      }
      this.mt[i] = word!;
    }
    this.pos = state.pos;
    this.hasGauss = Boolean(state.hasGauss);
    this.gaussValue = this.hasGauss ? Number(state.gauss) : 0;
  }

  private twist(): void {
    const mt = this.mt;
    let kk = 0;
    let y: number;
    for (; kk < N - M; kk++) {
      y = (mt[kk]! & UPPER_MASK) | (mt[kk + 1]! & LOWER_MASK);
      mt[kk] = mt[kk + M]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    for (; kk < N - 1; kk++) {
      y = (mt[kk]! & UPPER_MASK) | (mt[kk + 1]! & LOWER_MASK);
      mt[kk] = mt[kk + (M - N)]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    y = (mt[N - 1]! & UPPER_MASK) | (mt[0]! & LOWER_MASK);
    mt[N - 1] = mt[M - 1]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    this.pos = 0;
  }
}
