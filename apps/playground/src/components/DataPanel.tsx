// The data column: the problem type, which dataset (of the problem type) — a preview of each to click, as in
// TensorFlow Playground, and the same choice as a native select —, its noise, the train:test
// ratio, the batch size, and Regenerate (a new data seed).
// One file: one panel's controls, all reading and writing the same settings, with the dataset
// previews as small components beside them.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { Client } from '../client';
import { CLASS_COLORS, css, NEGATIVE, pointDiverging, POSITIVE } from '../colors';
import type { DataPoints, ProblemType } from '../protocol';
import { datasetsFor, BATCH_SIZES, CLASS_COUNTS, datasetInfo, PROBLEM_TYPES, withDataset, withProblem } from '../settings';
import { data, dataNotice, diagnostics, drawn, drawTool, settings, thumbnails, updateSettings, uploaded } from '../state';
import { emptyDrawing } from '../drawing';
import { dataCsv } from '../export-data';
import { downloadText } from './ModelTools';
import { DiagnosticBadge } from './Diagnostics';
import { FileButton, NumberSetting, numberChoices, RangeField, readFile, SelectField } from './fields';
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

/** Diagnostics about the data itself, shown by the data card's buttons. */
const DATA_CODES: readonly string[] = ['unnormalizedInputs', 'singleClass', 'fewExamples', 'vanishingInputs'];

export function DataPanel({ client }: { client: Client }) {
  const s = settings.value;
  const set = (patch: Partial<typeof s>) => updateSettings((x) => ({ ...x, ...patch }));
  const inputBadges = diagnostics.value.filter((d) => DATA_CODES.includes(d.code));
  const own = uploaded.value;
  const blank = drawn.value?.blank === true;
  const notice = dataNotice.value;
  const onText = (text: string, fileName: string) => client.uploadData(text, fileName, null);
  const onError = (message: string) => (dataNotice.value = message);
  return (
    <section
      class="panel data-panel"
      aria-label="Data"
      onDragOver={(event) => {
        if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
      }}
      onDrop={(event) => {
        const file = event.dataTransfer?.files[0];
        if (file === undefined) return;
        event.preventDefault();
        readFile(file, onText, onError);
      }}
    >
      <h2>Data</h2>
      <div class="upload-row">
        <FileButton
          label="Upload data"
          tip="Your own data: a CSV with two or more feature columns (all are trained; two are plotted) and a label column (the last, unless you pick another). Or drop the file on this card."
          accept=".csv,.tsv,.txt,text/csv"
          onText={onText}
          onError={onError}
        />
        <button
          type="button"
          aria-pressed={blank}
          title="Draw your own data: a blank plane (the current dataset's frame, no points) to draw points of each class on with the Draw tool"
          onClick={() => {
            if (!blank) drawn.value = emptyDrawing(true);
            drawTool.value = { ...drawTool.value, on: true, erase: false };
          }}
        >
          Draw your own
        </button>
        <span class="muted small-text">or drop a CSV here</span>
      </div>
      {notice !== null && (
        <p class="small-text tool-error" role="alert" data-testid="data-notice">
          {notice}
        </p>
      )}
      {blank ? <BlankPlane client={client} /> : own !== null ? <UploadedData client={client} /> : <GeneratedData />}
      <RangeField
        label="Ratio of training data"
        tip="The share of the examples the network trains on; the rest is the test set it is judged on."
        value={s.trainPercent}
        min={10}
        max={100}
        step={10}
        shown={`${s.trainPercent}%`}
        onChange={(trainPercent) => set({ trainPercent })}
      />
      <NumberSetting
        label="Batch size"
        tip="Examples per update: the full batch (one step = one iteration of gradient descent), or mini-batches (one step = one epoch, several updates)."
        value={s.batchSize}
        options={BATCH_SIZES}
        format={(b) => (b === 0 ? 'Full batch' : String(b))}
        onChange={(batchSize) => set({ batchSize })}
      />
      {s.batchSize > 0 && (
        <SelectField
          label="Mini-batch shuffle"
          tip="How each epoch's examples are shuffled into mini-batches: from the network's generator, or as the course's C2W2 notebook does (a generator seeded 11 + epoch)."
          value={s.shuffle}
          choices={[
            { value: 'generator', label: 'Weight seed' },
            { value: 'course', label: 'Course (seed 11 + epoch)' },
          ]}
          onChange={(shuffle) => set({ shuffle })}
        />
      )}
      <button type="button" title="Draw the data again with a new seed (same dataset, noise and split ratio)." onClick={() => client.regenerateData()}>
        Regenerate
      </button>
      <button
        type="button"
        title="Download the training and test examples as a CSV (the features, y and which set each is in), drawn points included"
        onClick={() => {
          const points = data.value;
          if (points === null) return;
          const own = uploaded.value;
          const name = drawn.value?.blank === true ? 'drawing' : own !== null ? own.fileName.replace(/\.[^.]*$/, '') : s.problem === 'multiclass' ? `${s.dataset}-${s.classes}` : s.dataset;
          downloadText(dataCsv(points, own?.classNames ?? []), `${name}-data.csv`, 'text/csv');
        }}
      >
        Export data
      </button>
      {inputBadges.map((d) => (
        <DiagnosticBadge key={d.key} entry={d} />
      ))}
    </section>
  );
}

const THUMB = 44;

/** One preview: the points alone, coloured as the output plot colours them, on a light ground. */
function paintThumbnail(canvas: HTMLCanvasElement, points: DataPoints): void {
  const context = canvas.getContext('2d');
  if (context === null) return;
  const dpr = window.devicePixelRatio || 1;
  const px = Math.round(THUMB * dpr);
  if (canvas.width !== px) {
    canvas.width = px;
    canvas.height = px;
  }
  context.fillStyle = '#f6f6f4';
  context.fillRect(0, 0, px, px);
  const { xMin, xMax, yMin, yMax } = points.bounds;
  const r = 1.5 * dpr;
  const regression = points.classes === 0;
  const half = (points.yMax - points.yMin) / 2 || 1;
  const middle = (points.yMax + points.yMin) / 2;
  for (let k = 0; k < points.x1.length; k++) {
    const y = points.y[k]!;
    context.fillStyle = regression
      ? css(pointDiverging((y - middle) / half))
      : points.classes > 2
        ? css(CLASS_COLORS[Math.round(y) % CLASS_COLORS.length]!)
        : css(y >= 0.5 ? POSITIVE : NEGATIVE);
    const x = ((points.x1[k]! - xMin) / (xMax - xMin)) * px;
    const v = ((yMax - points.x2[k]!) / (yMax - yMin)) * px;
    context.fillRect(x - r, v - r, 2 * r, 2 * r);
  }
}

/** The problem type (and the classes of a multi-class one): what the generated datasets, and a drawing's classes, are. */
function ProblemFields() {
  const s = settings.value;
  return (
    <>
      <SelectField
        label="Problem type"
        tip="Classification (two classes, sigmoid output), multi-class (softmax over K classes) or regression (a real value, linear output). It picks the datasets, and the classes you draw."
        value={s.problem}
        choices={PROBLEM_TYPES}
        onChange={(problem: ProblemType) => updateSettings((x) => withProblem(x, problem))}
      />
      {s.problem === 'multiclass' && (
        <SelectField
          label="Classes"
          tip="How many classes (spiral arms, blobs, or classes to draw) the data has; the output layer gets one softmax unit per class."
          value={s.classes}
          choices={numberChoices(CLASS_COUNTS, String)}
          onChange={(classes) => updateSettings((x) => ({ ...x, classes }))}
        />
      )}
    </>
  );
}

/** Data of the user's own (a drawing or an upload): what it is, its controls, and the way back to generated data. */
function OwnData({ client, testId, children }: { client: Client; testId: string; children: ComponentChildren }) {
  return (
    <div class="uploaded" data-testid={testId}>
      {children}
      <button type="button" onClick={() => client.useGeneratedData()}>
        Use generated data
      </button>
    </div>
  );
}

/** A blank plane to draw on: the problem type (the classes to draw), and the way back to generated data. */
function BlankPlane({ client }: { client: Client }) {
  const count = drawn.value?.x1.length ?? 0;
  return (
    <OwnData client={client} testId="blank-plane">
      <p class="small-text">
        <strong>Your drawing</strong>: {count} point{count === 1 ? '' : 's'} on a blank plane. Draw them with the Draw tool under the plot; they are split into training and test
        data as an upload is. Not in the link.
      </p>
      <ProblemFields />
    </OwnData>
  );
}

/** The generated data's controls: the problem type, the dataset (previews and a select), classes, noise. */
function GeneratedData() {
  const s = settings.value;
  const info = datasetInfo(s.dataset);
  const hasNoise = info?.defaults.noise !== undefined;
  const set = (patch: Partial<typeof s>) => updateSettings((x) => ({ ...x, ...patch }));
  return (
    <>
      <ProblemFields />
      <DatasetPicker />
      <SelectField
        label="Dataset"
        tip={info?.description ?? 'The examples the network learns from.'}
        value={s.dataset}
        choices={datasetsFor(s.problem).map((d) => ({ value: d.name, label: DATASET_LABELS[d.name] ?? d.name }))}
        onChange={(dataset: DatasetName) => updateSettings((x) => withDataset(x, dataset))}
      />
      <p class="muted small-text">{info?.description}</p>
      <RangeField
        label="Noise"
        tip={hasNoise ? 'How much random noise is added to the points, from none to the most this generator takes.' : 'This dataset takes no noise: its points are fixed by the generator, so the slider is off.'}
        value={s.noise}
        min={0}
        max={100}
        step={5}
        disabled={!hasNoise}
        shown={hasNoise ? `${Number.isInteger(s.noise) ? s.noise : s.noise.toFixed(1)}%` : '(none for this dataset)'}
        onChange={(noise) => set({ noise })}
      />
    </>
  );
}

/** The two selects of which features the plot shows, x₁ across and x₂ up. */
const PLOT_AXES = [
  {
    label: 'Plot x₁',
    tip: "The feature along the plot's horizontal axis. The network trains on every feature; the plot's maps hold the unplotted ones at their training means. Another pair changes only the view: the run goes on.",
  },
  { label: 'Plot x₂', tip: "The feature along the plot's vertical axis." },
] as const;

/** The uploaded file: what it holds, its label column (a select), and the way back to generated data. */
function UploadedData({ client }: { client: Client }) {
  const own = uploaded.value;
  if (own === null) return null;
  const problem = PROBLEM_TYPES.find((p) => p.value === own.problem)?.label ?? own.problem;
  const wide = own.features.length > 2;
  const featureChoices = own.features.map((name, i) => ({ value: i, label: name }));
  // Picking the other axis's feature swaps the two.
  const pick = (axis: 0 | 1, i: number) => {
    const next: [number, number] = [...own.plot];
    if (next[1 - axis] === i) next[1 - axis] = next[axis];
    next[axis] = i;
    client.plotFeatures(next);
  };
  return (
    <OwnData client={client} testId="uploaded-data">
      <p class="small-text">
        <strong>{own.fileName}</strong>: {own.m} examples;{' '}
        {wide ? `${own.features.length} features (${own.features.join(', ')}), all trained` : `x₁ = ${own.features[0]}, x₂ = ${own.features[1]}`}; label {own.label}:{' '}
        {own.problem === 'regression' ? 'numbers (regression)' : `${own.classes} classes (${own.classNames.join(', ')}): ${problem.toLowerCase()}`}. Not in the link.
      </p>
      <SelectField
        label="Label column"
        tip="The column the network learns to predict; the others are its inputs."
        value={own.label}
        choices={own.columns.map((c) => ({ value: c, label: c }))}
        onChange={(label: string) => client.pickLabel(label)}
      />
      {wide && (
        <div class="plot-pair">
          {PLOT_AXES.map(({ label, tip }, axis) => (
            <SelectField key={label} label={label} tip={tip} value={own.plot[axis]!} choices={featureChoices} onChange={(i: number) => pick(axis as 0 | 1, i)} />
          ))}
        </div>
      )}
    </OwnData>
  );
}

/**
 * The datasets of the problem type as small previews: a radio group (one Tab stop, the arrow keys
 * move and pick, as native radios do), each named by its dataset, the picked one outlined. The
 * previews come from the worker (`thumbnails`) for the current classes, noise and data seed.
 */
function DatasetPicker() {
  const s = settings.value;
  const shown = thumbnails.value;
  const group = useRef<HTMLDivElement>(null);
  const names = datasetsFor(s.problem).map((d) => d.name);
  const items = shown?.items.filter((item) => names.includes(item.dataset)) ?? [];
  useEffect(() => {
    const root = group.current;
    if (root === null) return;
    for (const canvas of root.querySelectorAll<HTMLCanvasElement>('canvas')) {
      const item = items.find((i) => i.dataset === canvas.dataset.dataset);
      if (item !== undefined) paintThumbnail(canvas, item.data);
    }
  });
  if (items.length === 0) return null;
  const pick = (dataset: DatasetName) => updateSettings((x) => (x.dataset === dataset ? x : withDataset(x, dataset)));
  const onKeyDown = (event: KeyboardEvent) => {
    const step = event.key === 'ArrowRight' || event.key === 'ArrowDown' ? 1 : event.key === 'ArrowLeft' || event.key === 'ArrowUp' ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const at = items.findIndex((i) => i.dataset === s.dataset);
    const next = items[(Math.max(0, at) + step + items.length) % items.length]!;
    pick(next.dataset);
    // The picked radio takes the focus once it has re-rendered with tabindex 0.
    requestAnimationFrame(() => group.current?.querySelector<HTMLElement>(`[data-dataset-option="${next.dataset}"]`)?.focus());
  };
  return (
    <div class="dataset-picker" role="radiogroup" aria-label="Dataset previews" ref={group} onKeyDown={onKeyDown}>
      {items.map(({ dataset }) => {
        const selected = dataset === s.dataset;
        // Reachable by Tab even while the previews are of another problem type's datasets.
        const tabStop = selected || (dataset === items[0]!.dataset && !items.some((i) => i.dataset === s.dataset));
        const label = DATASET_LABELS[dataset] ?? dataset;
        return (
          <button
            key={dataset}
            type="button"
            role="radio"
            class={`thumb ${selected ? 'selected' : ''}`}
            aria-checked={selected}
            aria-label={label}
            title={label}
            tabindex={tabStop ? 0 : -1}
            data-dataset-option={dataset}
            onClick={() => pick(dataset)}
          >
            <canvas data-dataset={dataset} aria-hidden="true" style={{ width: `${THUMB}px`, height: `${THUMB}px` }} />
          </button>
        );
      })}
    </div>
  );
}

/**
 * Under the plot's title, for data of more than two features: which two the plot shows, and that the
 * others are held at their training means in every map over the plane (the worker's grid).
 */
export function HeldFeatures({ points }: { points: DataPoints | null }) {
  const own = uploaded.value;
  const columns = points?.columns;
  if (own === null || columns === undefined) return null;
  const [across, up] = own.plot;
  const held = columns.names.filter((_, i) => i !== across && i !== up);
  return (
    <span class="plot-caption held-features" data-testid="held-features">
      x₁ = {columns.names[across]}, x₂ = {columns.names[up]}; {held.join(', ')} held at {held.length === 1 ? 'its' : 'their'} training mean{held.length === 1 ? '' : 's'}
    </span>
  );
}
