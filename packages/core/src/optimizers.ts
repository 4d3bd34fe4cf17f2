import { ValueError } from './errors';
import { allocate, type FloatArray, type Matrix } from './matrix';

/** The update rules of Course 2. */
export type OptimizerName = 'gd' | 'momentum' | 'rmsprop' | 'adam';

export const OPTIMIZERS: readonly OptimizerName[] = ['gd', 'momentum', 'rmsprop', 'adam'];

/** Hyperparameters, with the course's defaults. */
export interface OptimizerSettings {
  type: OptimizerName;
  /** momentum: v = β·v + (1-β)·dW; rmsprop: s = β·s + (1-β)·dW². Default 0.9. */
  beta: number;
  /** Adam's first-moment decay. Default 0.9. */
  beta1: number;
  /** Adam's second-moment decay. Default 0.999. */
  beta2: number;
  /** Added to √s to avoid dividing by zero. Default 1e-8. */
  epsilon: number;
}

/** A parameter and its gradient, named as in the course's dicts (W1 / dW1, gamma2 / dgamma2, …). */
export interface ParameterEntry {
  name: string;
  theta: Matrix;
  grad: Matrix;
}

/** Optimizer state as plain data (JSON-safe), for the model file and for resuming bit for bit. */
export interface OptimizerState {
  type: OptimizerName;
  /** Updates taken so far (Adam's t). */
  t: number;
  /** First moments ("v" in the course), per parameter name, row-major. */
  v: Record<string, number[]>;
  /** Second moments ("s"), per parameter name, row-major. */
  s: Record<string, number[]>;
}

/**
 * Applies one update to every parameter, in the course's formulas and operation order:
 *   gd:       θ = θ - α·dθ
 *   momentum: v = β·v + (1-β)·dθ;  θ = θ - α·v
 *   rmsprop:  s = β·s + (1-β)·dθ²; θ = θ - α·dθ/(√s + ε)
 *   adam:     t = t + 1; v = β1·v + (1-β1)·dθ; s = β2·s + (1-β2)·dθ²;
 *             v̂ = v/(1-β1^t); ŝ = s/(1-β2^t); θ = θ - α·v̂/(√ŝ + ε)
 * Moments start at zero. Buffers are allocated once, so updates do not allocate.
 */
export class Optimizer {
  readonly settings: OptimizerSettings;
  t = 0;
  private readonly v = new Map<string, FloatArray>();
  private readonly s = new Map<string, FloatArray>();

  constructor(settings: OptimizerSettings, entries: readonly ParameterEntry[]) {
    this.settings = settings;
    const { type } = settings;
    for (const { name, theta } of entries) {
      if (type === 'momentum' || type === 'adam') this.v.set(name, allocate(theta.dtype, theta.size));
      if (type === 'rmsprop' || type === 'adam') this.s.set(name, allocate(theta.dtype, theta.size));
    }
  }

  /** One update of every entry with learning rate α. */
  step(entries: readonly ParameterEntry[], learningRate: number): void {
    const { type, beta, beta1, beta2, epsilon } = this.settings;
    if (type === 'adam') this.t++;
    const correction1 = 1 - Math.pow(beta1, this.t);
    const correction2 = 1 - Math.pow(beta2, this.t);
    for (const { name, theta, grad } of entries) {
      const w = theta.data;
      const g = grad.data;
      const n = w.length;
      if (type === 'gd') {
        for (let k = 0; k < n; k++) w[k] = w[k]! - learningRate * g[k]!; // θ = θ - α·dθ: W[l] = W[l] - α·dW[l], b[l] = b[l] - α·db[l]
      } else if (type === 'momentum') {
        const v = this.v.get(name)!;
        for (let k = 0; k < n; k++) {
          v[k] = beta * v[k]! + (1 - beta) * g[k]!; // v = β·v + (1 - β)·dθ
          w[k] = w[k]! - learningRate * v[k]!; // θ = θ - α·v
        }
      } else if (type === 'rmsprop') {
        const s = this.s.get(name)!;
        for (let k = 0; k < n; k++) {
          s[k] = beta * s[k]! + (1 - beta) * (g[k]! * g[k]!); // s = β·s + (1 - β)·dθ²
          w[k] = w[k]! - (learningRate * g[k]!) / (Math.sqrt(s[k]!) + epsilon); // θ = θ - α·dθ/(√s + ε)
        }
      } else {
        const v = this.v.get(name)!;
        const s = this.s.get(name)!;
        for (let k = 0; k < n; k++) {
          const gk = g[k]!;
          v[k] = beta1 * v[k]! + (1 - beta1) * gk; // v = β1·v + (1 - β1)·dθ
          s[k] = beta2 * s[k]! + (1 - beta2) * (gk * gk); // s = β2·s + (1 - β2)·dθ²
          const vHat = v[k]! / correction1; // v̂ = v/(1 - β1ᵗ)
          const sHat = s[k]! / correction2; // ŝ = s/(1 - β2ᵗ)
          w[k] = w[k]! - (learningRate * vHat) / (Math.sqrt(sHat) + epsilon); // θ = θ - α·v̂/(√ŝ + ε)
        }
      }
    }
    if (type !== 'adam') this.t++;
  }

  /**
   * True when the update this optimizer would make now leaves every parameter finite (checked
   * before updating, so a diverging run stops with its last finite parameters). For the moment-based
   * rules it checks the gradients and the plain-GD step, which bound the cases that overflow.
   */
  updateStaysFinite(entries: readonly ParameterEntry[], learningRate: number): boolean {
    for (const { theta, grad } of entries) {
      const w = theta.data;
      const g = grad.data;
      for (let k = 0; k < w.length; k++) {
        const next = w[k]! - learningRate * g[k]!;
        if (next - next !== 0) return false;
      }
    }
    return true;
  }

  getState(): OptimizerState {
    const toRecord = (map: Map<string, FloatArray>): Record<string, number[]> => {
      const out: Record<string, number[]> = {};
      for (const [name, values] of map) out[name] = Array.from(values);
      return out;
    };
    return { type: this.settings.type, t: this.t, v: toRecord(this.v), s: toRecord(this.s) };
  }

  /** Restores `getState()` output; the parameter names and sizes must match. */
  setState(state: OptimizerState): void {
    const fn = 'Optimizer.setState';
    if (!state || state.type !== this.settings.type) {
      throw new ValueError(`${fn}: the saved optimizer is ${JSON.stringify(state?.type)} but this run uses ${JSON.stringify(this.settings.type)}`);
    }
    if (!Number.isInteger(state.t) || state.t < 0) throw new ValueError(`${fn}: t must be a non-negative integer`);
    const restore = (map: Map<string, FloatArray>, saved: Record<string, number[]> | undefined, label: string): void => {
      for (const [name, values] of map) {
        const source = saved && Object.prototype.hasOwnProperty.call(saved, name) ? saved[name] : undefined;
        if (!Array.isArray(source) || source.length !== values.length) {
          throw new ValueError(`${fn}: ${label}.${name} must be an array of ${values.length} numbers`);
        }
        for (let k = 0; k < values.length; k++) {
          const x = source[k];
          if (typeof x !== 'number' || !Number.isFinite(x)) throw new ValueError(`${fn}: ${label}.${name}[${k}] is not a finite number`);
          values[k] = x;
        }
      }
    };
    restore(this.v, state.v, 'v');
    restore(this.s, state.s, 's');
    this.t = state.t;
  }
}
