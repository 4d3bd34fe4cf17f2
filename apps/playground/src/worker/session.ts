// One playground run, everything the worker keeps between messages: the generated data and its
// train/test split, the feature expansion, the Network and the one core Trainer that steps it. Pure
// TypeScript over @ann/core (no `self`, no DOM), so Node tests drive it exactly as the worker does.
//
// Costs shown and charted: the data cost J = loss/m (no L2 penalty) of the network as it is after
// the epoch, in inference mode (no dropout), from `network.evaluate` on the training and on the test
// set. The chart's point at epoch e is that same number, so a snapshot at epoch e shows exactly its
// last chart point, and epoch 0 shows the initial cost. The trainer's own records are not used for
// the chart: with mini-batches, dropout or L2 they measure something else (the epoch's running
// mini-batch costs, with the penalty), which would not match the displayed cost.
// One file because it is one class whose message handlers all read and change the same run state;
// the pure parts live beside it (grid.ts, math.ts, landscape.ts, own-data.ts).
import {
  ACTIVATIONS,
  AnnError,
  DATASET_CATALOG,
  DivergenceError,
  FEATURE_TERMS,
  INITIALIZATIONS,
  Matrix,
  Network,
  OPTIMIZERS,
  featureExpansion,
  gradientCheck,
  parseCsv,
  runOutcomeDiagnostics,
  runSetupDiagnostics,
  RUN_DIAGNOSTIC_THRESHOLDS,
  trainTestSplit,
  type Dataset,
  type Diagnostic,
  type FitOptions,
  type OutputHead,
  type Trainer,
  type Transformer,
} from '@ann/core';
import {
  GRID_SIZE,
  type DiagnosticItem,
  type GradientCheckReport,
  type FromWorker,
  type GridValues,
  type HistoryPoint,
  type LiveSettings,
  type MathReport,
  type PlotBounds,
  type ProblemType,
  type Snapshot,
  type StructureSettings,
  type Topology,
  type UploadedData,
  type DrawnData,
  type DataPoints,
} from '../protocol';
import { checkClasses, checkDataSeed, checkNoise, checkProblem, inRange, isInteger, oneOf, SettingsError } from './checks';
import { MAX_HIDDEN_LAYERS, MAX_UNITS, TASK_OF } from '../settings';
import { allIndices, datasetBounds, dataPoints, generate } from './data';
import { extentOf, rowMap, squareBounds } from './grid';
import { gradientNormsOf, mathReport } from './math';
import { modelFileText, RAW_FEATURE_NAMES, readModelFile } from './models';
import { checkDrawn, checkPlot, gridAtMeans, MAX_FEATURE_COLUMNS, rowMeans, selectRows, untrainableReason, withDrawn } from './own-data';
import { LandscapeJob, ParameterPath } from './landscape';

/**
 * Chart points kept at full resolution: up to this epoch every epoch gets a point; beyond it the
 * stride doubles each time the run doubles, so a long run sends O(budget · log) points in all.
 */
export const HISTORY_BUDGET = 1000;
/**
 * At most about this many chart points per request: a frame of many steps evaluates the network
 * only every few epochs (a power of two), since the evaluations would otherwise cost as much as the
 * training itself and the chart cannot show more points than it has pixels anyway.
 */
export const MAX_POINTS_PER_REQUEST = 100;
/** Most epochs one request may take, so a typo in steps per frame cannot freeze the worker for minutes. */
export const MAX_STEPS_PER_REQUEST = 100_000;
/**
 * Training examples the gradient check uses at most (evenly spread over the training set): the
 * check costs two forward passes per parameter, so a small sample keeps it well under a second
 * even for the largest network the page builds.
 */
export const GRADIENT_CHECK_EXAMPLES = 20;
/** The course's bar for the gradient check's relative difference. */
export const GRADIENT_CHECK_THRESHOLD = 2e-7;

/** The payload of the 'ready' message. */
export type ReadyPayload = Omit<Extract<FromWorker, { type: 'ready' }>, 'type' | 'requestId'>;

export { SettingsError };

/** Training stopped on NaN or Infinity; `snapshot` shows the network at its last finite parameters. */
export class TrainingDiverged extends Error {
  override name = 'TrainingDiverged';
  readonly snapshot: Snapshot;
  constructor(message: string, snapshot: Snapshot) {
    super(message);
    this.snapshot = snapshot;
  }
}

const HEADS: Record<ProblemType, OutputHead> = { classification: 'sigmoid', multiclass: 'softmax', regression: 'linear' };

interface LabelledSet {
  X: Matrix;
  Y: Matrix;
}

/** Where a configure's data comes from besides the generator: an upload, drawn points, the plotted pair. */
interface OwnData {
  uploaded: Dataset | null;
  /** The uploaded feature columns' names. */
  names: string[] | null;
  drawn: DrawnData | null;
  plot: [number, number];
}

/** What one `configure` fixes: data, features, grid and architecture. */
interface Scene {
  structure: StructureSettings;
  head: OutputHead;
  /**
   * The feature expansion fitted on the raw training inputs (saved in an exported model); null for
   * data of more than two features, which the network takes as they are.
   */
  expansion: Transformer | null;
  /** The examples, raw (n, m): generated (in the generator's order) or uploaded, then the drawn points. */
  all: Dataset;
  /** The names of the raw features when the network takes them without expansion (data of more than two); null otherwise. */
  columns: string[] | null;
  /** Whether the examples came from an upload (else from the generator, or none on a blank plane). */
  uploaded: boolean;
  /** The drawn points among the examples (after the others), or null. */
  drawn: DrawnData | null;
  /** The two rows of `all` the plot shows. */
  plot: [number, number];
  /** Why the run cannot train (drawn data missing a class), or null. */
  untrainable: string | null;
  /** Expanded features (n_x, m_train), and the test set, or null when training on every example. */
  train: LabelledSet;
  test: LabelledSet | null;
  isTest: Uint8Array;
  bounds: PlotBounds;
  /** 2 (binary), K (multi-class) or 0 (regression). */
  classes: number;
  /** The training set's mean of each raw feature: the unplotted features' values on the grid. */
  means: Float64Array;
  /** The grid's cell centres as raw inputs (n, GRID_SIZE²), the unplotted features at their training means. */
  gridRaw: Matrix;
  /** The grid's expanded features (n_x, GRID_SIZE²): built once, read by every snapshot's forward pass. */
  gridX: Matrix;
  layers: number[];
}

export class PlaygroundSession {
  private scene: Scene | null = null;
  private live: LiveSettings | null = null;
  private network: Network | null = null;
  private trainer: Trainer | null = null;
  /** The network's reusable forward pass over the grid: its buffers are made once per run, not per snapshot. */
  private gridPass: ReturnType<Network['inference']> | null = null;
  /** Epochs completed since the reset (counted by the trainer's onEpochEnd). */
  private epoch = 0;
  /** Points for the next snapshot, and the last point sent (so one epoch is not sent twice unchanged). */
  private pending: HistoryPoint[] = [];
  private lastPoint: HistoryPoint | null = null;
  private stride = 1;
  private diagnostics: DiagnosticItem[] = [];
  /**
   * The parameters of the last network that could be drawn (a snapshot with finite costs and output,
   * or a chart point with a finite cost), to show after a divergence.
   */
  private lastShown: { parameters: Record<string, Matrix>; epoch: number; iteration: number } | null = null;
  /** The parameters of an imported model: a Reset goes back to them (until the next configure). */
  private imported: Record<string, Matrix> | null = null;
  /** The user's uploaded data, kept for every configure that asks for it. */
  private upload: { all: Dataset; info: UploadedData } | null = null;
  /** The math panel, while it is open: the point it inspects (raw x1, x2), or null for none. */
  private mathView: { point: { x1: number; x2: number } | null } | null = null;
  /** The training path the loss landscape projects (bounded: see PATH_CAP). */
  private path = new ParameterPath();
  /**
   * The parameters and update count the whole-run check (core's runOutcomeDiagnostics: noProgress)
   * measures from: the run's start, or the last change of the learning rate or optimizer, or of a
   * weight by hand. Checked once, at the end of the first frame at least minUpdates updates later.
   */
  private progressFrom: { parameters: Record<string, Matrix>; iteration: number } | null = null;
  /** Codes of the diagnostics this run has reported (core's per-step monitor and the run checks): each once. */
  private reported = new Set<string>();

  /**
   * Builds data, features, network and trainer from scratch; the 'ready' payload at epoch 0.
   * `useUpload` trains on the uploaded data (`plot` picks its two plotted features); `drawn`
   * points join the data, or are all of it on a blank plane (which sets the upload aside).
   */
  configure(structure: StructureSettings, live: LiveSettings, useUpload = false, own: { drawn?: DrawnData; plot?: [number, number] } = {}): ReadyPayload {
    const checkedLive = checkLive(live);
    if (useUpload && this.upload === null) throw new SettingsError('There is no uploaded data to train on: upload a CSV first');
    const upload = useUpload && own.drawn?.blank !== true ? this.upload : null;
    const base = upload === null ? structure : withUpload(structure, upload.info);
    if (base === null || typeof base !== 'object') throw new SettingsError('structure settings are missing');
    const drawn = own.drawn === undefined ? null : checkDrawn(own.drawn, base.problem, base.problem === 'classification' ? 2 : base.classes);
    const plot = upload === null ? checkPlot(undefined, 2) : checkPlot(own.plot, upload.info.features.length);
    const scene = buildScene(base, { uploaded: upload?.all ?? null, names: upload?.info.features ?? null, drawn, plot });
    const { network, trainer } = this.build(scene, checkedLive);
    // Everything that can refuse the settings has run: only now replace the previous run.
    this.scene = scene;
    this.live = checkedLive;
    this.imported = null;
    this.install(network, trainer);
    return { ...this.ready(scene), ...(upload === null ? {} : { uploaded: copyUploaded({ ...upload.info, plot }) }) };
  }

  /**
   * Makes a CSV the run's data (core's parseCsv): `label` names the label column (null: the last).
   * It needs two feature columns; the label's values give the problem type (2 classes:
   * classification, 3–6: multi-class, other numbers: regression). Everything is checked before the
   * current run and data are replaced, so a refused file leaves both as they were.
   */
  uploadData(text: string, fileName: string, label: string | null, structure: StructureSettings, live: LiveSettings): ReadyPayload & { uploaded: UploadedData } {
    const checkedLive = checkLive(live);
    const name = String(fileName);
    const kept = 'The previous data is kept.';
    if (typeof text !== 'string' || text.trim() === '') throw new SettingsError(`${name} is empty. ${kept}`);
    let parsed: ReturnType<typeof parseCsv>;
    try {
      parsed = parseCsv(text, { fileName: name, label: label ?? -1 });
    } catch (error) {
      if (error instanceof AnnError) throw new SettingsError(`${error.message}. ${kept}`);
      throw error;
    }
    const { X, Y } = parsed;
    if (Y === undefined) throw new SettingsError(`${name} has no label column. ${kept}`);
    const features = parsed.featureNames ?? Array.from({ length: X.rows }, (_, i) => `column ${i + 1}`);
    const labelName = parsed.labelName ?? (label === null ? `column ${X.rows + 1}` : label);
    if (X.rows < 2 || X.rows > MAX_FEATURE_COLUMNS) {
      throw new SettingsError(
        `${name} has ${X.rows} feature column${X.rows === 1 ? '' : 's'} besides the label ${labelName} (${features.join(', ')}); the playground plots two and trains on 2 to ${MAX_FEATURE_COLUMNS}: ${X.rows < 2 ? 'add a feature column, or pick another label' : 'keep fewer columns'}. ${kept}`,
      );
    }
    const m = X.cols;
    if (m < 2) throw new SettingsError(`${name} has ${m} example${m === 1 ? '' : 's'}; the playground needs at least 2. ${kept}`);
    // The problem type from the label's values.
    let problem: ProblemType;
    let classNames: string[];
    const values = Y.data;
    let integers = true;
    let max = 0;
    for (let j = 0; j < m; j++) {
      const v = values[j]!;
      if (!Number.isInteger(v) || v < 0) integers = false;
      else if (v > max) max = v;
    }
    if (parsed.classNames !== undefined) classNames = [...parsed.classNames];
    else if (integers && max <= 5) classNames = Array.from({ length: Math.max(2, max + 1) }, (_, k) => String(k));
    else classNames = [];
    if (classNames.length === 0) problem = 'regression';
    else if (classNames.length === 2) problem = 'classification';
    else if (classNames.length <= 6) problem = 'multiclass';
    else throw new SettingsError(`${name}'s label ${labelName} has ${classNames.length} classes; the playground shows 2 to 6. ${kept}`);
    if (parsed.classNames !== undefined && classNames.length < 2) throw new SettingsError(`${name}'s label ${labelName} has only one class (${classNames[0]}); a classifier needs two. ${kept}`);
    const info: UploadedData = {
      fileName: name,
      columns: label === null ? [...features, labelName] : [],
      label: labelName,
      features: [...features],
      plot: [0, 1],
      problem,
      classes: problem === 'regression' ? 0 : classNames.length,
      classNames,
      m,
    };
    const all: Dataset = { X: X.astype('float64'), Y: Y.astype('float64') };
    const scene = buildScene(withUpload(structure, info), { uploaded: all, names: info.features, drawn: null, plot: info.plot });
    const { network, trainer } = this.build(scene, checkedLive);
    this.scene = scene;
    this.live = checkedLive;
    this.imported = null;
    this.upload = { all, info };
    this.install(network, trainer);
    return { ...this.ready(scene), uploaded: copyUploaded(info) };
  }

  /**
   * Takes on a model file (as `ann train --out` writes it): the current data with the model's
   * network, at epoch 0 from the model's parameters, ready to train on. Everything is checked before
   * the current run is replaced, so a refused file leaves it as it was.
   */
  importModel(text: string, fileName: string, structure: StructureSettings, live: LiveSettings): ReadyPayload & { structure: StructureSettings; summary: string } {
    const checkedLive = checkLive(live);
    if (structure === null || typeof structure !== 'object') throw new SettingsError('structure settings are missing');
    const model = readModelFile(text, String(fileName), structure);
    const scene = buildScene(model.structure, { uploaded: null, names: null, drawn: null, plot: [0, 1] });
    const network = this.buildNetwork(scene);
    network.setParameters(model.parameters);
    const trainer = this.createTrainer(network, scene, checkedLive);
    this.scene = scene;
    this.live = checkedLive;
    this.imported = model.parameters;
    this.install(network, trainer);
    return { ...this.ready(scene), structure: cloneStructure(scene.structure), summary: model.summary };
  }

  /** The current network as a model file's text, with its preprocessing, names, training settings and metrics. */
  exportModel(): { text: string; fileName: string } {
    const network = this.requireNetwork();
    const scene = this.scene!;
    if (scene.untrainable !== null) throw new SettingsError(`Nothing to export yet. ${scene.untrainable}`);
    const live = this.live!;
    const now = this.evaluate();
    const { structure } = scene;
    const text = modelFileText({
      network,
      expansion: scene.expansion,
      featureNames: scene.columns ?? RAW_FEATURE_NAMES,
      structure,
      classes: scene.classes,
      config: {
        source: 'ann playground',
        problem: structure.problem,
        ...dataOrigin(structure, scene.drawn, scene.uploaded ? this.upload!.info.fileName : null),
        trainPercent: structure.trainPercent,
        dataSeed: structure.dataSeed,
        features: [...(scene.columns ?? structure.features)],
        init: structure.init,
        ...(structure.batchSize > 0 ? { batchSize: structure.batchSize } : {}),
        learningRate: live.learningRate,
        optimizer: live.optimizer,
        ...(live.optimizer === 'momentum' ? { beta: live.beta } : {}),
        ...(live.optimizer === 'adam' ? { beta1: live.beta1, beta2: live.beta2 } : {}),
        ...(live.l2 > 0 ? { l2: live.l2 } : {}),
        ...(live.dropout > 0 ? { keepProb: 1 - live.dropout } : {}),
        epochs: this.epoch,
        ...(this.imported === null ? {} : { startedFrom: 'an imported model' }),
      },
      train: { cost: now.trainCost, accuracy: now.trainAccuracy },
      test: scene.test === null ? null : { cost: now.testCost, accuracy: now.testAccuracy },
    });
    const generated = structure.problem === 'multiclass' ? `${structure.dataset}-${structure.classes}` : structure.dataset;
    const name = scene.drawn?.blank === true ? 'drawing' : scene.uploaded ? this.upload!.info.fileName.replace(/\.[^.]*$/, '') : generated;
    return { text, fileName: `playground-${name}-epoch-${this.epoch}.json` };
  }

  /**
   * Core's gradientCheck on the network as it is now, over a few training examples evenly spread
   * over the training set, with the run's L2 λ (dropout plays no part: the check's cost has none).
   */
  checkGradients(): GradientCheckReport {
    const network = this.requireNetwork();
    const { train, untrainable } = this.scene!;
    if (untrainable !== null) throw new SettingsError(`The gradient check needs training data. ${untrainable}`);
    const m = train.X.cols;
    const k = Math.min(m, GRADIENT_CHECK_EXAMPLES);
    const pick = (M: Matrix): Matrix => {
      const S = new Matrix(M.rows, k);
      for (let j = 0; j < k; j++) {
        const from = Math.floor((j * m) / k);
        for (let r = 0; r < M.rows; r++) S.set(r, j, M.get(r, from));
      }
      return S;
    };
    const l2 = this.live!.l2;
    const result = gradientCheck(network, pick(train.X), pick(train.Y), { threshold: GRADIENT_CHECK_THRESHOLD, l2 });
    const layers = [];
    for (let l = 1; l <= network.depth; l++) {
      const difference = result.perLayer[l - 1]!;
      layers.push({ layer: l, difference, W: result.perParameter[`W${l}`]!, b: result.perParameter[`b${l}`]!, passed: difference < GRADIENT_CHECK_THRESHOLD });
    }
    return { difference: result.difference, passed: result.passed, threshold: GRADIENT_CHECK_THRESHOLD, examples: k, l2, epoch: this.epoch, layers };
  }

  /**
   * Opens or closes the math panel and sets its inspected point (raw inputs; an example's own
   * coordinates select that example). It survives configures: the next run reports the same point.
   */
  setMath(open: boolean, point: { x1: number; x2: number } | null): MathReport | null {
    if (typeof open !== 'boolean') throw new SettingsError(`The math panel's open flag must be true or false, got ${String(open)}`);
    if (point !== null && (typeof point !== 'object' || !Number.isFinite(point.x1) || !Number.isFinite(point.x2))) {
      throw new SettingsError(`The inspected point must be finite (x1, x2), got ${JSON.stringify(point)}`);
    }
    this.mathView = open ? { point: point === null ? null : { x1: point.x1, x2: point.x2 } } : null;
    return this.network === null ? null : (this.math() ?? null);
  }

  /** The math panel's report for the network as it is now, or undefined while the panel is closed. */
  private math(): MathReport | undefined {
    const view = this.mathView;
    if (view === null) return undefined;
    const network = this.requireNetwork();
    const scene = this.scene!;
    return mathReport(
      {
        network,
        layers: scene.layers,
        activations: [...scene.structure.activations, scene.head],
        expansion: scene.expansion,
        features: scene.columns ?? scene.structure.features,
        all: scene.all,
        plot: scene.plot,
        means: scene.means,
        isTest: scene.isTest,
        mTrain: scene.train.X.cols,
        mTest: scene.test === null ? 0 : scene.test.X.cols,
        batchSize: scene.structure.batchSize,
        bounds: scene.bounds,
      },
      view.point,
    );
  }

  /**
   * Shows two other features of the uploaded data (more than two) on the plot: the plane, the grid
   * (the others at their training means) and the maps change; the network, its epoch and its
   * history stay. A refused pair leaves the view as it was.
   */
  replot(plot: [number, number]): { data: DataPoints; inputs: GridValues[]; uploaded: UploadedData; snapshot: Snapshot } {
    this.requireNetwork();
    const scene = this.scene!;
    if (scene.columns === null || this.upload === null) throw new SettingsError('Only uploaded data of more than two features has other features to plot');
    const pair = checkPlot(plot, scene.columns.length);
    const bounds = squareBounds(extentOf(selectRows(scene.all.X, pair)));
    const gridRaw = gridAtMeans(bounds, pair, scene.means);
    this.scene = { ...scene, plot: pair, bounds, gridRaw, gridX: gridRaw };
    this.upload = { ...this.upload, info: { ...this.upload.info, plot: pair } };
    return { data: this.dataOf(this.scene), inputs: this.inputMaps(this.scene), uploaded: copyUploaded(this.upload.info), snapshot: this.snapshot(false) };
  }

  /** The scene's examples as the plot draws them (every column too, for data of more than two features). */
  private dataOf(scene: Scene): DataPoints {
    const { all, isTest, bounds, classes, columns } = scene;
    const data = dataPoints(all, allIndices(all.X.cols), isTest, bounds, classes, scene.plot);
    if (columns !== null) data.columns = { names: [...columns], values: columns.map((_, r) => Float64Array.from(all.X.data.subarray(r * all.X.cols, (r + 1) * all.X.cols))) };
    return data;
  }

  /** Each input of the network over the plane, in topology order. */
  private inputMaps(scene: Scene): GridValues[] {
    return Array.from({ length: scene.gridX.rows }, (_, r) => rowMap(scene.gridX, r));
  }

  /**
   * The loss landscape of the network as it is now (see landscape.ts), to be computed in slices:
   * the training cost with the run's L2 λ, on a probe network of the run's architecture.
   */
  landscape(seed: number, size: number): LandscapeJob {
    const network = this.requireNetwork();
    const scene = this.scene!;
    const { X, Y } = scene.train;
    return new LandscapeJob({ network, probe: this.buildNetwork(scene), X, Y, l2: this.live!.l2, epoch: this.epoch, path: this.path.recorded, seed, size });
  }

  /** The 'ready' payload of the run just installed. */
  private ready(scene: Scene): ReadyPayload {
    const { structure, expansion } = scene;
    const data = this.dataOf(scene);
    const names = scene.columns;
    const topology: Topology = {
      layers: [...scene.layers],
      features: names ?? [...structure.features],
      activations: [...structure.activations, scene.head],
    };
    const inputs = this.inputMaps(scene);
    // Every candidate feature over the same cells, computed by core's own expansion (fit is
    // stateless for features: it only checks that X has the two raw inputs the terms read). Data
    // of more than two features has no expansion, so no candidates.
    const candidates = expansion === null ? null : featureExpansion(FEATURE_TERMS).fit(scene.gridRaw).transform(scene.gridRaw);
    const candidateInputs = candidates === null ? [] : FEATURE_TERMS.map((_, r) => rowMap(candidates, r));
    return { data, topology, inputs, candidateInputs, snapshot: this.snapshot(true), ...(scene.untrainable === null ? {} : { untrainable: scene.untrainable }) };
  }

  /** The L2 λ in effect (0 before the first configure). */
  get l2(): number {
    return this.live?.l2 ?? 0;
  }

  /** New learning rate, L2, dropout or optimizer settings, from the next step on; the epoch count stays. */
  setLive(live: LiveSettings): void {
    const checked = checkLive(live);
    // Before the first configure there is no run to change (configure brings its own live settings).
    const trainer = this.trainer;
    if (trainer === null) return;
    const previous = this.live;
    trainer.setHyperparameters({
      learningRate: checked.learningRate,
      l2: checked.l2,
      keepProb: 1 - checked.dropout,
      optimizer: checked.optimizer,
      beta: checked.beta,
      beta1: checked.beta1,
      beta2: checked.beta2,
    });
    this.live = checked;
    // A new step size: whether the parameters move is a new question.
    if (previous === null || previous.learningRate !== checked.learningRate || previous.optimizer !== checked.optimizer) this.restartProgressCheck();
  }

  /**
   * Takes `steps` epochs (full-batch iterations when the batch is the whole training set), or fewer
   * when their training has taken `budgetMs` (the page's frames ask for FRAME_BUDGET_MS): the frame
   * then ends at the first epoch boundary past the budget, after at least one epoch, and its
   * snapshot says `shortened`.
   */
  step(steps: number, budgetMs = Number.POSITIVE_INFINITY): Snapshot {
    if (!Number.isInteger(steps) || steps < 1 || steps > MAX_STEPS_PER_REQUEST) {
      throw new SettingsError(`steps must be a whole number from 1 to ${MAX_STEPS_PER_REQUEST}, got ${String(steps)}`);
    }
    // After a DivergenceError core's trainer stays usable (the failed step left the parameters as
    // they were), so stepping again retries that step with whatever live settings are now in effect.
    const untrainable = this.scene?.untrainable ?? null;
    if (untrainable !== null) throw new SettingsError(untrainable);
    const trainer = this.requireTrainer();
    if (!(typeof budgetMs === 'number' && budgetMs > 0)) throw new SettingsError(`the frame's time budget must be a positive number of milliseconds, got ${String(budgetMs)}`);
    const target = this.epoch + steps;
    let frameStride = 1;
    while (frameStride * MAX_POINTS_PER_REQUEST < steps) frameStride *= 2;
    const started = performance.now();
    let shortened = false;
    try {
      while (this.epoch < target) {
        const before = this.epoch;
        if (trainer.step() === null) throw new Error(`the trainer stopped unexpectedly at epoch ${this.epoch}`);
        // Out of time: the frame ends here, at an epoch boundary (the snapshot adds its point).
        if (this.epoch !== before && this.epoch < target && performance.now() - started >= budgetMs) {
          shortened = true;
          break;
        }
        // The snapshot adds the point of the last epoch itself (it evaluates there anyway).
        if (this.epoch !== before && this.epoch < target && this.epoch % Math.max(this.stride, frameStride) === 0) {
          const point = this.evaluate();
          this.addPoint(point);
          // A long frame may diverge far from its start: remember the latest network worth showing.
          if (Number.isFinite(point.trainCost)) this.remember();
        }
      }
    } catch (error) {
      if (!(error instanceof DivergenceError)) throw error;
      throw this.diverged(error);
    }
    this.checkProgress();
    const snapshot = this.snapshot(false);
    if (shortened) snapshot.shortened = true;
    return snapshot;
  }

  /** Back to epoch 0: the same data and the very same initial weights (the network redrawn from its seed). */
  reset(): Snapshot {
    this.requireNetwork();
    const scene = this.scene!;
    const network = this.buildNetwork(scene);
    // After an import, epoch 0 is the imported model's parameters.
    if (this.imported !== null) network.setParameters(this.imported);
    this.install(network, this.createTrainer(network, scene, this.live!));
    return this.snapshot(true);
  }

  /**
   * Sets W[layer][row, column] or b[layer][row] (column 0): layer is the course's 1-based l (1..L),
   * row and column are 0-based as in numpy's W1[0, 1]. The optimizer's state is kept.
   */
  edit(layer: number, parameter: 'W' | 'b', row: number, column: number, value: number): Snapshot {
    const network = this.requireNetwork();
    const L = network.depth;
    const where = `${parameter}[${String(layer)}][${String(row)}, ${String(column)}]`;
    if (!Number.isInteger(layer) || layer < 1 || layer > L) {
      throw new SettingsError(`Cannot edit ${where}: layer must be 1 to ${L} (this network has ${L} layer${L === 1 ? '' : 's'} with parameters)`);
    }
    if (parameter !== 'W' && parameter !== 'b') throw new SettingsError(`Cannot edit ${String(parameter)}: the parameter must be 'W' or 'b'`);
    const rows = network.layers[layer]!;
    const columns = parameter === 'W' ? network.layers[layer - 1]! : 1;
    if (!Number.isInteger(row) || row < 0 || row >= rows) {
      throw new SettingsError(`Cannot edit ${where}: row must be 0 to ${rows - 1} (${parameter}${layer} has ${rows} rows)`);
    }
    if (!Number.isInteger(column) || column < 0 || column >= columns) {
      throw new SettingsError(
        parameter === 'b'
          ? `Cannot edit ${where}: a bias has only column 0`
          : `Cannot edit ${where}: column must be 0 to ${columns - 1} (W${layer} has ${columns} columns)`,
      );
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new SettingsError(`Cannot set ${where} to ${String(value)}: the value must be a finite number`);
    const parameters = network.getParameters();
    parameters[`${parameter}${layer}`]!.set(row, column, value);
    network.setParameters(parameters);
    // A weight moved by hand is not training's progress: measure from here.
    this.restartProgressCheck();
    return this.snapshot(false);
  }

  /** A new network drawn from the structure's weight seed, and a trainer for it at epoch 0 (none while it cannot train). */
  private build(scene: Scene, live: LiveSettings): { network: Network; trainer: Trainer | null } {
    const network = this.buildNetwork(scene);
    return { network, trainer: this.createTrainer(network, scene, live) };
  }

  private buildNetwork(scene: Scene): Network {
    const { structure, head, layers } = scene;
    return new Network({
      layers,
      hidden: structure.activations,
      output: head,
      init: structure.init,
      initScale: structure.initScale,
      seed: structure.weightSeed,
      dtype: 'float64',
    });
  }

  /** Makes a freshly built run the current one: epoch 0, the history and diagnostics start again. */
  private install(network: Network, trainer: Trainer | null): void {
    this.network = network;
    this.trainer = trainer;
    this.gridPass = network.inference(GRID_SIZE * GRID_SIZE);
    this.epoch = 0;
    this.pending = [];
    this.lastPoint = null;
    this.stride = 1;
    this.lastShown = null;
    this.path.restart(0, network);
    this.reported = new Set();
    // The whole-run checks of the data and settings come with the run's first snapshot.
    this.diagnostics = this.scene === null ? [] : setupDiagnostics(this.scene, this.live!).map(diagnosticItem);
    this.restartProgressCheck();
  }

  /** The parameters now are where the next noProgress check measures from. */
  private restartProgressCheck(): void {
    const network = this.network;
    this.progressFrom = network === null || this.trainer === null ? null : { parameters: network.getParameters(), iteration: network.iterationsTrained };
  }

  /**
   * Core's runOutcomeDiagnostics once the run (or its latest learning rate or optimizer) has taken
   * minUpdates updates: noProgress when the parameters have not moved. The per-step monitor already
   * reports symmetric units (it records every step), so a code it has raised is not repeated.
   */
  private checkProgress(): void {
    const from = this.progressFrom;
    const network = this.network;
    if (from === null || network === null) return;
    const updates = network.iterationsTrained - from.iteration;
    if (updates < RUN_DIAGNOSTIC_THRESHOLDS.minUpdates) return;
    this.progressFrom = null;
    const found = runOutcomeDiagnostics(from.parameters, network.getParameters(), updates, { learningRate: this.live!.learningRate, lastStep: this.epoch });
    for (const diagnostic of found) {
      if (this.reported.has(diagnostic.code) || this.diagnostics.some((d) => d.code === diagnostic.code)) continue;
      this.diagnostics.push(diagnosticItem({ ...diagnostic, epoch: this.epoch }));
    }
  }

  /** The run's core Trainer; null while the data cannot train (a drawing missing a class), as step then refuses. */
  private createTrainer(network: Network, scene: Scene, live: LiveSettings): Trainer | null {
    const { train, test, structure } = scene;
    if (scene.untrainable !== null) return null;
    const options: FitOptions = {
      // The run never ends by itself: the page decides when to stop stepping.
      epochs: Number.MAX_SAFE_INTEGER,
      ...(structure.batchSize > 0 ? { batchSize: structure.batchSize } : {}),
      learningRate: live.learningRate,
      optimizer: live.optimizer,
      beta: live.beta,
      beta1: live.beta1,
      beta2: live.beta2,
      l2: live.l2,
      keepProb: 1 - live.dropout,
      // Validation records let core's diagnostics compare test and train costs (overfitting).
      ...(test === null ? {} : { validationData: test }),
      recordEvery: 1,
      // The course's C2W2 shuffles: a fresh generator seeded 11 + e for epoch e (core's epochs count from 0).
      ...(structure.shuffle === 'course' ? { shuffleSeed: (epoch: number) => 11 + epoch } : {}),
      // The run has no end: records go nowhere (the chart's points come from evaluate), memory stays flat.
      keepCosts: false,
      // Only the installed trainer is ever stepped, so these always count for the current run.
      onEpochEnd: () => {
        this.epoch++;
        this.path.offer(this.epoch, network);
      },
      onDiagnostic: (diagnostic) => this.diagnostics.push(diagnosticItem(diagnostic)),
    };
    return network.trainer(train.X, train.Y, options);
  }

  private evaluate(): HistoryPoint & { trainAccuracy: number; testAccuracy: number } {
    const network = this.requireNetwork();
    const { train, test } = this.scene!;
    // A drawing may have no training example yet: no cost to show.
    const t = train.X.cols === 0 ? { cost: Number.NaN, accuracy: Number.NaN } : network.evaluate(train.X, train.Y);
    const v = test === null ? null : network.evaluate(test.X, test.Y);
    return {
      epoch: this.epoch,
      trainCost: t.cost,
      testCost: v === null ? Number.NaN : v.cost,
      trainAccuracy: t.accuracy,
      testAccuracy: v === null ? Number.NaN : v.accuracy,
    };
  }

  private addPoint({ epoch, trainCost, testCost }: HistoryPoint): void {
    // A cost that overflowed has no place on the chart (on the way to a divergence).
    if (!Number.isFinite(trainCost)) return;
    const last = this.lastPoint;
    // An unchanged epoch (a divergence before any update) adds nothing; an edited one adds a second
    // point at the same epoch, so the chart shows the jump and still ends at the displayed cost.
    if (last !== null && last.epoch === epoch && Object.is(last.trainCost, trainCost) && Object.is(last.testCost, testCost)) return;
    const point: HistoryPoint = { epoch, trainCost, testCost };
    // The gradient-size chart's point, on the cost chart's thinning (a few norms per chart point).
    const gradientNorms = this.trainer === null ? undefined : gradientNormsOf(this.trainer);
    if (gradientNorms !== undefined) point.gradientNorms = gradientNorms;
    this.pending.push(point);
    this.lastPoint = point;
    while (epoch >= HISTORY_BUDGET * this.stride) this.stride *= 2;
  }

  /** What the views need now: one evaluation of each set and one forward pass over the grid. */
  private snapshot(historyReset: boolean): Snapshot {
    const network = this.requireNetwork();
    const current = this.evaluate();
    this.addPoint(current);
    const history = this.pending;
    this.pending = [];
    const diagnostics = this.diagnostics;
    this.diagnostics = [];
    for (const d of diagnostics) this.reported.add(d.code);
    const snapshot = this.view(current, this.epoch, network.iterationsTrained, history, historyReset, diagnostics);
    if (displayable(snapshot)) this.remember();
    return snapshot;
  }

  /** Keeps the network as it is now as the one to show should training diverge before the next. */
  private remember(): void {
    const network = this.requireNetwork();
    this.lastShown = { parameters: network.getParameters(), epoch: this.epoch, iteration: network.iterationsTrained };
  }

  /** The views of the network as its parameters are now, labelled with `epoch` and `iteration`. */
  private view(
    costs: ReturnType<PlaygroundSession['evaluate']>,
    epoch: number,
    iteration: number,
    history: HistoryPoint[],
    historyReset: boolean,
    diagnostics: DiagnosticItem[],
  ): Snapshot {
    const network = this.requireNetwork();
    const scene = this.scene!;
    const { AL, A } = this.gridPass!.forward(scene.gridX);
    let output: GridValues;
    let confidence: GridValues | null = null;
    if (scene.head === 'softmax') {
      [output, confidence] = argmaxColumns(AL);
    } else {
      output = rowMap(AL, 0);
    }
    const neurons: GridValues[][] = [];
    for (let l = 1; l < network.depth; l++) {
      const maps: GridValues[] = [];
      for (let i = 0; i < A[l]!.rows; i++) maps.push(rowMap(A[l]!, i));
      neurons.push(maps);
    }
    const W: Float64Array[] = [];
    const b: Float64Array[] = [];
    // getParameters' matrices are already fresh copies (float64, each its own buffer): sent as they are.
    const parameters = network.getParameters();
    for (let l = 1; l <= network.depth; l++) {
      W.push(float64(parameters[`W${l}`]!));
      b.push(float64(parameters[`b${l}`]!));
    }
    return {
      epoch,
      iteration,
      trainCost: costs.trainCost,
      testCost: costs.testCost,
      trainAccuracy: costs.trainAccuracy,
      testAccuracy: costs.testAccuracy,
      history,
      historyReset,
      output,
      confidence,
      neurons,
      W,
      b,
      diagnostics,
      ...(this.mathView === null ? {} : { math: this.math()! }),
    };
  }

  /**
   * The error for a divergence, with the snapshot to show. Core refused the step, so the network
   * keeps finite parameters; if they can still be drawn (finite costs and output), that is the
   * snapshot. If they cannot (finite weights so large that the forward pass overflows), the
   * snapshot shows the last network that could be drawn, at its own epoch, while the network
   * itself keeps its weights: only a Reset (or edits) can bring it back.
   */
  private diverged(error: DivergenceError): TrainingDiverged {
    const now = this.snapshot(false);
    const rate = this.live!.learningRate;
    const where = `Training diverged at epoch ${this.epoch}`;
    const detail = error.message.replace(/^Network\.fit: /, '');
    const last = this.lastShown;
    if (displayable(now)) {
      return new TrainingDiverged(
        `${where}: the numbers grew to Infinity or NaN, so the last update was not applied and the network keeps its last finite weights. Lower the learning rate (now ${rate}) and continue, or press Reset. (${detail})`,
        now,
      );
    }
    const cause =
      error.phase === 'forward'
        ? 'the weights are still finite, but so large that the forward pass overflows to Infinity, so no learning rate can continue from them'
        : 'the last update was refused, but the weights it left are so large that the output and cost are no longer finite numbers';
    if (last === null) {
      return new TrainingDiverged(`${where}: ${cause}. Lower the learning rate (now ${rate}) and press Reset. (${detail})`, now);
    }
    // Draw the last drawable parameters, then put the network's own back (the trainer continues from those).
    const network = this.requireNetwork();
    const own = network.getParameters();
    network.setParameters(last.parameters);
    let shown: Snapshot;
    try {
      shown = this.view(this.evaluate(), last.epoch, last.iteration, now.history, false, now.diagnostics);
    } finally {
      network.setParameters(own);
    }
    const when = last.epoch === this.epoch ? `epoch ${last.epoch}` : `epoch ${last.epoch}, ${this.epoch - last.epoch} epoch${this.epoch - last.epoch === 1 ? '' : 's'} earlier`;
    return new TrainingDiverged(
      `${where}: ${cause}. Showing the last network with a finite output (${when}). Lower the learning rate (now ${rate}) and press Reset. (${detail})`,
      shown,
    );
  }

  private requireNetwork(): Network {
    if (this.network === null) throw new SettingsError('The session is not configured yet: send configure first');
    return this.network;
  }

  private requireTrainer(): Trainer {
    if (this.trainer === null) throw new SettingsError('The session is not configured yet: send configure first');
    return this.trainer;
  }
}

/**
 * Where the data of an exported model came from, for its training.config: the generator's dataset
 * and noise, or the uploaded file, and the drawn points (their count, and whether on a blank plane).
 */
function dataOrigin(structure: StructureSettings, drawn: DrawnData | null, fileName: string | null): Record<string, unknown> {
  const generated =
    drawn?.blank === true ? {} : fileName !== null ? { dataFile: fileName } : { dataset: structure.dataset, ...(structure.problem === 'multiclass' ? { classes: structure.classes } : {}), noise: structure.noise };
  return { ...generated, ...(drawn === null ? {} : { drawnPoints: drawn.x1.length, ...(drawn.blank ? { blankPlane: true } : {}) }) };
}

/** The structure with an upload's problem type and classes (3–6 for multi-class, as the settings). */
function withUpload(structure: StructureSettings, info: UploadedData): StructureSettings {
  return { ...structure, problem: info.problem, classes: info.problem === 'multiclass' ? info.classes : structure.classes };
}

function copyUploaded(info: UploadedData): UploadedData {
  return { ...info, columns: [...info.columns], features: [...info.features], classNames: [...info.classNames] };
}

/** Whether a snapshot can be drawn: a finite training cost and a finite output everywhere on the grid. */
function displayable(snapshot: Snapshot): boolean {
  return Number.isFinite(snapshot.trainCost) && snapshot.output.every(Number.isFinite);
}

/** M's data as a Float64Array of its own (the network is float64, so this copies only if it is not). */
function float64(M: Matrix): Float64Array {
  const d = M.data;
  return d instanceof Float64Array && d.byteLength === d.buffer.byteLength ? d : Float64Array.from(d);
}

/** For each grid cell (column of A), the most probable class and its probability. */
function argmaxColumns(A: Matrix): [Float32Array, Float32Array] {
  const { rows: K, cols: n, data } = A;
  const classes = new Float32Array(n);
  const probability = new Float32Array(n);
  for (let j = 0; j < n; j++) {
    let best = 0;
    let p = data[j]!;
    for (let k = 1; k < K; k++) {
      const q = data[k * n + j]!;
      if (q > p) {
        p = q;
        best = k;
      }
    }
    classes[j] = best;
    probability[j] = p;
  }
  return [classes, probability];
}

/**
 * Core's runSetupDiagnostics on the run's training set as the network sees it (the expanded
 * features): one class only (singleClass), fewer than 10 examples (fewExamples), inputs too small
 * to tell apart (vanishingInputs). The playground has no learning-rate schedule, so core's
 * learningRateVanishes cannot arise here. A drawing that cannot train yet says why itself.
 */
function setupDiagnostics(scene: Scene, live: LiveSettings): Diagnostic[] {
  if (scene.untrainable !== null || scene.train.X.cols === 0) return [];
  const heldOut = scene.test === null ? {} : { heldOut: scene.test.X.cols };
  return runSetupDiagnostics({ X: scene.train.X, Y: scene.train.Y, output: scene.head, ...heldOut }, { learningRate: live.learningRate, lastStep: 0 });
}

function diagnosticItem({ level, code, message, iteration, epoch, layer }: Diagnostic): DiagnosticItem {
  return { level, code, message, iteration, ...(epoch === undefined ? {} : { epoch }), ...(layer === undefined ? {} : { layer }) };
}

/** The live settings, checked, with a message naming the control at fault. */
function checkLive(live: LiveSettings): LiveSettings {
  if (live === null || typeof live !== 'object') throw new SettingsError('live settings are missing');
  const { learningRate, l2, dropout, optimizer, beta, beta1, beta2 } = live;
  if (typeof learningRate !== 'number' || !Number.isFinite(learningRate) || learningRate <= 0) {
    throw new SettingsError(`Learning rate must be a positive number, got ${String(learningRate)}`);
  }
  if (!inRange(l2, 0, Number.MAX_VALUE)) throw new SettingsError(`Regularization (L2 λ) must be a number ≥ 0, got ${String(l2)}`);
  if (!(inRange(dropout, 0, 1) && dropout < 1)) throw new SettingsError(`Dropout must be at least 0 and below 1, got ${String(dropout)}`);
  if (!oneOf(optimizer, OPTIMIZERS)) throw new SettingsError(`Unknown optimizer ${JSON.stringify(optimizer)}; expected one of ${OPTIMIZERS.join(', ')}`);
  for (const [name, value] of [['Momentum β', beta], ['Adam β1', beta1], ['Adam β2', beta2]] as const) {
    if (!(inRange(value, 0, 1) && value < 1)) throw new SettingsError(`${name} must be at least 0 and below 1, got ${String(value)}`);
  }
  return { learningRate, l2, dropout, optimizer, beta, beta1, beta2 };
}

/** Generates, splits and expands the data, and lays the grid over it; throws SettingsError on bad settings. */
function buildScene(structure: StructureSettings, own: OwnData): Scene {
  if (structure === null || typeof structure !== 'object') throw new SettingsError('structure settings are missing');
  const s = structure;
  const { uploaded, drawn, plot } = own;
  const blank = drawn?.blank === true;
  checkProblem(s.problem);
  // Uploaded data replaces the generator: its dataset and noise settings play no part. A blank
  // plane takes its frame (the plot bounds) from the chosen dataset, and none of its points.
  const info = uploaded !== null ? null : DATASET_CATALOG.find((d) => d.name === s.dataset);
  if (uploaded === null) {
    if (info === undefined || info === null) throw new SettingsError(`Unknown dataset ${JSON.stringify(s.dataset)}; expected one of ${DATASET_CATALOG.map((d) => d.name).join(', ')}`);
    if (info.task !== TASK_OF[s.problem]) {
      throw new SettingsError(`The dataset ${info.name} is a ${info.task} dataset, not one for the problem type ${s.problem}`);
    }
    checkNoise(s.noise);
  }
  if (!(inRange(s.trainPercent, 0, 100) && s.trainPercent > 0)) {
    throw new SettingsError(`The training share must be above 0 and at most 100 (%), got ${String(s.trainPercent)}`);
  }
  checkDataSeed(s.dataSeed);
  if (!isInteger(s.weightSeed, 0, 0xffffffff)) throw new SettingsError(`The weight seed must be an integer from 0 to 2³² - 1, got ${String(s.weightSeed)}`);
  if (!Array.isArray(s.features) || s.features.length === 0) throw new SettingsError('Choose at least one input feature');
  s.features.forEach((f) => {
    if (!oneOf(f, FEATURE_TERMS)) throw new SettingsError(`Unknown input feature ${JSON.stringify(f)}; expected one of ${FEATURE_TERMS.join(', ')}`);
  });
  if (new Set(s.features).size !== s.features.length) throw new SettingsError(`An input feature is listed twice: ${s.features.join(', ')}`);
  if (!Array.isArray(s.hidden) || s.hidden.length > MAX_HIDDEN_LAYERS) {
    throw new SettingsError(`Hidden layers: 0 to ${MAX_HIDDEN_LAYERS} layers, got ${Array.isArray(s.hidden) ? s.hidden.length : String(s.hidden)}`);
  }
  s.hidden.forEach((n, l) => {
    if (!isInteger(n, 1, MAX_UNITS)) throw new SettingsError(`Hidden layer ${l + 1} must have 1 to ${MAX_UNITS} neurons, got ${String(n)}`);
  });
  if (!Array.isArray(s.activations) || s.activations.length !== s.hidden.length) {
    throw new SettingsError(`Give one activation per hidden layer: ${s.hidden.length} layers but ${Array.isArray(s.activations) ? s.activations.length : 'no'} activations`);
  }
  s.activations.forEach((a, l) => {
    if (!oneOf(a, ACTIVATIONS)) throw new SettingsError(`Unknown activation ${JSON.stringify(a)} for hidden layer ${l + 1}; expected one of ${ACTIVATIONS.join(', ')}`);
  });
  if (!oneOf(s.init, INITIALIZATIONS)) throw new SettingsError(`Unknown initialization ${JSON.stringify(s.init)}; expected one of ${INITIALIZATIONS.join(', ')}`);
  if (!(inRange(s.initScale, 0, 100) && s.initScale > 0)) throw new SettingsError(`The random initialization's scale must be above 0 and at most 100, got ${String(s.initScale)}`);
  if (!oneOf(s.shuffle, ['generator', 'course'] as const)) throw new SettingsError(`Unknown mini-batch shuffle ${JSON.stringify(s.shuffle)}; expected generator or course`);
  if (!isInteger(s.batchSize, 0, Number.MAX_SAFE_INTEGER)) throw new SettingsError(`Batch size must be a whole number ≥ 0 (0 = the full batch), got ${String(s.batchSize)}`);

  const head = HEADS[s.problem];
  // Core's errors here (a generator refusing an option, a split leaving no examples) are settings errors too.
  const refused = <T>(what: string, build: () => T): T => {
    try {
      return build();
    } catch (error) {
      if (error instanceof AnnError) throw new SettingsError(`${what}: ${error.message}`);
      throw error;
    }
  };
  if (s.problem === 'multiclass') checkClasses(s.classes);
  const base = blank ? null : info ? refused('Could not generate the data', () => generate(info, s.dataSeed, s.noise, s.classes)) : uploaded!;
  const all = drawn === null ? base! : withDrawn(base, drawn);
  const plotted = all.X.rows === 2 && plot[0] === 0 && plot[1] === 1 ? all.X : selectRows(all.X, plot);
  const bounds = info ? refused('Could not generate the data', () => datasetBounds(info, s.classes, plotted)) : squareBounds(extentOf(plotted));

  const m = all.X.cols;
  const isTest = new Uint8Array(m);
  let rawTrain: LabelledSet = all;
  let rawTest: LabelledSet | null = null;
  // A drawing too small to split (fewer than 2 points, or a test share that takes them all) trains on every point.
  const testCount = Math.ceil(((100 - s.trainPercent) / 100) * m);
  const splittable = drawn === null || (m >= 2 && testCount < m);
  if (s.trainPercent < 100 && splittable) {
    // (100 - p)/100 rather than 1 - p/100: exact for whole percentages, so ceil(fraction·m) is the intended count.
    const split = refused('Could not split the data', () => trainTestSplit(all.X, all.Y, { testFraction: (100 - s.trainPercent) / 100, seed: s.dataSeed }));
    for (const k of split.testIndices) isTest[k] = 1;
    rawTrain = { X: split.XTrain, Y: split.YTrain };
    rawTest = { X: split.XTest, Y: split.YTest };
  }
  const means = rowMeans(rawTrain.X);
  const gridRaw = gridAtMeans(bounds, plot, means);
  // Feature expansion (x1², sin x1, …) reads two raw inputs: wider data goes to the network as it is.
  // The expansion is stateless, so a drawing without training points yet is fitted on the grid.
  const expansion =
    all.X.rows === 2 ? refused('Could not expand the input features', () => featureExpansion(s.features).fit(rawTrain.X.cols > 0 ? rawTrain.X : gridRaw)) : null;
  const nx = expansion === null ? all.X.rows : s.features.length;
  const inputs = (X: Matrix): Matrix => (expansion === null ? X : X.cols === 0 ? new Matrix(nx, 0) : expansion.transform(X));
  const train = { X: inputs(rawTrain.X), Y: rawTrain.Y };
  const test = rawTest === null ? null : { X: inputs(rawTest.X), Y: rawTest.Y };
  const gridX = inputs(gridRaw);

  const classes = head === 'sigmoid' ? 2 : head === 'softmax' ? s.classes : 0;
  const layers = [nx, ...s.hidden, head === 'softmax' ? classes : 1];
  const untrainable = drawn === null ? null : untrainableReason(all.Y, rawTrain.Y, s.problem, classes);
  const columns = expansion === null ? own.names : null;
  return { structure: cloneStructure(s), head, expansion, columns, all, uploaded: uploaded !== null && !blank, drawn, plot, untrainable, train, test, isTest, bounds, classes, means, gridRaw, gridX, layers };
}

function cloneStructure(s: StructureSettings): StructureSettings {
  return { ...s, features: [...s.features], hidden: [...s.hidden], activations: [...s.activations] };
}
