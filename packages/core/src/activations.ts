import { ValueError } from './errors';
import { tanh } from './math/tanh';

/** Hidden-layer activations g(z). */
export type Activation = 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' | 'linear';

/** Every activation name, in a stable order (for menus and validation). */
export const ACTIVATIONS: readonly Activation[] = ['sigmoid', 'tanh', 'relu', 'leakyRelu', 'linear'];

/**
 * Output heads, each an activation paired with its loss:
 * sigmoid + binary cross-entropy, softmax + categorical cross-entropy, linear + squared error.
 */
export type OutputHead = 'sigmoid' | 'softmax' | 'linear';

export const OUTPUT_HEADS: readonly OutputHead[] = ['sigmoid', 'softmax', 'linear'];

function isActivation(name: unknown): name is Activation {
  return typeof name === 'string' && (ACTIVATIONS as readonly string[]).includes(name);
}

/** Throws a ValueError naming the option when `name` is not an activation. */
export function assertActivation(name: unknown, where: string): asserts name is Activation {
  if (!isActivation(name)) {
    throw new ValueError(`${where}: unknown activation ${JSON.stringify(name)}; expected one of ${ACTIVATIONS.join(', ')}`);
  }
}

/**
 * g(z) for one scalar: the definition the kernels must agree with (tests compare against it).
 * sigmoid(z) = 1 / (1 + e^(-z)), as the course writes it: for very negative z, e^(-z) overflows to
 * Infinity and the result is exactly 0, never NaN.
 */
export function activationScalar(kind: Activation, z: number, alpha: number): number {
  switch (kind) {
    case 'sigmoid':
      return 1 / (1 + Math.exp(-z));
    case 'tanh':
      return tanh(z);
    case 'relu':
      return z > 0 ? z : 0;
    case 'leakyRelu':
      return z > 0 ? z : alpha * z;
    case 'linear':
      return z;
  }
}

/** g'(z) for one scalar, with relu'(0) = 0 and leakyRelu'(0) = alpha (the course's convention). */
export function activationDerivativeScalar(kind: Activation, z: number, alpha: number): number {
  switch (kind) {
    case 'sigmoid': {
      const s = 1 / (1 + Math.exp(-z));
      return s * (1 - s);
    }
    case 'tanh': {
      const t = tanh(z);
      return 1 - t * t;
    }
    case 'relu':
      return z > 0 ? 1 : 0;
    case 'leakyRelu':
      return z > 0 ? 1 : alpha;
    case 'linear':
      return 1;
  }
}
