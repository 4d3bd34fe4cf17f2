import { DATASET_CATALOG } from '@ann/core/constants';
import { describe, expect, it } from 'vitest';
import type { PlaygroundSettings } from './protocol';
import {
  choicesWith,
  datasetsFor,
  decodeSettings,
  DEFAULT_SETTINGS,
  defaultNoise,
  encodeSettings,
  liveKey,
  SETTING_KEYS,
  structureKey,
  withFeature,
  withLayerAdded,
  withLayerRemoved,
  withProblem,
  withUnits,
} from './settings';

/** Settings with every field away from its default. */
const CHANGED: PlaygroundSettings = {
  problem: 'multiclass',
  dataset: 'blobs',
  classes: 5,
  noise: 35,
  trainPercent: 60,
  dataSeed: 77,
  features: ['x1', 'x2', 'x1*x2', 'sin(x2)'],
  hidden: [8, 3, 2],
  activations: ['relu', 'sigmoid', 'leakyRelu'],
  init: 'he',
  initScale: 0.5,
  shuffle: 'course',
  weightSeed: 12345,
  batchSize: 32,
  learningRate: 0.003,
  l2: 0.03,
  dropout: 0.2,
  optimizer: 'adam',
  beta: 0.95,
  beta1: 0.8,
  beta2: 0.99,
  stepsPerFrame: 50,
  stopAt: 10000,
  lesson: 'optimizers',
  showTestData: true,
  discretize: true,
  logScale: true,
};

describe('defaults', () => {
  it('are the course planar experiment', () => {
    expect(DEFAULT_SETTINGS).toMatchObject({
      problem: 'classification',
      dataset: 'planarFlower',
      noise: 0,
      trainPercent: 80,
      dataSeed: 1,
      features: ['x1', 'x2'],
      hidden: [4],
      activations: ['tanh'],
      init: 'random',
      weightSeed: 2,
      batchSize: 0,
      learningRate: 1.2,
      l2: 0,
      dropout: 0,
      optimizer: 'gd',
      stepsPerFrame: 10,
      showTestData: false,
    });
  });

  it('an empty hash gives the defaults and no notice', () => {
    expect(decodeSettings('')).toEqual({ settings: DEFAULT_SETTINGS, notices: [] });
    expect(decodeSettings('#')).toEqual({ settings: DEFAULT_SETTINGS, notices: [] });
  });
});

describe('URL round trip', () => {
  it('every field comes back as it was', () => {
    const hash = encodeSettings(CHANGED);
    expect(decodeSettings(`#${hash}`)).toEqual({ settings: CHANGED, notices: [] });
    // Each field is written, under its own name.
    const params = new URLSearchParams(hash);
    expect([...params.keys()]).toEqual(SETTING_KEYS);
  });

  it('-0 reads as 0, so a link with it round-trips (found by settings.fuzz.test.ts)', () => {
    const { settings } = decodeSettings('noise=-0');
    expect(Object.is(settings.noise, 0)).toBe(true);
    expect(decodeSettings(encodeSettings(settings)).settings).toEqual(settings);
  });

  it('writes numbers as text, booleans as 1/0 and lists comma-separated', () => {
    const hash = encodeSettings(DEFAULT_SETTINGS);
    expect(hash).toContain('problem=classification&dataset=planarFlower');
    expect(hash).toContain('hidden=4&activations=tanh');
    expect(hash).toContain('features=x1,x2');
    expect(hash).toContain('learningRate=1.2');
    expect(hash).toContain('showTestData=0');
    expect(encodeSettings({ ...DEFAULT_SETTINGS, showTestData: true })).toContain('showTestData=1');
    expect(new URLSearchParams(encodeSettings(CHANGED)).get('features')).toBe('x1,x2,x1*x2,sin(x2)');
  });

  it('an empty hidden list is written hidden= and read back as no hidden layer', () => {
    const none = { ...DEFAULT_SETTINGS, hidden: [], activations: [] };
    const hash = encodeSettings(none);
    expect(hash).toContain('hidden=&');
    expect(hash).toContain('activations=&');
    expect(decodeSettings(hash)).toEqual({ settings: none, notices: [] });
  });

  it('a round trip of a small learning rate keeps it exactly', () => {
    const s = { ...DEFAULT_SETTINGS, learningRate: 0.00001 };
    expect(decodeSettings(encodeSettings(s)).settings.learningRate).toBe(0.00001);
  });

  it('missing keys take their defaults', () => {
    const { settings, notices } = decodeSettings('learningRate=0.3&hidden=5,2');
    expect(notices).toEqual([]);
    expect(settings.learningRate).toBe(0.3);
    expect(settings.hidden).toEqual([5, 2]);
    // A hidden list without activations gets the default activation per layer.
    expect(settings.activations).toEqual(['tanh', 'tanh']);
    expect(settings.dataset).toBe('planarFlower');
  });

  it('features are put in core order and accept the escaped form', () => {
    const { settings } = decodeSettings('features=x1%5E2%2Cx1');
    expect(settings.features).toEqual(['x1', 'x1^2']);
  });
});

describe('invalid values', () => {
  const cases: [string, keyof PlaygroundSettings][] = [
    ['problem=ranking', 'problem'],
    ['dataset=mnist', 'dataset'],
    ['noise=150', 'noise'],
    ['trainPercent=5', 'trainPercent'],
    ['dataSeed=-1', 'dataSeed'],
    ['dataSeed=1.5', 'dataSeed'],
    ['features=', 'features'],
    ['features=x3', 'features'],
    ['features=x1,x1', 'features'],
    ['hidden=4,0', 'hidden'],
    ['hidden=33', 'hidden'],
    ['hidden=1,1,1,1,1,1,1', 'hidden'],
    ['activations=swish', 'activations'],
    ['init=ones', 'init'],
    ['initScale=0', 'initScale'],
    ['initScale=1000', 'initScale'],
    ['shuffle=sorted', 'shuffle'],
    ['stopAt=-5', 'stopAt'],
    ['stopAt=2.5', 'stopAt'],
    ['lesson=<script>', 'lesson'],
    ['trainPercent=101', 'trainPercent'],
    ['batchSize=-3', 'batchSize'],
    ['learningRate=0', 'learningRate'],
    ['learningRate=abc', 'learningRate'],
    ['l2=-1', 'l2'],
    ['dropout=1', 'dropout'],
    ['optimizer=sgd', 'optimizer'],
    ['beta2=1', 'beta2'],
    ['stepsPerFrame=0', 'stepsPerFrame'],
    ['showTestData=yes', 'showTestData'],
    ['classes=9', 'classes'],
  ];
  it.each(cases)('%s falls back to the default with a notice naming %s', (hash, key) => {
    const { settings, notices } = decodeSettings(hash);
    expect(settings[key]).toEqual(DEFAULT_SETTINGS[key]);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain(`${key}=`);
  });

  it('one bad value does not spoil the others', () => {
    const { settings, notices } = decodeSettings('learningRate=huge&dropout=0.3&hidden=6');
    expect(notices).toHaveLength(1);
    expect(settings.dropout).toBe(0.3);
    expect(settings.hidden).toEqual([6]);
  });

  it('a dataset of another problem type is refused and the problem gets its first dataset', () => {
    const { settings, notices } = decodeSettings('problem=regression&dataset=moons');
    expect(settings.problem).toBe('regression');
    expect(settings.dataset).toBe(datasetsFor('regression')[0]!.name);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain('dataset=moons');
  });

  it('activations of the wrong length are refused and padded to one per layer', () => {
    const { settings, notices } = decodeSettings('hidden=4,4&activations=relu');
    expect(settings.activations).toEqual(['relu', 'tanh']);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain('activations=');
  });
});

describe('changes from the controls', () => {
  it('a problem type picks the first dataset of its list from the catalogue', () => {
    for (const problem of ['multiclass', 'regression', 'classification'] as const) {
      const s = withProblem(problem === 'classification' ? CHANGED : DEFAULT_SETTINGS, problem);
      expect(s.problem).toBe(problem);
      expect(s.dataset).toBe(datasetsFor(problem)[0]!.name);
      expect(s.noise).toBe(defaultNoise(s.dataset));
    }
    expect(datasetsFor('classification').map((d) => d.name)).toEqual(['planarFlower', 'moons', 'circles', 'xor', 'gaussian', 'spiral']);
  });

  it('every catalogue dataset belongs to exactly one problem type', () => {
    const all = [...datasetsFor('classification'), ...datasetsFor('multiclass'), ...datasetsFor('regression')];
    expect(all.map((d) => d.name).sort()).toEqual(DATASET_CATALOG.map((d) => d.name).sort());
  });

  it('layers and units stay within the limits', () => {
    let s: PlaygroundSettings = DEFAULT_SETTINGS;
    for (let k = 0; k < 10; k++) s = withLayerAdded(s);
    expect(s.hidden).toHaveLength(6);
    expect(s.activations).toHaveLength(6);
    for (let k = 0; k < 10; k++) s = withLayerRemoved(s);
    expect(s.hidden).toEqual([]);
    expect(s.activations).toEqual([]);
    let one = DEFAULT_SETTINGS;
    for (let k = 0; k < 40; k++) one = withUnits(one, 1, 1);
    expect(one.hidden).toEqual([32]);
    for (let k = 0; k < 40; k++) one = withUnits(one, 1, -1);
    expect(one.hidden).toEqual([1]);
  });

  it('features toggle in core order and the last one stays on', () => {
    const s = withFeature(DEFAULT_SETTINGS, 'x1^2', true);
    expect(s.features).toEqual(['x1', 'x2', 'x1^2']);
    const only = withFeature(withFeature(DEFAULT_SETTINGS, 'x1', false), 'x2', false);
    expect(only.features).toEqual(['x2']);
  });

  it('structure and live keys change only with their own fields', () => {
    const live = { ...DEFAULT_SETTINGS, learningRate: 0.3 };
    expect(structureKey(live)).toBe(structureKey(DEFAULT_SETTINGS));
    expect(liveKey(live)).not.toBe(liveKey(DEFAULT_SETTINGS));
    const view = { ...DEFAULT_SETTINGS, showTestData: true, stepsPerFrame: 1 };
    expect(structureKey(view)).toBe(structureKey(DEFAULT_SETTINGS));
    expect(liveKey(view)).toBe(liveKey(DEFAULT_SETTINGS));
    expect(structureKey({ ...DEFAULT_SETTINGS, weightSeed: 3 })).not.toBe(structureKey(DEFAULT_SETTINGS));
  });

  it('a URL value missing from a choice list is added in order', () => {
    expect(choicesWith([0.1, 0.3, 1], 0.5)).toEqual([0.1, 0.3, 0.5, 1]);
    expect(choicesWith([0.1, 0.3, 1], 0.3)).toEqual([0.1, 0.3, 1]);
  });
});

describe('previewNoise', () => {
  it('is the slider’s noise for a dataset that takes noise', async () => {
    const { previewNoise } = await import('./settings');
    expect(previewNoise({ problem: 'classification', dataset: 'moons', noise: 35 })).toBe(35);
  });

  it('is a default noise of the problem type’s datasets when the current one takes none (the flower)', async () => {
    const { previewNoise, datasetsFor, defaultNoise } = await import('./settings');
    const noise = previewNoise({ problem: 'classification', dataset: 'planarFlower', noise: 0 });
    const defaults = datasetsFor('classification')
      .filter((d) => d.defaults.noise !== undefined)
      .map((d) => defaultNoise(d.name));
    expect(defaults).toContain(noise);
    expect(noise).toBeGreaterThan(0);
  });
});
