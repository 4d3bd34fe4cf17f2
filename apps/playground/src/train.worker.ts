// The training worker: owns the dataset and the network, drives @ann/core's `fit` in chunks of
// `recordEvery` iterations, and posts progress after each chunk so the page can draw the cost
// falling. Between chunks it yields to its event loop, which is when a Stop message gets in.
import { Matrix, Network, datasets } from '@ann/core';
import type { TrainingConfig } from './config';
import { gridOver, paddedBounds, type DecisionBoundary, type PlotBounds } from './plotGrid';
import type { CostRecord, DatasetPoints, FromWorker, ToWorker } from './protocol';

/** Cells per side of the decision-boundary grid. */
const BOUNDARY_RESOLUTION = 50;

interface Run {
  id: number;
  stopRequested: boolean;
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

/** The same error, keeping its name, with where it happened appended to its message. */
function withContext(error: unknown, where: string): Error {
  const wrapped = new Error(`${error instanceof Error ? error.message : String(error)} (${where})`);
  if (error instanceof Error) wrapped.name = error.name;
  return wrapped;
}

/** The built-in planar "flower": X is (2, m), row 0 the x and row 1 the y coordinates; Y is (1, m). */
const { X, Y } = datasets.planarFlower();
const [xs, ys] = X.toArray() as [number[], number[]];
const labels = Y.toArray()[0] as number[];
const bounds: PlotBounds = paddedBounds(xs, ys);
const dataset: DatasetPoints = { x: xs, y: ys, label: labels, bounds };

let activeRun: Run | null = null;

function decisionBoundary(network: Network): DecisionBoundary {
  const grid = gridOver(bounds, BOUNDARY_RESOLUTION);
  const predictions = network.predict(Matrix.from(grid.centers)).toArray()[0] as number[];
  return {
    cellWidth: grid.cellWidth,
    cellHeight: grid.cellHeight,
    cells: grid.cells.map((cell, k) => ({ ...cell, label: predictions[k] as number })),
  };
}

async function train(run: Run, config: TrainingConfig): Promise<void> {
  const network = new Network({
    layers: [X.rows, ...config.hiddenLayerSizes, Y.rows],
    hidden: config.hiddenActivation,
    output: 'sigmoid',
    init: config.init,
    initScale: config.initScale,
    seed: config.seed,
  });

  let iteration = 0;
  while (iteration < config.iterations && !run.stopRequested) {
    // fit continues from the current parameters; with iterations = recordEvery it records the
    // cost once, at the chunk's first iteration, before that iteration's update.
    const chunk = Math.min(config.recordEvery, config.iterations - iteration);
    let costs: CostRecord[];
    try {
      ({ costs } = network.fit(X, Y, { learningRate: config.learningRate, iterations: chunk, recordEvery: chunk }));
    } catch (error) {
      // fit counts iterations from the start of its own call; say where in the run this chunk began.
      throw withContext(error, `in the chunk of ${chunk} iterations starting at iteration ${iteration} of the run`);
    }
    const records: CostRecord[] = costs.map((record) => ({ iteration: iteration + record.iteration, cost: record.cost }));
    iteration += chunk;
    post({ type: 'progress', runId: run.id, records, iteration, cost: network.cost(X, Y) });

    await nextTask();
    if (activeRun !== run) return; // replaced by a newer run
  }

  const { cost, accuracy } = network.evaluate(X, Y);
  post({
    type: 'done',
    runId: run.id,
    stopped: iteration < config.iterations,
    iteration,
    cost,
    accuracy,
    boundary: decisionBoundary(network),
  });
}

self.addEventListener('message', (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  switch (message.type) {
    case 'train': {
      const run: Run = { id: message.runId, stopRequested: false };
      activeRun = run;
      train(run, message.config).catch((error: unknown) => {
        post({ type: 'error', runId: run.id, message: describe(error) });
      });
      break;
    }
    case 'stop':
      if (activeRun?.id === message.runId) activeRun.stopRequested = true;
      break;
  }
});

post({ type: 'dataset', dataset });
