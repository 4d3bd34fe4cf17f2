import type { Matrix } from './matrix';
import { matrixToJSON, MODEL_FORMAT, MODEL_VERSION, readModelDocument, type MatrixJSON, type ModelFileJSON, type ModelParts } from './model/document';
import type { ResolvedNetworkOptions } from './network-options';

/**
 * The JSON document of a network: a model file (format 'ann-model', version 2) with no
 * preprocessing, names or training configuration. `Network.toJSON` writes it; `Network.fromJSON`
 * reads any model file (version 1 or 2), keeping only the network.
 */
export type NetworkJSON = ModelFileJSON;

interface SerializableNetwork extends ResolvedNetworkOptions {
  readonly iterationsTrained: number;
}

export function networkToJSON(
  net: SerializableNetwork,
  parameters: Record<string, Matrix>,
  statistics: Record<string, Matrix>,
): NetworkJSON {
  const params: Record<string, MatrixJSON> = {};
  for (const [key, M] of Object.entries(parameters)) params[key] = matrixToJSON(M);
  const stats: Record<string, MatrixJSON> = {};
  for (const [key, M] of Object.entries(statistics)) stats[key] = matrixToJSON(M);
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    architecture: {
      layers: [...net.layers],
      hidden: [...net.hidden],
      output: net.output,
      leakyReluAlpha: net.leakyReluAlpha,
      ...(net.dtype === 'float32' ? { dtype: net.dtype } : {}),
      ...(net.batchNorm
        ? { batchNorm: true, batchNormMomentum: net.batchNormMomentum, batchNormEpsilon: net.batchNormEpsilon }
        : {}),
    },
    initialization: { init: net.init, initScale: net.initScale, seed: net.seed },
    preprocessing: [],
    training: { iterations: net.iterationsTrained },
    parameters: params,
    ...(net.batchNorm ? { batchNormStatistics: stats } : {}),
  };
}

/**
 * Validates a model document (see model/document.ts) and returns what `new Network`,
 * `setParameters` and `setBatchNormStatistics` need. Errors are ModelFileErrors naming the path of
 * the bad field (`Network.fromJSON: parameters.W2: expected (7, 20), got (7, 19)`).
 */
export function networkFromJSON(json: unknown, source = 'Network.fromJSON'): ModelParts {
  return readModelDocument(json, source);
}
