// The page's side of protocol.ts. It watches the settings (a structure change reconfigures the
// worker, a live change is forwarded at once), and while playing drives the clock: one `frame`
// request per animation frame, sent only when the previous answer has arrived, so training never
// outruns drawing and messages never queue up. Every request carries an increasing requestId; a
// configure or reset makes every earlier answer stale, and stale answers are dropped.
// One file because the clock, the request ids and the staleness rule are one state machine over
// the same signals.
import { batch, effect } from '@preact/signals';
import { FRAME_BUDGET_MS, LANDSCAPE_SIZE, type FromWorker, type Snapshot, type ToWorker } from './protocol';
import { pointsThatFit } from './drawing';
import { encodeSettings, liveKey, liveOf, previewNoise, structureKey, structureOf, withProblem, withStructure } from './settings';
import {
  addDiagnostics,
  clearRunMessages,
  configuring,
  data,
  dataNotice,
  gradientCheck,
  modelNotice,
  uploaded,
  history,
  historyVersion,
  candidateInputs,
  landscapeMap,
  landscapeSeed,
  landscapeStatus,
  inputs,
  inspectedPoint,
  mathOpen,
  mathReport,
  runError,
  settings,
  snapshot,
  status,
  thumbnails,
  topology,
  updateSettings,
  drawn,
  untrainable,
} from './state';

/** Structure changes wait this long for the next one (a slider being dragged, quick +/− clicks). */
const CONFIGURE_DEBOUNCE_MS = 120;

export interface Client {
  play(): void;
  pause(): void;
  togglePlay(): void;
  step(): void;
  reset(): void;
  newWeights(): void;
  regenerateData(): void;
  edit(layer: number, parameter: 'W' | 'b', row: number, column: number, value: number): void;
  /** Asks the worker for the model file; `download` receives its text and name. */
  exportModel(download: (text: string, fileName: string) => void): void;
  /** Replaces the run with a model file's network (the data stays); a refused file leaves the run as it was. */
  importModel(text: string, fileName: string): void;
  checkGradients(): void;
  /** Makes a CSV the run's data (`label`: its label column, null for the last); a refused file keeps the data. */
  uploadData(text: string, fileName: string, label: string | null): void;
  /** The uploaded file again, with another label column. */
  pickLabel(label: string): void;
  /** Back to the generated dataset of the settings (a blank plane's drawing is cleared). */
  useGeneratedData(): void;
  /** Shows two other features of uploaded data on the plot (indices into its features): the same run, seen on another plane. */
  plotFeatures(plot: [number, number]): void;
  /** Pauses and draws the loss landscape of the network now (with new random directions if asked). */
  drawLandscape(newDirections?: boolean): void;
}

interface Port {
  postMessage(message: ToWorker): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<FromWorker>) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
}

/** A fresh seed for the weights or the data (the page's only randomness; it goes into the URL). */
function randomSeed(): number {
  return 1 + Math.floor(Math.random() * 999_999);
}

function applySnapshot(next: Snapshot): void {
  if (next.historyReset) history.points = [...next.history];
  else for (const point of next.history) history.points.push(point);
  batch(() => {
    snapshot.value = next;
    historyVersion.value++;
    addDiagnostics(next.diagnostics);
    if (next.math !== undefined) mathReport.value = next.math;
  });
}

export function startClient(worker: Port): Client {
  let nextId = 0;
  /** Answers to requests older than this one belong to a replaced run. */
  let validFrom = 0;
  /** The newest request sent whose answer has not arrived (the clock waits for it). */
  let pending: number | null = null;
  /** A ready has arrived for the newest configure: frames, steps and edits can be sent. */
  let configured = false;
  let configureTimer: ReturnType<typeof setTimeout> | null = null;
  let queuedSteps = 0;
  let frameHandle: number | null = null;
  /** Play stops by itself at settings.stopAt, unless it was pressed at or beyond that epoch already. */
  let stopArmed = true;
  let lastStructure = '';
  let lastLive = '';
  /** The data picker's previews: the newest request, and the settings it was for. */
  let thumbnailsId = 0;
  let thumbnailsKey = '';
  let thumbnailsTimer: ReturnType<typeof setTimeout> | null = null;
  /** Requests outside the run's clock (export, gradient check): their ids and what to do with the answer. */
  let exportRequest: { id: number; download: (text: string, fileName: string) => void } | null = null;
  let gradientId = 0;
  /** The newest math panel request (open/closed, the inspected point): only its answer is kept. */
  let mathId = 0;
  /** The newest loss landscape request: only its progress and map are shown. */
  let landscapeId = 0;
  /** An import on its way, and what to go back to if the worker refuses the file (it keeps its run). */
  let importing: { id: number; validFrom: number; configured: boolean; kind: 'model' | 'data'; file?: { text: string; fileName: string } } | null = null;
  /** The uploaded file's text, to parse again with another label column. */
  let uploadFile: { text: string; fileName: string } | null = null;
  /** The drawing the last configure carried (a new one reconfigures), and the plotted pair asked for. */
  let lastDrawn = drawn.peek();
  let plot: [number, number] | null = null;

  /** Drops the drawing without a configure of its own (the run just replaced was built without it). */
  function forgetDrawing(): void {
    lastDrawn = null;
    drawn.value = null;
  }

  const send = (message: ToWorker) => worker.postMessage(message);

  function configure(): void {
    configureTimer = null;
    const id = ++nextId;
    validFrom = id;
    pending = id;
    configured = false;
    queuedSteps = 0;
    const s = settings.value;
    // A drawing of another problem type keeps only the points whose class this one has.
    const own = drawn.value === null ? null : pointsThatFit(drawn.value, s.problem, s.classes);
    lastDrawn = own;
    if (own !== drawn.value) drawn.value = own;
    send({
      type: 'configure',
      requestId: id,
      structure: structureOf(s),
      live: liveOf(s),
      ...(uploaded.value === null ? {} : { upload: true, ...(plot === null ? {} : { plot }) }),
      ...(own === null ? {} : { drawn: own }),
    });
  }

  function scheduleConfigure(): void {
    configuring.value = true;
    if (configureTimer !== null) clearTimeout(configureTimer);
    configureTimer = setTimeout(configure, CONFIGURE_DEBOUNCE_MS);
  }

  /** Sends what is due: a queued step, or the next frame while playing. */
  function pump(): void {
    if (!configured || pending !== null || configureTimer !== null) return;
    if (queuedSteps > 0) {
      queuedSteps--;
      pending = ++nextId;
      send({ type: 'frame', requestId: pending, steps: 1 });
      return;
    }
    if (status.value === 'playing') {
      const { stopAt, stepsPerFrame } = settings.value;
      const at = snapshot.value?.epoch ?? 0;
      const stopping = stopArmed && stopAt > 0;
      if (stopping && at >= stopAt) {
        status.value = 'paused';
        return;
      }
      pending = ++nextId;
      send({ type: 'frame', requestId: pending, steps: stopping ? Math.min(stepsPerFrame, stopAt - at) : stepsPerFrame, budgetMs: FRAME_BUDGET_MS });
    }
  }

  function tick(): void {
    frameHandle = null;
    if (status.value !== 'playing') return;
    pump();
    frameHandle = requestAnimationFrame(tick);
  }

  function onMessage(message: FromWorker): void {
    // Previews are outside the run's clock: only the newest request's answer is kept.
    if (message.type === 'thumbnails') {
      if (message.requestId === thumbnailsId) thumbnails.value = { key: thumbnailsKey, items: message.items };
      return;
    }
    if (message.type === 'model') {
      if (exportRequest !== null && message.requestId === exportRequest.id) {
        exportRequest.download(message.text, message.fileName);
        modelNotice.value = { kind: 'exported', message: `Exported ${message.fileName} (for ann predict, ann evaluate, ann info)` };
        exportRequest = null;
      }
      return;
    }
    if (message.type === 'math') {
      if (message.requestId === mathId) mathReport.value = message.report;
      return;
    }
    if (message.type === 'gradientCheck') {
      if (message.requestId === gradientId) gradientCheck.value = { kind: 'done', report: message.report };
      return;
    }
    if (message.type === 'landscapeProgress' || message.type === 'landscape' || message.type === 'landscapeCancelled') {
      if (message.requestId !== landscapeId) return;
      batch(() => {
        if (message.type === 'landscapeProgress') landscapeStatus.value = { kind: 'running', done: message.done, total: message.total };
        else if (message.type === 'landscapeCancelled') landscapeStatus.value = { kind: 'cancelled', reason: message.reason };
        else {
          landscapeMap.value = message.result;
          landscapeStatus.value = { kind: 'idle' };
        }
      });
      return;
    }
    if (message.type === 'error' && message.requestId !== null) {
      if (exportRequest !== null && message.requestId === exportRequest.id) {
        exportRequest = null;
        modelNotice.value = { kind: 'error', message: `Could not export the model: ${message.message}` };
        return;
      }
      if (message.requestId === gradientId) {
        gradientCheck.value = { kind: 'error', message: `The gradient check could not run: ${message.message}` };
        return;
      }
      if (message.requestId === landscapeId) {
        landscapeStatus.value = { kind: 'error', message: message.message };
        return;
      }
      if (importing !== null && message.requestId === importing.id) {
        // The worker checked the file before touching its run: the run goes on as it was.
        if (message.requestId === pending) pending = null;
        validFrom = importing.validFrom;
        configured = importing.configured;
        const kind = importing.kind;
        importing = null;
        batch(() => {
          if (kind === 'model') modelNotice.value = { kind: 'error', message: message.message };
          else {
            dataNotice.value = message.message;
            // A refused label column: the picker shows the run's label again.
            if (uploaded.value !== null) uploaded.value = { ...uploaded.value };
          }
          configuring.value = false;
        });
        return;
      }
    }
    if (message.requestId === pending) pending = null;
    const stale = message.requestId !== null && message.requestId < validFrom;
    if (stale) return;
    switch (message.type) {
      case 'ready':
        if (message.requestId !== validFrom) return;
        configured = true;
        if (importing !== null && message.requestId === importing.id) {
          // An accepted upload is the file a new label column is read from; the new data (or an
          // imported model's) was built without the drawing, which belonged to the old plane.
          if (importing.file !== undefined) uploadFile = importing.file;
          importing = null;
          plot = null;
          forgetDrawing();
        }
        batch(() => {
          const own = message.uploaded;
          if (own !== undefined) {
            // The run trains on uploaded data: the settings take on its problem type and classes.
            const previous = uploaded.value;
            uploaded.value = { ...own, columns: own.columns.length > 0 ? own.columns : (previous?.columns ?? []) };
            dataNotice.value = null;
            const next = { ...withProblem(settings.value, own.problem), ...(own.problem === 'multiclass' ? { classes: own.classes } : {}) };
            if (structureKey(next) !== structureKey(settings.value)) {
              lastStructure = structureKey(next);
              updateSettings(() => next);
            }
          } else {
            uploaded.value = null;
          }
          const imported = message.imported;
          if (imported !== undefined) {
            // The run already has this structure: the settings take it on without a new configure.
            const next = withStructure(settings.value, imported.structure);
            lastStructure = structureKey(next);
            lastLive = liveKey(next);
            updateSettings(() => next);
            clearRunMessages();
            modelNotice.value = { kind: 'imported', message: `Imported ${imported.summary}. Play trains it on the current data; Reset goes back to its weights; changing the network or the data starts from new weights.` };
            gradientCheck.value = null;
          }
          configuring.value = false;
          untrainable.value = message.untrainable ?? null;
          // A map of the previous run's network says nothing about this one.
          landscapeMap.value = null;
          data.value = message.data;
          topology.value = message.topology;
          inputs.value = message.inputs;
          candidateInputs.value = message.candidateInputs ?? [];
          applySnapshot(message.snapshot);
        });
        break;
      case 'snapshot':
        applySnapshot(message.snapshot);
        break;
      case 'replotted':
        batch(() => {
          uploaded.value = { ...message.uploaded, columns: uploaded.value?.columns ?? [] };
          data.value = message.data;
          inputs.value = message.inputs;
          applySnapshot(message.snapshot);
        });
        break;
      case 'error':
        batch(() => {
          if (message.snapshot !== undefined) applySnapshot(message.snapshot);
          runError.value = { kind: message.kind, message: message.message };
          // A diverged network cannot train on; refused settings leave nothing to train.
          if (status.value === 'playing') status.value = 'paused';
          if (message.kind !== 'divergence' && !configured) configuring.value = false;
        });
        queuedSteps = 0;
        break;
    }
    // Between animation frames only a queued step goes out; the clock sends the frames.
    if (queuedSteps > 0) pump();
  }

  worker.addEventListener('message', (event) => onMessage(event.data));
  worker.addEventListener('error', (event) => {
    pending = null;
    batch(() => {
      runError.value = { kind: 'failure', message: `The training worker failed: ${event.message || 'unknown error'}` };
      status.value = 'paused';
      configuring.value = false;
    });
  });

  effect(() => {
    const s = settings.value;
    window.history.replaceState(null, '', `#${encodeSettings(s)}`);
    const structure = structureKey(s);
    const live = liveKey(s);
    if (structure !== lastStructure) {
      lastStructure = structure;
      lastLive = live;
      clearRunMessages();
      scheduleConfigure();
      return;
    }
    if (live !== lastLive) {
      lastLive = live;
      // A configure on its way carries the live settings itself.
      if (configureTimer === null) send({ type: 'live', live: liveOf(s) });
    }
  });

  // A new drawing (points added, erased or cleared) is new data: the run starts again on it.
  effect(() => {
    const own = drawn.value;
    if (own === lastDrawn) return;
    lastDrawn = own;
    clearRunMessages();
    scheduleConfigure();
  });

  // The math panel: the worker reports on it (in every snapshot) only while it is open.
  let mathSent = false;
  effect(() => {
    const open = mathOpen.value;
    const point = inspectedPoint.value;
    // Nothing to tell a worker that has never had the panel open.
    if (!open && !mathSent) return;
    mathSent = true;
    mathId = ++nextId;
    send({ type: 'math', requestId: mathId, open, point });
  });

  // The data picker's previews follow the problem type, the classes, the noise and the data seed
  // (a dragged noise slider asks once it rests).
  effect(() => {
    const { problem, classes, dataSeed } = settings.value;
    const noise = previewNoise(settings.value);
    const key = `${problem}|${classes}|${noise}|${dataSeed}`;
    if (key === thumbnailsKey) return;
    thumbnailsKey = key;
    if (thumbnailsTimer !== null) clearTimeout(thumbnailsTimer);
    thumbnailsTimer = setTimeout(() => {
      thumbnailsTimer = null;
      thumbnailsId = ++nextId;
      send({ type: 'thumbnails', requestId: thumbnailsId, problem, classes, noise, dataSeed });
    }, CONFIGURE_DEBOUNCE_MS);
  });

  /**
   * An upload or a model import replaces the run: playing stops, a configure waiting to go is folded
   * into the request (it carries the current settings itself), and every earlier answer goes stale.
   * What to restore if the worker refuses the file is kept in `importing`. Returns the request's id.
   */
  function beginFileRun(what: { kind: 'model' } | { kind: 'data'; file: { text: string; fileName: string } }): number {
    client.pause();
    status.value = 'idle';
    queuedSteps = 0;
    if (configureTimer !== null) {
      clearTimeout(configureTimer);
      configureTimer = null;
    }
    const id = ++nextId;
    importing = { id, validFrom, configured, ...what };
    validFrom = id;
    pending = id;
    configured = false;
    configuring.value = true;
    return id;
  }

  const client: Client = {
    play() {
      if (status.value === 'playing') return;
      const { stopAt } = settings.value;
      stopArmed = stopAt === 0 || (snapshot.value?.epoch ?? 0) < stopAt;
      status.value = 'playing';
      if (frameHandle === null) frameHandle = requestAnimationFrame(tick);
    },
    pause() {
      if (status.value === 'playing') status.value = 'paused';
    },
    togglePlay() {
      if (status.value === 'playing') client.pause();
      else client.play();
    },
    step() {
      client.pause();
      queuedSteps++;
      pump();
    },
    reset() {
      status.value = 'idle';
      queuedSteps = 0;
      // Before the first ready (or with a configure queued) the coming ready is epoch 0 already.
      if (!configured || configureTimer !== null) return;
      clearRunMessages();
      const id = ++nextId;
      validFrom = id;
      pending = id;
      send({ type: 'reset', requestId: id });
    },
    newWeights() {
      updateSettings((s) => ({ ...s, weightSeed: randomSeed() }));
    },
    regenerateData() {
      updateSettings((s) => ({ ...s, dataSeed: randomSeed() }));
    },
    edit(layer, parameter, row, column, value) {
      if (!configured || configureTimer !== null || !Number.isFinite(value)) return;
      pending = ++nextId;
      send({ type: 'edit', requestId: pending, layer, parameter, row, column, value });
    },
    exportModel(download) {
      if (!configured || configureTimer !== null) {
        modelNotice.value = { kind: 'error', message: 'The network is being rebuilt; export it once it is shown.' };
        return;
      }
      const id = ++nextId;
      exportRequest = { id, download };
      send({ type: 'exportModel', requestId: id });
    },
    uploadData(text, fileName, label) {
      const id = beginFileRun({ kind: 'data', file: { text, fileName } });
      const s = settings.value;
      send({ type: 'uploadData', requestId: id, text, fileName, label, structure: structureOf(s), live: liveOf(s) });
    },
    pickLabel(label) {
      if (uploadFile === null) return;
      client.uploadData(uploadFile.text, uploadFile.fileName, label);
    },
    useGeneratedData() {
      const blank = drawn.value?.blank === true;
      if (uploaded.value === null && !blank) return;
      uploaded.value = null;
      uploadFile = null;
      plot = null;
      if (blank) lastDrawn = drawn.value = null;
      dataNotice.value = null;
      clearRunMessages();
      // The settings have not changed: configure anyway, now from the generator.
      scheduleConfigure();
    },
    plotFeatures(pair) {
      if (uploaded.value === null) return;
      plot = [pair[0], pair[1]];
      // A configure on its way (or not answered yet) carries the pair itself.
      if (!configured || configureTimer !== null) return scheduleConfigure();
      pending = ++nextId;
      send({ type: 'plotFeatures', requestId: pending, plot });
    },
    importModel(text, fileName) {
      const id = beginFileRun({ kind: 'model' });
      const s = settings.value;
      send({ type: 'importModel', requestId: id, text, fileName, structure: structureOf(s), live: liveOf(s) });
    },
    checkGradients() {
      if (!configured || configureTimer !== null) {
        gradientCheck.value = { kind: 'error', message: 'The network is being rebuilt; check its gradients once it is shown.' };
        return;
      }
      client.pause();
      gradientId = ++nextId;
      gradientCheck.value = { kind: 'running' };
      send({ type: 'gradientCheck', requestId: gradientId });
    },
    drawLandscape(newDirections = false) {
      if (!configured || configureTimer !== null) {
        landscapeStatus.value = { kind: 'error', message: 'The network is being rebuilt; draw its landscape once it is shown.' };
        return;
      }
      // The map is of the network at one epoch, and its path ends there: training waits.
      client.pause();
      if (newDirections) landscapeSeed.value = randomSeed();
      landscapeId = ++nextId;
      landscapeStatus.value = { kind: 'running', done: 0, total: LANDSCAPE_SIZE * LANDSCAPE_SIZE };
      send({ type: 'landscape', requestId: landscapeId, seed: landscapeSeed.value, size: LANDSCAPE_SIZE });
    },
  };
  return client;
}
