// The training worker: builds the dataset and the network, and drives @ann/core's stepping API
// (`net.trainer(X, Y, options)`, one `step()` per update). It steps for about PROGRESS_INTERVAL_MS,
// posts what core recorded, then yields to its event loop, which is when Pause, Resume and Stop get
// in. Stop aborts the run's AbortSignal: core ends the run at the end of the current step.
import { DivergenceError, Matrix, Network, type Diagnostic } from '@ann/core';
import type { DataConfig, TrainingConfig } from './config';
import { coordinates, fitOptions, networkOptions, prepareData, type PreparedData } from './engine';
import { gridOver, paddedBounds, type DecisionBoundary, type PlotBounds } from './plotGrid';
import type { Accuracies, CostRecord, DatasetPoints, DiagnosticItem, FromWorker, ToWorker } from './protocol';

/** Cells per side of the decision-boundary grid. */
const BOUNDARY_RESOLUTION = 50;
/** Milliseconds of stepping between progress messages. */
const PROGRESS_INTERVAL_MS = 50;
/** Milliseconds between recomputing the decision boundary and the accuracies while training. */
const BOUNDARY_INTERVAL_MS = 500;

interface Run {
  id: number;
  controller: AbortController;
  paused: boolean;
  /** Resolves the wait of a paused run (on Resume, Stop or replacement). */
  wake: (() => void) | null;
}

interface Scene {
  prepared: PreparedData;
  bounds: PlotBounds;
}

function post(message: FromWorker): void {
  self.postMessage(message);
}

function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function buildScene(data: DataConfig): Scene {
  const prepared = prepareData(data);
  const [xs, ys] = coordinates(prepared.all.X);
  return { prepared, bounds: paddedBounds(xs, ys) };
}

function datasetPoints({ prepared, bounds }: Scene): DatasetPoints {
  const [x, y] = coordinates(prepared.all.X);
  const label = prepared.all.Y.toArray()[0] as number[];
  return { x, y, label, test: prepared.isTest, bounds };
}

function decisionBoundary(network: Network, bounds: PlotBounds): DecisionBoundary {
  const grid = gridOver(bounds, BOUNDARY_RESOLUTION);
  const predictions = network.predict(Matrix.from(grid.centers)).toArray()[0] as number[];
  return {
    cellWidth: grid.cellWidth,
    cellHeight: grid.cellHeight,
    cells: grid.cells.map((cell, k) => ({ ...cell, label: predictions[k] as number })),
  };
}

function accuracies(network: Network, { train, test }: PreparedData): Accuracies {
  return {
    train: network.evaluate(train.X, train.Y).accuracy,
    test: test === null ? null : network.evaluate(test.X, test.Y).accuracy,
  };
}

function toItem(diagnostic: Diagnostic): DiagnosticItem {
  const { level, code, message, iteration, epoch, layer } = diagnostic;
  return {
    level,
    code,
    message,
    iteration,
    ...(epoch === undefined ? {} : { epoch }),
    ...(layer === undefined ? {} : { layer }),
  };
}

let activeRun: Run | null = null;

async function train(run: Run, config: TrainingConfig): Promise<void> {
  const scene = buildScene(config.data);
  const { prepared, bounds } = scene;
  const network = new Network(networkOptions(config.model, prepared.train.X.rows));

  let records: CostRecord[] = [];
  const trainer = network.trainer(
    prepared.train.X,
    prepared.train.Y,
    fitOptions(config.training, {
      test: prepared.test,
      signal: run.controller.signal,
      onRecord: (record) => {
        records.push({
          step: record.epoch ?? record.iteration,
          cost: record.cost,
          ...(record.validation === undefined ? {} : { testCost: record.validation.cost }),
        });
      },
      onDiagnostic: (diagnostic) => post({ type: 'diagnostic', runId: run.id, diagnostic: toItem(diagnostic) }),
    }),
  );

  const postProgress = (snapshot?: { boundary: DecisionBoundary; accuracy: Accuracies }): void => {
    const { iterations, epochs } = trainer.result();
    post({ type: 'progress', runId: run.id, records, iteration: iterations, epoch: epochs, ...(snapshot ? { snapshot } : {}) });
    records = [];
  };

  let lastSnapshot = performance.now();
  try {
    while (!trainer.done) {
      const sliceStart = performance.now();
      while (performance.now() - sliceStart < PROGRESS_INTERVAL_MS && trainer.step() !== null);
      const now = performance.now();
      if (now - lastSnapshot >= BOUNDARY_INTERVAL_MS && !trainer.done) {
        lastSnapshot = now;
        postProgress({ boundary: decisionBoundary(network, bounds), accuracy: accuracies(network, prepared) });
      } else {
        postProgress();
      }

      await nextTask();
      while (run.paused && !run.controller.signal.aborted) {
        await new Promise<void>((resolve) => (run.wake = resolve));
      }
      if (activeRun !== run) return; // replaced by a newer run
    }
  } catch (error) {
    postProgress(); // the costs up to the failure: the chart shows the blow-up
    throw error;
  }

  const result = trainer.result();
  const finalTrain = network.evaluate(prepared.train.X, prepared.train.Y);
  const finalTest = prepared.test === null ? null : network.evaluate(prepared.test.X, prepared.test.Y);
  const schedule = config.training.schedule;
  post({
    type: 'done',
    runId: run.id,
    stopped: result.stopReason === 'aborted',
    iteration: result.iterations,
    epoch: result.epochs,
    final: {
      step: schedule.mode === 'iterations' ? result.iterations : result.epochs,
      cost: finalTrain.cost,
      ...(finalTest === null ? {} : { testCost: finalTest.cost }),
    },
    accuracy: { train: finalTrain.accuracy, test: finalTest === null ? null : finalTest.accuracy },
    boundary: decisionBoundary(network, bounds),
  });
}

function wake(run: Run): void {
  run.wake?.();
  run.wake = null;
}

self.addEventListener('message', (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  switch (message.type) {
    case 'dataset':
      try {
        post({ type: 'dataset', requestId: message.requestId, dataset: datasetPoints(buildScene(message.data)) });
      } catch (error) {
        post({ type: 'error', runId: null, kind: 'failure', message: `Could not build the dataset: ${describe(error)}` });
      }
      break;
    case 'train': {
      if (activeRun !== null) {
        activeRun.controller.abort();
        activeRun.paused = false;
        wake(activeRun);
      }
      const run: Run = { id: message.runId, controller: new AbortController(), paused: false, wake: null };
      activeRun = run;
      train(run, message.config).catch((error: unknown) => {
        const divergence = error instanceof DivergenceError;
        post({
          type: 'error',
          runId: run.id,
          kind: divergence ? 'divergence' : 'failure',
          message: divergence ? `Training diverged: ${error.message}` : describe(error),
        });
      });
      break;
    }
    case 'pause':
      if (activeRun?.id === message.runId) activeRun.paused = true;
      break;
    case 'resume':
    case 'stop':
      if (activeRun?.id !== message.runId) break;
      if (message.type === 'stop') activeRun.controller.abort();
      activeRun.paused = false;
      wake(activeRun);
      break;
  }
});
