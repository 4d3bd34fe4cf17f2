// The page's side of the worker protocol: starts and stops runs and folds the worker's messages
// into the signals in state.ts.
import { batch } from '@preact/signals';
import type { FromWorker, ToWorker } from './protocol';
import {
  accuracy,
  boundary,
  costHistory,
  currentCost,
  currentIteration,
  dataset,
  parsedForm,
  plannedIterations,
  runError,
  status,
} from './state';

let worker: Worker | null = null;
let currentRunId = 0;

function send(message: ToWorker): void {
  worker?.postMessage(message);
}

function handleMessage(message: FromWorker): void {
  if (message.type === 'dataset') {
    dataset.value = message.dataset;
    return;
  }
  if (message.runId !== null && message.runId !== currentRunId) return; // from a replaced run

  batch(() => {
    switch (message.type) {
      case 'progress':
        costHistory.value = [...costHistory.value, ...message.records];
        currentIteration.value = message.iteration;
        currentCost.value = message.cost;
        break;
      case 'done': {
        const history = costHistory.value;
        const last = history[history.length - 1];
        // The chart ends at the cost after the final update, not at the last chunk's start.
        if (last === undefined || last.iteration < message.iteration) {
          costHistory.value = [...history, { iteration: message.iteration, cost: message.cost }];
        }
        currentIteration.value = message.iteration;
        currentCost.value = message.cost;
        accuracy.value = message.accuracy;
        boundary.value = message.boundary;
        status.value = message.stopped ? 'stopped' : 'done';
        break;
      }
      case 'error':
        runError.value = message.message;
        status.value = 'error';
        break;
    }
  });
}

/** Connects the page to a training worker (created in main.tsx, where Vite can see it). */
export function attachWorker(trainingWorker: Worker): void {
  worker = trainingWorker;
  worker.addEventListener('message', (event: MessageEvent<FromWorker>) => handleMessage(event.data));
  worker.addEventListener('error', (event: ErrorEvent) => {
    event.preventDefault();
    batch(() => {
      runError.value = `The training worker failed: ${event.message || 'unknown error'}`;
      status.value = 'error';
    });
  });
}

/** Starts a run with the form's settings; does nothing while the form is invalid or a run is going. */
export function startTraining(): void {
  const parsed = parsedForm.value;
  if (!parsed.ok || status.value === 'training' || worker === null) return;

  currentRunId += 1;
  batch(() => {
    plannedIterations.value = parsed.config.iterations;
    costHistory.value = [];
    currentIteration.value = 0;
    currentCost.value = null;
    accuracy.value = null;
    boundary.value = null;
    runError.value = null;
    status.value = 'training';
  });
  send({ type: 'train', runId: currentRunId, config: parsed.config });
}

/** Asks the worker to stop after its current chunk; it then reports the partial result. */
export function stopTraining(): void {
  if (status.value !== 'training') return;
  send({ type: 'stop', runId: currentRunId });
}
