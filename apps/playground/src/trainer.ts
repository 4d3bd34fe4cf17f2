// The page's side of the worker protocol: asks for the dataset the controls describe, starts,
// pauses, resumes and stops runs, and folds the worker's messages into the signals in state.ts.
import { batch, effect } from '@preact/signals';
import { plannedSteps as plannedStepsOf } from './config';
import type { FromWorker, ToWorker } from './protocol';
import {
  boundary,
  costHistory,
  currentEpoch,
  currentIteration,
  dataset,
  diagnostics,
  isRunning,
  parsedData,
  parsedForm,
  plannedSteps,
  runError,
  runUnit,
  status,
  testAccuracy,
  trainAccuracy,
  trainRefused,
} from './state';

let worker: Worker | null = null;
let currentRunId = 0;
let currentDatasetRequest = 0;

function send(message: ToWorker): void {
  worker?.postMessage(message);
}

function handleMessage(message: FromWorker): void {
  if (message.type === 'dataset') {
    if (message.requestId !== currentDatasetRequest) return; // the controls have changed since
    batch(() => {
      dataset.value = message.dataset;
      // A boundary drawn for other points would mislead; the results of the last run go with it.
      if (!isRunning.value) {
        boundary.value = null;
        trainAccuracy.value = null;
        testAccuracy.value = null;
      }
    });
    return;
  }
  if (message.runId !== null && message.runId !== currentRunId) return; // from a replaced run

  batch(() => {
    switch (message.type) {
      case 'progress':
        if (message.records.length > 0) costHistory.value = [...costHistory.value, ...message.records];
        currentIteration.value = message.iteration;
        currentEpoch.value = message.epoch;
        if (message.snapshot) {
          boundary.value = message.snapshot.boundary;
          trainAccuracy.value = message.snapshot.accuracy.train;
          testAccuracy.value = message.snapshot.accuracy.test;
        }
        break;
      case 'diagnostic':
        diagnostics.value = [...diagnostics.value, message.diagnostic];
        break;
      case 'done': {
        const history = costHistory.value;
        const last = history.at(-1);
        // The chart ends at the costs after the final update, not at the last recorded step.
        if (last === undefined || last.step < message.final.step) costHistory.value = [...history, message.final];
        currentIteration.value = message.iteration;
        currentEpoch.value = message.epoch;
        trainAccuracy.value = message.accuracy.train;
        testAccuracy.value = message.accuracy.test;
        boundary.value = message.boundary;
        status.value = message.stopped ? 'stopped' : 'done';
        break;
      }
      case 'error':
        runError.value = { kind: message.kind, message: message.message };
        status.value = 'error';
        break;
    }
  });
}

/** Asks the worker for the dataset the controls describe, whenever they change and are valid. */
function followDatasetControls(): void {
  let lastKey = '';
  effect(() => {
    const parsed = parsedData.value;
    if (!parsed.ok) return;
    const key = JSON.stringify(parsed.data);
    if (key === lastKey) return;
    lastKey = key;
    currentDatasetRequest += 1;
    send({ type: 'dataset', requestId: currentDatasetRequest, data: parsed.data });
  });
}

/** Connects the page to a training worker (created in main.tsx, where Vite can see it). */
export function attachWorker(trainingWorker: Worker): void {
  worker = trainingWorker;
  worker.addEventListener('message', (event: MessageEvent<FromWorker>) => handleMessage(event.data));
  worker.addEventListener('error', (event: ErrorEvent) => {
    event.preventDefault();
    batch(() => {
      runError.value = { kind: 'failure', message: `The training worker failed: ${event.message || 'unknown error'}` };
      status.value = 'error';
    });
  });
  followDatasetControls();
}

/** Starts a run with the form's settings; does nothing while the form is invalid or a run is going. */
export function startTraining(): void {
  const parsed = parsedForm.value;
  if (!parsed.ok) {
    trainRefused.value = true;
    return;
  }
  if (isRunning.value || worker === null) return;

  currentRunId += 1;
  const { schedule } = parsed.config.training;
  batch(() => {
    runUnit.value = schedule.mode === 'iterations' ? 'iteration' : 'epoch';
    plannedSteps.value = plannedStepsOf(schedule);
    costHistory.value = [];
    currentIteration.value = 0;
    currentEpoch.value = schedule.mode === 'epochs' ? 0 : null;
    trainAccuracy.value = null;
    testAccuracy.value = null;
    diagnostics.value = [];
    boundary.value = null;
    runError.value = null;
    trainRefused.value = false;
    status.value = 'training';
  });
  send({ type: 'train', runId: currentRunId, config: parsed.config });
}

/** Stops stepping until resumed (the worker keeps the network and the trainer). */
export function pauseTraining(): void {
  if (status.value !== 'training') return;
  status.value = 'paused';
  send({ type: 'pause', runId: currentRunId });
}

export function resumeTraining(): void {
  if (status.value !== 'paused') return;
  status.value = 'training';
  send({ type: 'resume', runId: currentRunId });
}

/** Aborts the run at the end of the current step; the worker then reports the partial result. */
export function stopTraining(): void {
  if (!isRunning.value) return;
  send({ type: 'stop', runId: currentRunId });
}
