// The data column: which dataset (of the problem type), its noise, the train:test ratio, the
// batch size, and Regenerate (a new data seed).
import type { Client } from '../client';
import { datasetsFor, BATCH_SIZES, CLASS_COUNTS, choicesWith, datasetInfo, withDataset } from '../settings';
import { diagnostics, settings, updateSettings } from '../state';
import { DiagnosticBadge } from './Diagnostics';
import { numberChoices, RangeField, SelectField } from './fields';
import type { DatasetName } from '@ann/core/constants';

const DATASET_LABELS: Record<string, string> = {
  planarFlower: 'Flower (course 1)',
  moons: 'Moons',
  circles: 'Circles',
  xor: 'XOR',
  gaussian: 'Gaussian',
  spiral: 'Spiral',
  spirals: 'Spirals',
  blobs: 'Blobs',
  plane: 'Plane',
  multiGaussian: 'Multi-Gaussian',
};

export function DataPanel({ client }: { client: Client }) {
  const s = settings.value;
  const info = datasetInfo(s.dataset);
  const hasNoise = info?.defaults.noise !== undefined;
  const set = (patch: Partial<typeof s>) => updateSettings((x) => ({ ...x, ...patch }));
  const inputBadges = diagnostics.value.filter((d) => d.code === 'unnormalizedInputs');
  return (
    <section class="panel data-panel" aria-label="Data">
      <h2>Data</h2>
      <SelectField
        label="Dataset"
        tip={info?.description ?? 'The examples the network learns from.'}
        value={s.dataset}
        choices={datasetsFor(s.problem).map((d) => ({ value: d.name, label: DATASET_LABELS[d.name] ?? d.name }))}
        onChange={(dataset: DatasetName) => updateSettings((x) => withDataset(x, dataset))}
      />
      {s.problem === 'multiclass' && (
        <SelectField
          label="Classes"
          tip="How many classes (spiral arms or blobs) the data has; the output layer gets one softmax unit per class."
          value={s.classes}
          choices={numberChoices(CLASS_COUNTS, String)}
          onChange={(classes) => set({ classes })}
        />
      )}
      <p class="muted small-text">{info?.description}</p>
      <RangeField
        label="Noise"
        tip={hasNoise ? 'How much random noise is added to the points, from none to the most this generator takes.' : 'This dataset has no noise option (the slider has no effect on it).'}
        value={s.noise}
        min={0}
        max={100}
        step={5}
        shown={hasNoise ? `${s.noise}%` : 'n/a'}
        onChange={(noise) => set({ noise })}
      />
      <RangeField
        label="Ratio of training data"
        tip="The share of the examples the network trains on; the rest is the test set it is judged on."
        value={s.trainPercent}
        min={10}
        max={90}
        step={10}
        shown={`${s.trainPercent}%`}
        onChange={(trainPercent) => set({ trainPercent })}
      />
      <SelectField
        label="Batch size"
        tip="Examples per update: the full batch (one step = one iteration of gradient descent), or mini-batches (one step = one epoch, several updates)."
        value={s.batchSize}
        choices={numberChoices(choicesWith(BATCH_SIZES, s.batchSize), (b) => (b === 0 ? 'Full batch' : String(b)))}
        onChange={(batchSize) => set({ batchSize })}
      />
      <button type="button" title="Draw the data again with a new seed (same dataset, noise and split ratio)." onClick={() => client.regenerateData()}>
        Regenerate
      </button>
      {inputBadges.map((d) => (
        <DiagnosticBadge key={d.key} entry={d} />
      ))}
    </section>
  );
}
