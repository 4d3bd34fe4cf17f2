import { describe, expect, it } from 'vitest';
import { standardize } from '../data/preprocess';
import { datasets } from '../datasets/index';
import { ValueError } from '../errors';
import { type FloatArray, Matrix } from '../matrix';
import { Network } from '../network';
import { MODEL_VERSION, type ModelFileJSON } from './document';
import { ModelFileError } from './errors';
import { Model } from './model';
import { modelCases, rawInputs, trainedModel } from './test-models';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests poke arbitrary JSON paths into documents
type Json = any;

const cases = modelCases();
const moons = datasets.moons({ m: 120, noise: 0.2, seed: 3 });

/** Bit-for-bit equality of two typed arrays (distinguishes -0 and 0, NaN patterns aside). */
function sameBits(a: FloatArray, b: FloatArray): boolean {
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  return x.length === y.length && x.every((v, k) => v === y[k]);
}

function copyOf(model: Model): ModelFileJSON & Record<string, unknown> {
  return JSON.parse(model.serialize()) as ModelFileJSON & Record<string, unknown>;
}

function errorOf(action: () => unknown): ModelFileError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ModelFileError);
    return error as ModelFileError;
  }
  throw new Error('expected a ModelFileError');
}

describe('Model', () => {
  it('applies the stored preprocessing in predict, predictProba and evaluate', () => {
    for (const { name, model, Xraw, Y } of cases) {
      let X = Xraw;
      for (const t of model.preprocessing) X = t.transform(X);
      expect(model.transform(Xraw).data, name).toEqual(X.data);
      expect(model.predictProba(Xraw).data, name).toEqual(model.network.predictProba(X).data);
      expect(model.predict(Xraw).data, name).toEqual(model.network.predict(X).data);
      expect(model.evaluate(Xraw, Y), name).toEqual(model.network.evaluate(X, Y));
    }
  });

  it('names classes', () => {
    const softmax = cases[1]!.model;
    const names = softmax.predictClassNames(cases[1]!.Xraw);
    expect(names).toEqual(Array.from(softmax.predict(cases[1]!.Xraw).data, (k) => ['a', 'b', 'c'][k]));
    expect(() => cases[3]!.model.predictClassNames(cases[3]!.Xraw)).toThrow('needs classNames');
  });

  it('checks raw X at its boundary, naming the raw feature count', () => {
    const model = cases[1]!.model;
    expect(() => model.predict(new Matrix(3, 4))).toThrow('Model.transform: X is (3, 4) but the model takes n_x = 2 raw features (x1, x2)');
  });

  it('refuses inconsistent parts when constructed', () => {
    const network = new Network({ layers: [2, 3, 3], output: 'softmax' });
    expect(() => new Model({ network, classNames: ['a', 'b'] })).toThrow('new Model: classNames: expected 3 names (softmax over 3 classes), got 2');
    expect(() => new Model({ network, featureNames: ['x'] })).toThrow('new Model: featureNames: expected 2 names (n_x = layers[0]), got 1');
    const wide = standardize().fit(new Matrix(3, 2, Float64Array.from([1, 2, 3, 4, 5, 6])));
    expect(() => new Model({ network, preprocessing: [wide] })).toThrow('new Model: preprocessing[0].mean: expected 2 entries (n_x = layers[0]), got 3');
    expect(() => new Model({ network: {} as Network })).toThrow('network must be a Network');
    const binary = new Network({ layers: [2, 1] });
    expect(() => new Model({ network: binary, classNames: ['a', 'b', 'c'] })).toThrow('expected 2 names (a binary sigmoid output: the names of 0 and 1), got 3');
  });
});

describe('the model file', () => {
  it('round-trips: parameters, statistics and predictions bit for bit, and every field', () => {
    for (const { name, model, Xraw } of cases) {
      model.metrics = { train: model.evaluate(Xraw, cases.find((c) => c.model === model)!.Y), note: 'ok' };
      const text = model.serialize();
      const back = Model.parse(text, 'model.json');
      const params = model.network.getParameters();
      const backParams = back.network.getParameters();
      expect(Object.keys(backParams), name).toEqual(Object.keys(params));
      for (const key of Object.keys(params)) expect(sameBits(backParams[key]!.data, params[key]!.data), `${name} ${key}`).toBe(true);
      const stats = model.network.getBatchNormStatistics();
      for (const key of Object.keys(stats)) expect(sameBits(back.network.getBatchNormStatistics()[key]!.data, stats[key]!.data), `${name} ${key}`).toBe(true);
      expect(sameBits(back.predictProba(Xraw).data, model.predictProba(Xraw).data), name).toBe(true);
      expect(back.serialize(), name).toBe(text);
      expect(back.network.iterationsTrained).toBe(model.network.iterationsTrained);
      expect(back.classNames).toEqual(model.classNames);
      expect(back.featureNames).toEqual(model.featureNames);
      expect(back.labelName).toEqual(model.labelName);
      expect(back.metrics).toEqual(JSON.parse(JSON.stringify(model.metrics)));
      delete model.metrics;
    }
  });

  it('stores NaN metrics (a regression accuracy) as null', () => {
    const { model, Xraw, Y } = cases[3]!;
    model.metrics = { test: model.evaluate(Xraw, Y) };
    const back = Model.parse(model.serialize());
    expect((back.metrics!.test as { accuracy: unknown }).accuracy).toBeNull();
    expect((back.metrics!.test as { mse: number }).mse).toBe((model.metrics.test as { mse: number }).mse);
    delete model.metrics;
  });

  it('writes version 2 with one line per matrix', () => {
    const text = cases[0]!.model.serialize();
    const doc = JSON.parse(text) as ModelFileJSON;
    expect(doc.format).toBe('ann-model');
    expect(doc.version).toBe(MODEL_VERSION);
    expect(MODEL_VERSION).toBe(2);
    expect(Object.keys(doc)).toEqual(['format', 'version', 'architecture', 'initialization', 'preprocessing', 'classNames', 'training', 'parameters']);
    expect(text).toMatch(/\n {6}"data": \[[^\n]+\]\n/);
  });

  it('saves the training configuration, seed and checkpoint, and resumes bit for bit', () => {
    const Xraw = rawInputs(moons.X);
    const scaler = standardize().fit(Xraw);
    const X = scaler.transform(Xraw);
    const options = { learningRate: 0.01, epochs: 8, batchSize: 32, optimizer: 'adam' as const, keepProb: 0.9, recordEvery: 1 };
    const whole = new Network({ layers: [2, 6, 1], seed: 3 });
    whole.fit(X, moons.Y, options);

    const part = new Network({ layers: [2, 6, 1], seed: 3 });
    const trainer = part.trainer(X, moons.Y, options);
    for (let k = 0; k < 13; k++) trainer.step();
    const { signal: _none, ...config } = { ...options, signal: undefined };
    const saved = new Model({ network: part, preprocessing: [scaler], training: { config, seed: 3, checkpoint: trainer.checkpoint() } }).serialize();

    const loaded = Model.parse(saved);
    expect(loaded.training!.config).toEqual(config);
    expect(loaded.training!.seed).toBe(3);
    expect(loaded.training!.checkpoint!.earlyStopping).toBeNull();
    loaded.network.fit(loaded.transform(Xraw), moons.Y, { ...(loaded.training!.config as typeof options), resume: loaded.training!.checkpoint });
    const a = loaded.network.getParameters();
    const b = whole.getParameters();
    for (const key of Object.keys(b)) expect(sameBits(a[key]!.data, b[key]!.data), key).toBe(true);
  });

  it('keeps an early-stopping checkpoint with no best yet (Infinity) through JSON', () => {
    const net = new Network({ layers: [2, 3, 1] });
    const trainer = net.trainer(moons.X, moons.Y, { learningRate: 0.1, iterations: 10, validationData: { X: moons.X, Y: moons.Y }, earlyStopping: { patience: 2 }, recordEvery: 5 });
    const checkpoint = trainer.checkpoint();
    expect(checkpoint.earlyStopping!.best).toBe(Infinity);
    const back = Model.parse(new Model({ network: net, training: { config: {}, checkpoint } }).serialize());
    expect(back.training!.checkpoint!.earlyStopping).toEqual({ best: Infinity, wait: 0 });
  });

  it('refuses what JSON cannot hold instead of dropping it', () => {
    const network = new Network({ layers: [2, 1] });
    const model = new Model({ network, training: { config: { shuffleSeed: (e: number) => e + 11 } } });
    expect(() => model.serialize()).toThrow('Model.toJSON: training.config.shuffleSeed: a function cannot be stored in a model file');
    model.training = { config: { validationData: { X: new Matrix(1, 1) } } };
    expect(() => model.serialize()).toThrow('training.config.validationData.X: a Matrix cannot be stored in a model file');
  });

  it('loads version 1 documents (Network.toJSON before model files), bare or as files', () => {
    const net = new Network({ layers: [2, 3, 1], hidden: 'tanh', seed: 2 });
    net.fit(moons.X, moons.Y, { learningRate: 0.5, iterations: 20 });
    const v1 = JSON.parse(JSON.stringify(net.toJSON())) as Record<string, unknown>;
    v1.version = 1;
    delete v1.preprocessing;
    const model = Model.fromJSON(v1);
    expect(model.preprocessing).toEqual([]);
    expect(model.predictProba(moons.X).data).toEqual(net.predictProba(moons.X).data);
    expect(Network.fromJSON(v1).getParameters()).toEqual(net.getParameters());
    // A literal version-1 file, as @ann/core 0.1.0 wrote it.
    const literal = `{"format":"ann-model","version":1,"architecture":{"layers":[2,2,1],"hidden":["relu","relu"].slice(0,1),"output":"sigmoid","leakyReluAlpha":0.01},"initialization":{"init":"xavier","initScale":0.01,"seed":1},"training":{"iterations":0},"parameters":{"W1":{"shape":[2,2],"data":[0.5,-0.25,1,2]},"b1":{"shape":[2,1],"data":[0,0.1]},"W2":{"shape":[1,2],"data":[1,-1]},"b2":{"shape":[1,1],"data":[0.3]}}}`;
    expect(errorOf(() => Model.parse(literal, 'old.json')).message).toMatch(/^old\.json:1:\d+: invalid JSON/);
    const fixed = Model.parse(literal.replace('["relu","relu"].slice(0,1)', '["relu"]'), 'old.json');
    const p = fixed.predictProba(new Matrix(2, 1, Float64Array.from([1, 1])));
    // A1 = relu([0.25, 3.1]); z2 = 0.25 - 3.1 + 0.3
    expect(p.data[0]).toBe(1 / (1 + Math.exp(-(0.25 - 3.1 + 0.3))));
    expect(() => Model.parse(JSON.stringify({ ...v1, preprocessing: [] }))).toThrow('Model.parse: preprocessing: unexpected key');
  });
});

describe('the model file: bad input', () => {
  const good = cases[1]!.model; // softmax, scale + minmax, names
  const bn = cases[2]!.model; // batch norm
  const mutate = (model: Model, change: (doc: Json) => void): Record<string, unknown> => {
    const doc = copyOf(model) as Json;
    change(doc);
    return doc;
  };
  const message = (doc: unknown): string => errorOf(() => Model.fromJSON(doc, 'model.json')).message;

  it('wrong shapes', () => {
    expect(message(mutate(good, (d) => (d.parameters.W2 = { shape: [4, 4], data: new Array(16).fill(0) })))).toBe(
      'model.json: parameters.W2: expected (4, 5), got (4, 4)',
    );
    expect(message(mutate(good, (d) => (d.parameters.W2.shape = [4, 4])))).toBe('model.json: parameters.W2.data: has 20 entries but shape (4, 4) needs 16');
    expect(message(mutate(good, (d) => (d.parameters.b1.shape = [5])))).toBe('model.json: parameters.b1.shape[1]: expected number, got undefined');
    expect(message(mutate(bn, (d) => (d.batchNormStatistics.mean1 = { shape: [7, 1], data: new Array(7).fill(0) })))).toBe(
      'model.json: batchNormStatistics.mean1: expected (8, 1), got (7, 1)',
    );
    expect(message(mutate(good, (d) => (d.preprocessing[1].min = [0, 0, 0])))).toBe('model.json: preprocessing[1].min: expected 2 entries (n_x = layers[0]), got 3');
    expect(message(mutate(good, (d) => (d.architecture.hidden = ['tanh'])))).toBe(
      'model.json: architecture.hidden: expected 2 activations (one per hidden layer of layers [2,5,4,3]), got 1',
    );
    expect(message(mutate(good, (d) => d.classNames.pop()))).toBe('model.json: classNames: expected 3 names (softmax over 3 classes), got 2');
  });

  it('missing fields', () => {
    expect(message(mutate(good, (d) => delete d.architecture.output))).toBe('model.json: architecture.output: missing');
    expect(message(mutate(good, (d) => delete d.parameters.b1))).toBe('model.json: parameters.b1: missing');
    expect(message(mutate(bn, (d) => delete d.batchNormStatistics))).toBe('model.json: batchNormStatistics: missing (the network has batch normalization)');
    expect(message(mutate(good, (d) => delete d.preprocessing))).toBe('model.json: preprocessing: missing');
    expect(message(mutate(good, (d) => delete d.preprocessing[0].factor))).toBe('model.json: preprocessing[0].factor: missing');
    expect(message(mutate(good, (d) => delete d.format))).toBe('model.json: format: expected "ann-model", got nothing');
  });

  it('bad values', () => {
    expect(message(mutate(good, (d) => (d.parameters.W1.data[3] = Number.NaN)))).toBe('model.json: parameters.W1.data[3]: expected a finite number, got NaN');
    expect(message(mutate(good, (d) => (d.parameters.W1.data[0] = null)))).toBe('model.json: parameters.W1.data[0]: expected a finite number, got null');
    expect(message(mutate(good, (d) => (d.parameters.W1.data[1] = 'x')))).toBe('model.json: parameters.W1.data[1]: expected a finite number, got "x"');
    expect(errorOf(() => Model.parse(good.serialize().replace(/"data": \[[-\d.e]+/, '"data": [NaN'), 'model.json')).message).toMatch(
      /^model\.json:\d+:\d+: invalid JSON \(InvalidSymbol\)$/,
    );
    expect(message(mutate(good, (d) => (d.architecture.hidden[0] = 'swish')))).toBe(
      'model.json: architecture.hidden[0]: expected ("sigmoid" | "tanh" | "relu" | "leakyRelu" | "linear"), got "swish"',
    );
    expect(message(mutate(good, (d) => (d.architecture.layers[1] = 2.5)))).toBe('model.json: architecture.layers[1]: expected an integer, got 2.5');
    expect(message(mutate(good, (d) => (d.preprocessing[0].kind = 'log')))).toBe('model.json: preprocessing[0].kind: expected kind ("scale" | "divide" | "standardize" | "minmax" | "features"), got "log"');
    expect(message(mutate(good, (d) => (d.preprocessing[1].range[0] = 0)))).toBe('model.json: preprocessing[1].range[0]: expected a positive number, got 0');
    expect(message(mutate(good, (d) => (d.extra = 1)))).toBe('model.json: extra: unexpected key');
    expect(message(mutate(good, (d) => (d.parameters.W9 = d.parameters.W1)))).toBe(
      'model.json: parameters.W9: unexpected key; layers [2,5,4,3] have the parameters W1, b1, W2, b2, W3, b3',
    );
    expect(message([])).toBe('model.json: (document): expected an object (a model document), got an array');
  });

  it('bad checkpoints', () => {
    const net = new Network({ layers: [2, 3, 1] });
    const trainer = net.trainer(moons.X, moons.Y, { learningRate: 0.1, iterations: 4, optimizer: 'adam' });
    trainer.step();
    const model = new Model({ network: net, training: { config: { learningRate: 0.1 }, checkpoint: trainer.checkpoint() } });
    expect(message(mutate(model, (d) => d.training.checkpoint.optimizer.v.W1.pop()))).toBe(
      'model.json: training.checkpoint.optimizer.v.W1: expected 6 entries (the size of W1), got 5',
    );
    expect(message(mutate(model, (d) => d.training.checkpoint.rng.key.pop()))).toBe('model.json: training.checkpoint.rng.key: expected 624 words, got 623');
    expect(message(mutate(model, (d) => (d.training.checkpoint.optimizer.type = 'lion')))).toBe(
      'model.json: training.checkpoint.optimizer.type: expected ("gd" | "momentum" | "rmsprop" | "adam"), got "lion"',
    );
    const bad = trainer.checkpoint();
    bad.optimizer.s = {};
    expect(() => new Model({ network: net, training: { config: {}, checkpoint: bad } })).toThrow('new Model: training.checkpoint.optimizer.s.W1: missing');
  });

  it('refuses unknown future versions and other formats', () => {
    expect(message(mutate(good, (d) => (d.version = 99)))).toBe(
      'model.json: version: this model was written by a newer ann (format version 99); this @ann/core reads versions 1 to 2. Upgrade @ann/core to load it.',
    );
    expect(message(mutate(good, (d) => (d.version = '2')))).toBe('model.json: version: expected a positive integer, got "2"');
    expect(message(mutate(good, (d) => (d.format = 'keras')))).toBe('model.json: format: expected "ann-model", got "keras"');
    expect(message({ format: 'layers-model', modelTopology: {} })).toBe(
      'model.json: format: expected "ann-model", got "layers-model"; this is a TensorFlow.js model: load it with importTfjs or readTfjs',
    );
  });

  it('reports truncated or broken JSON with its line and column', () => {
    const text = good.serialize();
    // Cut inside W1's data, right after a digit: the JSON ends where the text does.
    let end = text.indexOf('"data": [', text.indexOf('"W1"')) + 30;
    while (!/[0-9]/.test(text[end - 1]!) || !/[0-9]/.test(text[end]!)) end++; // inside a number, whatever the digits
    const cut = text.slice(0, end);
    const error = errorOf(() => Model.parse(cut, 'model.json'));
    const lines = cut.trimEnd().split('\n');
    expect(error.line).toBe(lines.length);
    expect(error.column).toBe(lines[lines.length - 1]!.length + 1);
    expect(error.message).toBe(`model.json:${error.line}:${error.column}: invalid JSON (${error.detail.match(/\((\w+)\)/)![1]}); the file ends early (was it truncated?)`);
    expect(errorOf(() => Model.parse('{\n  "format": "ann-model",\n  "version": 2,,\n}', 'm.json')).message).toBe('m.json:3:16: invalid JSON (PropertyNameExpected)');
    expect(errorOf(() => Model.parse('', 'm.json')).message).toBe('m.json:1:1: the file is empty');
  });

  it('cannot be polluted through __proto__ keys, at any depth', () => {
    const text = good.serialize();
    const attempts: [string, string][] = [
      [text.replace('{\n', '{\n  "__proto__": {"polluted": true},\n'), '__proto__: unexpected key'],
      [text.replace('"parameters": {', '"parameters": {"__proto__": {"polluted": true},'), 'parameters.__proto__: unexpected key'],
      [text.replace('"training": {', '"training": {"config": {"__proto__": {"polluted": true}},'), 'training.config.__proto__: unexpected key'],
      [text.replace('"kind": "scale",', '"kind": "scale", "__proto__": {"polluted": true},'), 'preprocessing[0].__proto__: unexpected key'],
      [text.replace('"architecture": {', '"metrics": {"a": [{"__proto__": {"polluted": true}}]}, "architecture": {'), 'metrics.a[0].__proto__: unexpected key'],
    ];
    for (const [attempt, expected] of attempts) {
      expect(attempt).not.toBe(text);
      expect(errorOf(() => Model.parse(attempt, 'model.json')).message).toBe(`model.json: ${expected}`);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('polluted');
    }
    // constructor / prototype keys are only data: they never reach a prototype.
    const model = new Model({ network: new Network({ layers: [2, 1] }), metrics: { constructor: { prototype: { polluted: true } } } });
    const back = Model.parse(model.serialize());
    expect(back.metrics).toEqual({ constructor: { prototype: { polluted: true } } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('evaluates nothing: code in a string stays a string', () => {
    const model = new Model({ network: new Network({ layers: [2, 1] }), labelName: '${process.exit(1)}', metrics: { f: 'function () { throw 1 }' } });
    const back = Model.parse(model.serialize());
    expect(back.labelName).toBe('${process.exit(1)}');
    expect(back.metrics!.f).toBe('function () { throw 1 }');
  });

  it('keeps Network.fromJSON errors on the same paths', () => {
    const doc = mutate(good, (d) => (d.parameters.W3.shape = [2, 4]));
    expect(() => Network.fromJSON(doc)).toThrow(ValueError);
    expect(() => Network.fromJSON(doc)).toThrow('Network.fromJSON: parameters.W3.data: has 12 entries but shape (2, 4) needs 8');
  });
});

describe('trainedModel helper', () => {
  it('gives distinct predictions per case (the fixtures exercise something)', () => {
    for (const { model, Xraw, name } of cases) {
      const p = model.predictProba(Xraw).data;
      expect(new Set(p).size, name).toBeGreaterThan(10);
    }
    expect(trainedModel).toBeTypeOf('function');
  });
});
