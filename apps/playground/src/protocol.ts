// The contract between the page and the training worker (train.worker.ts). The page owns the
// settings (they live in the URL) and drives the clock: while playing, it asks for one `frame` per
// animation frame once the previous snapshot has arrived, so training can never outrun drawing and
// messages never pile up. The worker owns the data, the network and the trainer (all core), and
// answers every request with a snapshot of what the views need. No math happens on the page.
// One file on purpose: the whole contract, both directions, read in one place.
import type { Activation, DatasetName, DiagnosticCode, Initialization, OptimizerName } from '@ann/core/constants';

/** The three problems: each picks its datasets and its output head (sigmoid, softmax, linear). */
export type ProblemType = 'classification' | 'multiclass' | 'regression';

/** Everything that defines the data and the network: a change of any of these resets the run. */
export interface StructureSettings {
  problem: ProblemType;
  dataset: DatasetName;
  /** Classes of a multi-class dataset (spirals, blobs): 3 to 6; the other problems ignore it. */
  classes: number;
  /** Noise on one scale for every generator: 0 to 100 (% of the catalogue's largest noise for that dataset). */
  noise: number;
  /** Share of the examples used for training, in percent (10 to 90); the rest is the test set. */
  trainPercent: number;
  /** Seed of the data generator and of the train/test split. */
  dataSeed: number;
  /** Input features (core's feature expansion), in core's order, e.g. ['x1', 'x2']. At least one. */
  features: string[];
  /** Units of each hidden layer, 0 to 6 layers of 1 to 32 units; [] is a network with no hidden layer. */
  hidden: number[];
  /** One activation per hidden layer (same length as `hidden`). */
  activations: Activation[];
  init: Initialization;
  /** The scale of init 'random': W = scale·randn (0.01 by default, the course's; 10 is C2W1's too-large one). */
  initScale: number;
  /**
   * Each epoch's mini-batch shuffle: 'generator' draws it from the network's generator; 'course'
   * from a fresh generator seeded 11 + epoch, as the course's C2W2 notebook (seed 10, incremented
   * before each epoch's random_mini_batches).
   */
  shuffle: 'generator' | 'course';
  /** Seed of the network's generator: its initial weights, dropout masks and shuffles. */
  weightSeed: number;
  /** Examples per mini-batch; 0 means the full batch (one step is then one iteration). */
  batchSize: number;
}

/** What can change while playing or paused, taking effect from the next step without a reset. */
export interface LiveSettings {
  learningRate: number;
  /** λ of the L2 penalty. */
  l2: number;
  /** Probability of dropping a hidden unit during training, in [0, 1); keepProb = 1 - dropout. */
  dropout: number;
  optimizer: OptimizerName;
  /** Momentum's β, and Adam's β1 and β2. */
  beta: number;
  beta1: number;
  beta2: number;
}

/** The page's whole state, as the URL stores it (view settings included). */
export interface PlaygroundSettings extends StructureSettings, LiveSettings {
  /** Training steps (epochs, or iterations with the full batch) per animation frame while playing. */
  stepsPerFrame: number;
  /** Play pauses by itself at this epoch (a lesson's end, e.g. the course's 10000); 0: never. */
  stopAt: number;
  /** The lesson shown (its id in lessons.ts), or '' for none. */
  lesson: string;
  showTestData: boolean;
  discretize: boolean;
  logScale: boolean;
}

/** Cells per side of the grid over the input plane on which the worker evaluates the network. */
export const GRID_SIZE = 48;

/** Cells per side of the loss landscape the page asks for: 31 × 31 = 961 evaluations of the training cost. */
export const LANDSCAPE_SIZE = 31;

/** A rectangle of the input plane (x1 horizontal, x2 vertical), fixed for a dataset. */
export interface PlotBounds {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/** The data as plain arrays: example k is (x1[k], x2[k]) with target y[k] (class index, or value). */
export interface DataPoints {
  x1: Float64Array;
  x2: Float64Array;
  y: Float64Array;
  /** 1 for a test example, 0 for a training example. */
  test: Uint8Array;
  bounds: PlotBounds;
  /** Classes (2 for classification, K for multi-class) or 0 for regression. */
  classes: number;
  /** The targets' range (regression; [0, classes - 1] otherwise), for the colour key. */
  yMin: number;
  yMax: number;
  /**
   * Data with more than two feature columns (an upload): every column by name, example k's value
   * of column c at columns.values[c][k]; x1 and x2 above are the two plotted columns.
   */
  columns?: { names: string[]; values: Float64Array[] };
}

/** The network's shape as the network view draws it. */
export interface Topology {
  /** [n_x, n_1, ..., n_L]: n_x = features.length; n_L = 1, or K for multi-class. */
  layers: number[];
  features: string[];
  /** Activation of each layer 1..L (the last is the head: 'sigmoid', 'softmax' or 'linear'). */
  activations: string[];
}

/**
 * One map over the input plane: GRID_SIZE × GRID_SIZE values, row-major, row 0 at the top
 * (x2 = yMax), column 0 at the left (x1 = xMin).
 */
export type GridValues = Float32Array;

/** A core diagnostic, reduced to what the page shows. */
export interface DiagnosticItem {
  level: 'warning' | 'error';
  code: DiagnosticCode;
  message: string;
  iteration: number;
  epoch?: number;
  layer?: number;
}

/** One point of the cost chart per step taken (the worker thins long histories itself). */
export interface HistoryPoint {
  epoch: number;
  trainCost: number;
  /** NaN without a test set. */
  testCost: number;
  /** ‖dW[l]‖_F for l = 1..L (index l - 1) of the epoch's last update (core's Trainer.gradientNorms); absent before any update. */
  gradientNorms?: number[];
}

/** What every view needs after a step, a reset or an edit. */
export interface Snapshot {
  /** Steps taken since the reset: epochs, or iterations with the full batch. */
  epoch: number;
  /** Updates taken (mini-batches). */
  iteration: number;
  trainCost: number;
  testCost: number;
  /** Fraction correct (NaN for regression). */
  trainAccuracy: number;
  testAccuracy: number;
  /** History points added since the previous snapshot (all of them after a reset). */
  history: HistoryPoint[];
  /** True when `history` replaces the chart's points instead of extending them (reset, configure). */
  historyReset: boolean;
  /**
   * The output over the plane: for classification P(class 1); for multi-class the predicted class
   * index and, in `confidence`, its probability; for regression the predicted value.
   */
  output: GridValues;
  confidence: GridValues | null;
  /** neurons[l - 1][i - 1]: the activation of hidden unit i of layer l over the plane. */
  neurons: GridValues[][];
  /** W[l - 1] is W[l] (n_l, n_{l-1}) row-major; b[l - 1] is b[l] (n_l). */
  W: Float64Array[];
  b: Float64Array[];
  /** Diagnostics raised since the previous snapshot. */
  diagnostics: DiagnosticItem[];
  /** The math panel's report for the network as it is now, while the panel is open (see the 'math' message). */
  math?: MathReport;
  /** True when the frame ended at its time budget before taking every step asked (many examples). */
  shortened?: boolean;
}

/** Core's gradientCheck on the current network, as the page shows it. */
export interface GradientCheckReport {
  /** ‖grad − gradapprox‖₂ / (‖grad‖₂ + ‖gradapprox‖₂) over every parameter. */
  difference: number;
  /** difference < threshold. */
  passed: boolean;
  /** The course's bar, 2e-7. */
  threshold: number;
  /** Training examples the cost was computed on. */
  examples: number;
  /** The L2 λ in the checked cost. */
  l2: number;
  /** The epoch the network was at. */
  epoch: number;
  /**
   * Per layer l (1..L): the relative difference over the layer's parameters (W[l] and b[l] pooled,
   * as `difference` pools every layer), whether it is below the threshold, and W[l]'s and b[l]'s own.
   */
  layers: { layer: number; difference: number; W: number; b: number; passed: boolean }[];
}

/** The user's own data (an uploaded CSV) the run trains on instead of a generated dataset. */
export interface UploadedData {
  fileName: string;
  /** Every column of the file, in its order (the label picker's choices). */
  columns: string[];
  /** The label column. */
  label: string;
  /** Every feature column, in the file's order: all of them are the network's inputs (n_x) when there are more than two. */
  features: string[];
  /** The two columns the plot shows (indices into `features`): x1 horizontal, x2 vertical. */
  plot: [number, number];
  /** From the label's values: class names (2: classification, 3–6: multi-class), or a number (regression). */
  problem: ProblemType;
  classes: number;
  /** `classNames[k]` names class k (the label's values, as core's parser indexed them); [] for regression. */
  classNames: string[];
  m: number;
}

/** (rows, columns) of a matrix, as numpy's shape. */
export type Shape = [number, number];

/** The live shapes of layer l's operands in the course's equations (m: the examples of one update's batch). */
export interface LayerShapes {
  layer: number;
  /** g[l]: the hidden activation, or the head (sigmoid, softmax, linear) at l = L. */
  activation: string;
  /** By course name without the layer: W is W[l], A_prev is A[l-1], dA_prev is dA[l-1]. */
  shapes: Record<'W' | 'b' | 'A_prev' | 'Z' | 'A' | 'dA' | 'dZ' | 'dW' | 'db' | 'dA_prev', Shape>;
}

/** One point through the network, from core's forward pass (inference mode). */
export interface PointTrace {
  /** The point on the plane (raw inputs): an example's own, or the centre of the plot's grid cell that was picked. */
  x1: number;
  x2: number;
  /** That grid cell (row 0 at the top, as GridValues), or null for an example. */
  cell: { row: number; column: number } | null;
  /** A[0]: the network's input features at the point (names and values). */
  features: string[];
  input: number[];
  /** For l = 1..L: Z[l] and A[l] of the point, one entry per unit. */
  layers: { layer: number; activation: string; z: number[]; a: number[] }[];
  /** A[L]: P(class 1), the K class probabilities, or the predicted value. */
  output: number[];
  /**
   * When the point is a training or test example (index: its place in the page's DataPoints): its
   * target, its loss term L(A[L], y) and its share of its set's cost J, contribution = loss / m.
   */
  example: { set: 'train' | 'test'; index: number; y: number[]; loss: number; m: number; contribution: number } | null;
}

/** What the math panel shows: the shapes for the batch in use, and the inspected point's trace. */
export interface MathReport {
  /** Examples in one update's batch: the training set with the full batch, else the batch size. */
  m: number;
  mTrain: number;
  mTest: number;
  /** Mini-batches per epoch. */
  batches: number;
  layers: LayerShapes[];
  trace: PointTrace | null;
}

/**
 * Points drawn on the output plot, in the plane's units: point k is (x1[k], x2[k]) with target y[k]
 * (a class index, or a value for regression). On a blank plane they are the whole data; otherwise
 * they join the generated or uploaded examples (after them, in drawing order).
 */
export interface DrawnData {
  blank: boolean;
  x1: number[];
  x2: number[];
  y: number[];
}

/**
 * The worker's time budget for the training of one frame while playing (ms): a frame ends at the
 * first epoch boundary past it, even with fewer epochs than asked, so that with many examples
 * (10,000 uploaded points, say) snapshots keep coming about 20 times a second and Pause is
 * answered at once. The page still asks for the next frame only at the next animation frame, so
 * the snapshots never outrun its drawing. The default run's 10 epochs per frame take well under a
 * millisecond.
 */
export const FRAME_BUDGET_MS = 40;

/** Most points the Draw tool keeps (the worker refuses more): enough for any drawing, small enough to send with every configure. */
export const MAX_DRAWN_POINTS = 2000;

/**
 * The training cost on a slice through parameter space, J(θ* + α·d1 + β·d2), with d1 and d2 random
 * directions filter-normalised per unit (Li et al., 2018; bias directions zero), and the training
 * path projected onto the slice by least squares.
 */
export interface LandscapeResult {
  /** The epoch of θ* (the network the map is of). */
  epoch: number;
  /** The seed d1 and d2 were drawn from. */
  seed: number;
  /** Cells per side (odd: the centre cell is θ* itself). */
  size: number;
  /** α and β run over [−extent, extent] (at least [−1, 1], wider when the projected path needs it). */
  extent: number;
  /**
   * J at cell (column i, row j), row-major costs[j·size + i]: α from −extent (left) to +extent, β from
   * +extent (top) to −extent. Core's Network.cost on the training set, with (λ/2m)·Σ‖W‖² when λ > 0.
   */
  costs: Float64Array;
  /** J(θ*), the centre cell. */
  centerCost: number;
  /** The smallest and largest finite costs of the grid. */
  minCost: number;
  maxCost: number;
  /** The L2 λ in the cost. */
  l2: number;
  /** P, the parameters of the network, and m, the training examples. */
  parameters: number;
  examples: number;
  /**
   * The recorded training path, oldest first, ending at θ* (epoch = `epoch`, α = β = 0): each point's
   * least-squares (α, β) and residual fraction ‖r‖/‖θ_t − θ*‖ (the part the slice cannot show).
   */
  path: { epoch: Float64Array; alpha: Float64Array; beta: Float64Array; residual: Float64Array };
  /** Over the whole path: √(Σ‖r_t‖² / Σ‖θ_t − θ*‖²). */
  pathResidual: number;
  /** d1 and d2 are zero (every weight is zero, as after zero initialization): the slice is the point θ*. */
  directionsZero: boolean;
}

export type ToWorker =
  /** Builds the data and the network from scratch (epoch 0); answers with `ready`. */
  | {
      type: 'configure';
      requestId: number;
      structure: StructureSettings;
      live: LiveSettings;
      /** Train on the uploaded data the worker keeps (its problem type and classes win over the structure's). */
      upload?: boolean;
      /** Points drawn with the Draw tool: they join the data (or make it, on a blank plane). */
      drawn?: DrawnData;
      /** With uploaded data of more than two features: the two plotted (indices into its features); [0, 1] by default. */
      plot?: [number, number];
    }
  /**
   * Parses a CSV (core's parseCsv) with `label` as its label column (null: the last column) and,
   * if it holds two feature columns and a label the page can learn, makes it the run's data; answers
   * with `ready` (and `uploaded`), or an error naming the line and column, the current run kept.
   */
  | { type: 'uploadData'; requestId: number; text: string; fileName: string; label: string | null; structure: StructureSettings; live: LiveSettings }
  /** Takes effect from the next step; answers with nothing. */
  | { type: 'live'; live: LiveSettings }
  /**
   * Takes `steps` training steps (epochs, or full-batch iterations), then answers with `snapshot`;
   * with `budgetMs`, fewer when their training takes longer: the frame ends at the first epoch
   * boundary past it (the snapshot then says `shortened`). Frames while playing carry FRAME_BUDGET_MS.
   */
  | { type: 'frame'; requestId: number; steps: number; budgetMs?: number }
  /** Back to epoch 0 with the same initial weights and data; answers with `snapshot`. */
  | { type: 'reset'; requestId: number }
  /**
   * Sets one weight or bias. `layer` is 1-based (1..L, as in W1); `row` and `column` are 0-based, as
   * numpy indexes W1[0, 1]: W[layer][row, column], or b[layer][row] (column 0). Answers with `snapshot`.
   */
  | { type: 'edit'; requestId: number; layer: number; parameter: 'W' | 'b'; row: number; column: number; value: number }
  /**
   * Small previews of every dataset of a problem type at the given noise (the data picker's
   * thumbnails); answers with `thumbnails`. Nothing about the current run changes.
   */
  | { type: 'thumbnails'; requestId: number; problem: ProblemType; classes: number; noise: number; dataSeed: number }
  /** The current network as a model file (core's Model.serialize, as `ann train --out`); answers with `model`. */
  | { type: 'exportModel'; requestId: number }
  /**
   * Replaces the run with a model file's network on the current data (the structure with the
   * model's problem type, features, layers and activations), at epoch 0 from the model's parameters;
   * answers with `ready` (and `imported`), or with an error that leaves the current run as it was.
   */
  | { type: 'importModel'; requestId: number; text: string; fileName: string; structure: StructureSettings; live: LiveSettings }
  /** Core's gradientCheck on the current network and a few training examples; answers with `gradientCheck`. */
  | { type: 'gradientCheck'; requestId: number }
  /**
   * Opens (or closes) the math panel and sets the point it inspects (raw x1, x2, or null). While it
   * is open every snapshot carries its report; answers with `math` (a null report when closed).
   */
  | { type: 'math'; requestId: number; open: boolean; point: { x1: number; x2: number } | null }
  /**
   * Shows two other features of uploaded data of more than two (indices into its features) on the
   * plot: the same network and epoch, the maps over the new plane; answers with `replotted`.
   */
  | { type: 'plotFeatures'; requestId: number; plot: [number, number] }
  /**
   * The loss landscape of the network as it is now (worker/landscape.ts): a size × size grid of the
   * training cost around θ* along two filter-normalised random directions drawn from `seed`. Answers
   * with `landscapeProgress` (computed in slices, so other messages are answered meanwhile), then
   * `landscape`; a new landscape request, or a message that changes the network or its cost
   * (configure, reset, edit, uploadData, importModel, a live change of λ), cancels it with `landscapeCancelled`.
   */
  | { type: 'landscape'; requestId: number; seed: number; size: number };

export type FromWorker =
  | {
      type: 'ready';
      requestId: number;
      data: DataPoints;
      topology: Topology;
      /** Each input feature over the plane, in `topology.features` order. */
      inputs: GridValues[];
      /**
       * Every candidate feature over the plane, one per entry of core's FEATURE_TERMS and in that
       * order, active or not, so a feature that is switched off still shows what it would add.
       */
      candidateInputs: GridValues[];
      snapshot: Snapshot;
      /** After an importModel: the structure the run now has (the page takes it on), and a line about the model. */
      imported?: { structure: StructureSettings; summary: string };
      /** The run trains on uploaded data: what it is (the page takes on its problem type and classes). */
      uploaded?: UploadedData;
      /** Why this run cannot train yet (drawn data missing a class); a frame is refused with this message. */
      untrainable?: string;
    }
  | { type: 'snapshot'; requestId: number; snapshot: Snapshot }
  | { type: 'model'; requestId: number; text: string; fileName: string }
  | { type: 'gradientCheck'; requestId: number; report: GradientCheckReport }
  /** One preview per dataset of the problem type, in the catalogue's order; at most ~200 points each. */
  | { type: 'thumbnails'; requestId: number; problem: ProblemType; items: { dataset: DatasetName; data: DataPoints }[] }
  /**
   * A request could not be carried out. 'divergence': core stopped on NaN or Infinity (the network
   * keeps its last finite parameters, and the page pauses); 'settings': the settings were refused;
   * 'failure': anything else.
   */
  | { type: 'error'; requestId: number | null; kind: 'divergence' | 'settings' | 'failure'; message: string; snapshot?: Snapshot }
  /** The math panel's report now (null while it is closed or before the first configure). */
  | { type: 'math'; requestId: number; report: MathReport | null }
  /** After plotFeatures: the data with the new pair as x1, x2, the input maps over the new plane, the upload's new `plot`, and the view. */
  | { type: 'replotted'; requestId: number; data: DataPoints; inputs: GridValues[]; uploaded: UploadedData; snapshot: Snapshot }
  /** Cells of the landscape computed so far. */
  | { type: 'landscapeProgress'; requestId: number; done: number; total: number }
  | { type: 'landscape'; requestId: number; result: LandscapeResult }
  /** The landscape in progress was stopped, and why (a new request, the network changed). */
  | { type: 'landscapeCancelled'; requestId: number; reason: string };
