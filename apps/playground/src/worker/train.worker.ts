// The training worker: a thin adapter from the page's messages (protocol.ts) to one
// PlaygroundSession. Every request is answered, every exception becomes an 'error' message with the
// request's id, so the worker never dies. The maps and parameter arrays of a reply are transferred,
// not copied: the session makes them fresh for each reply.
import { AnnError } from '@ann/core';
import type { FromWorker, ToWorker } from '../protocol';
import { PlaygroundSession, SettingsError, TrainingDiverged, type ReadyPayload } from './session';
import { LandscapeRunner } from './landscape';
import { thumbnails } from './thumbnails';
import { transferables } from './transfer';

const session = new PlaygroundSession();
// The loss landscape runs in slices between messages (setTimeout queues the next behind them).
const landscapes = new LandscapeRunner(post, (next) => setTimeout(next, 0));
/** Messages that change the network or its cost once carried out, and so cancel a landscape in progress. */
const CHANGES_THE_NETWORK = new Map<unknown, string>([
  ['configure', 'the network was rebuilt'],
  ['reset', 'the network was reset'],
  ['edit', 'a weight was edited'],
  ['uploadData', 'new data was uploaded'],
  ['importModel', 'a model was imported'],
]);

function post(message: FromWorker): void {
  self.postMessage(message, { transfer: transferables(message) });
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function reportError(requestId: number | null, error: unknown): void {
  if (error instanceof TrainingDiverged) {
    post({ type: 'error', requestId, kind: 'divergence', message: error.message, snapshot: error.snapshot });
  } else if (error instanceof SettingsError || error instanceof AnnError) {
    // Core's own refusals (a hyperparameter out of range, say) are refused settings as well.
    post({ type: 'error', requestId, kind: 'settings', message: error.message });
  } else {
    post({ type: 'error', requestId, kind: 'failure', message: describe(error) });
  }
}

function handle(message: ToWorker): void {
  switch (message.type) {
    case 'configure': {
      const own = { ...(message.drawn === undefined ? {} : { drawn: message.drawn }), ...(message.plot === undefined ? {} : { plot: message.plot }) };
      const ready: ReadyPayload = session.configure(message.structure, message.live, message.upload === true, own);
      post({ type: 'ready', requestId: message.requestId, ...ready });
      return;
    }
    case 'live': {
      // Of the live settings only λ is part of the landscape's cost.
      const l2 = session.l2;
      session.setLive(message.live);
      if (session.l2 !== l2) landscapes.cancel('the L2 λ changed');
      return;
    }
    case 'frame':
      // Up to `steps` epochs, fewer when they take longer than the frame's budget (many examples).
      post({ type: 'snapshot', requestId: message.requestId, snapshot: session.step(message.steps, message.budgetMs) });
      return;
    case 'reset':
      post({ type: 'snapshot', requestId: message.requestId, snapshot: session.reset() });
      return;
    case 'edit':
      post({
        type: 'snapshot',
        requestId: message.requestId,
        snapshot: session.edit(message.layer, message.parameter, message.row, message.column, message.value),
      });
      return;
    case 'thumbnails':
      post({
        type: 'thumbnails',
        requestId: message.requestId,
        problem: message.problem,
        items: thumbnails(message.problem, message.classes, message.noise, message.dataSeed),
      });
      return;
    case 'exportModel': {
      const { text, fileName } = session.exportModel();
      post({ type: 'model', requestId: message.requestId, text, fileName });
      return;
    }
    case 'importModel': {
      const { structure, summary, ...ready } = session.importModel(message.text, message.fileName, message.structure, message.live);
      post({ type: 'ready', requestId: message.requestId, ...ready, imported: { structure, summary } });
      return;
    }
    case 'uploadData':
      post({ type: 'ready', requestId: message.requestId, ...session.uploadData(message.text, message.fileName, message.label, message.structure, message.live) });
      return;
    case 'gradientCheck':
      post({ type: 'gradientCheck', requestId: message.requestId, report: session.checkGradients() });
      return;
    case 'math':
      post({ type: 'math', requestId: message.requestId, report: session.setMath(message.open, message.point) });
      return;
    case 'plotFeatures':
      post({ type: 'replotted', requestId: message.requestId, ...session.replot(message.plot) });
      return;
    case 'landscape':
      landscapes.start(message.requestId, session.landscape(message.seed, message.size));
      return;
    default: {
      const unknown: { type?: unknown } = message;
      throw new Error(`unknown message type ${JSON.stringify(unknown.type)}`);
    }
  }
}

self.addEventListener('message', (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  const requestId = message !== null && typeof message === 'object' && 'requestId' in message && typeof message.requestId === 'number' ? message.requestId : null;
  try {
    handle(message);
    // A refused request (a file the worker cannot take, say) leaves the run, and its landscape, as they were.
    const change = CHANGES_THE_NETWORK.get(message.type);
    if (change !== undefined) landscapes.cancel(change);
  } catch (error) {
    try {
      reportError(requestId, error);
    } catch (postError) {
      // Posting the report itself failed (an uncloneable value, say): send the plainest message there is.
      self.postMessage({ type: 'error', requestId, kind: 'failure', message: `${describe(error)} (and reporting it failed: ${describe(postError)})` } satisfies FromWorker);
    }
  }
});
