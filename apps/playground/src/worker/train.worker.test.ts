// The worker adapter, run in Node: `self` is a stand-in whose postMessage does what a browser's
// does with a transfer list (a structured clone that detaches the transferred buffers), so a
// buffer listed twice or an uncloneable value fails here as it would in the page.
import { beforeAll, describe, expect, it } from 'vitest';
import type { FromWorker, LiveSettings, StructureSettings, ToWorker } from '../protocol';
import { COURSE_LIVE, COURSE_STRUCTURE } from './course-settings';

const inbox = new EventTarget();
const replies: { message: FromWorker; transferred: number }[] = [];

beforeAll(async () => {
  const standIn = {
    addEventListener: inbox.addEventListener.bind(inbox),
    postMessage(message: FromWorker, options?: { transfer?: ArrayBuffer[] }) {
      const transfer = options?.transfer ?? [];
      replies.push({ message: structuredClone(message, { transfer }), transferred: transfer.length });
    },
  };
  Object.defineProperty(globalThis, 'self', { value: standIn, configurable: true });
  await import('./train.worker');
});

/** Sends one message and returns the replies it caused. */
function send(message: ToWorker | Record<string, unknown>): { message: FromWorker; transferred: number }[] {
  inbox.dispatchEvent(new MessageEvent('message', { data: message }));
  return replies.splice(0);
}

const STRUCTURE: StructureSettings = { ...COURSE_STRUCTURE };
const LIVE: LiveSettings = { ...COURSE_LIVE };

describe('train.worker', () => {
  it('answers configure with ready and frames with snapshots, transferring the arrays', () => {
    const [ready] = send({ type: 'configure', requestId: 1, structure: STRUCTURE, live: LIVE });
    expect(ready!.message.type).toBe('ready');
    expect(ready!.message.requestId).toBe(1);
    // x1, x2, y, test, 2 input maps, 7 candidate maps, the output map, 4 neuron maps, W1, W2, b1, b2.
    expect(ready!.transferred).toBe(22);
    const [frame] = send({ type: 'frame', requestId: 2, steps: 3 });
    expect(frame!.message).toMatchObject({ type: 'snapshot', requestId: 2, snapshot: { epoch: 3 } });
    const [reset] = send({ type: 'reset', requestId: 3 });
    expect(reset!.message).toMatchObject({ type: 'snapshot', requestId: 3, snapshot: { epoch: 0, historyReset: true } });
    const [edit] = send({ type: 'edit', requestId: 4, layer: 2, parameter: 'W', row: 0, column: 0, value: 3 });
    expect(edit!.message.type === 'snapshot' && edit!.message.snapshot.W[1]![0]).toBe(3);
    expect(send({ type: 'live', live: { ...LIVE, learningRate: 0.5 } })).toEqual([]);
  });

  it('reports refused settings with the request id and keeps running', () => {
    const [refused] = send({ type: 'configure', requestId: 5, structure: { ...STRUCTURE, hidden: [99] }, live: LIVE });
    expect(refused!.message).toMatchObject({ type: 'error', requestId: 5, kind: 'settings' });
    expect(refused!.message.type === 'error' && refused!.message.message).toMatch(/1 to 32 neurons/);
    const [badEdit] = send({ type: 'edit', requestId: 6, layer: 9, parameter: 'W', row: 0, column: 0, value: 1 });
    expect(badEdit!.message).toMatchObject({ type: 'error', requestId: 6, kind: 'settings' });
    const [badLive] = send({ type: 'live', live: { ...LIVE, learningRate: 0 } });
    expect(badLive!.message).toMatchObject({ type: 'error', requestId: null, kind: 'settings' });
    const [unknown] = send({ type: 'train', requestId: 7 });
    expect(unknown!.message).toMatchObject({ type: 'error', requestId: 7, kind: 'failure' });
    // The previous run is still there.
    const [frame] = send({ type: 'frame', requestId: 8, steps: 1 });
    expect(frame!.message).toMatchObject({ type: 'snapshot', requestId: 8, snapshot: { epoch: 1 } });
  });

  it('reports a divergence with a snapshot of the last finite network', () => {
    send({ type: 'configure', requestId: 9, structure: { ...STRUCTURE, problem: 'regression', dataset: 'plane', hidden: [4], activations: ['linear'], init: 'xavier' }, live: { ...LIVE, learningRate: 50 } });
    const [diverged] = send({ type: 'frame', requestId: 10, steps: 1000 });
    const message = diverged!.message;
    expect(message).toMatchObject({ type: 'error', requestId: 10, kind: 'divergence' });
    expect(message.type === 'error' && message.snapshot!.W.every((w) => w.every(Number.isFinite))).toBe(true);
    expect(diverged!.transferred).toBeGreaterThan(0);
  });

  it('answers thumbnails with one transferred preview per dataset, leaving the run alone', () => {
    send({ type: 'configure', requestId: 20, structure: STRUCTURE, live: LIVE });
    send({ type: 'frame', requestId: 21, steps: 2 });
    const [answer] = send({ type: 'thumbnails', requestId: 22, problem: 'multiclass', classes: 5, noise: 40, dataSeed: 3 });
    const message = answer!.message;
    expect(message.type === 'thumbnails' && message.items.map((item) => [item.dataset, item.data.classes])).toEqual([['spirals', 5], ['blobs', 5]]);
    expect(message).toMatchObject({ requestId: 22, problem: 'multiclass' });
    // x1, x2, y and test of each of the two previews.
    expect(answer!.transferred).toBe(8);
    const [refused] = send({ type: 'thumbnails', requestId: 23, problem: 'classification', classes: 2, noise: 101, dataSeed: 3 });
    expect(refused!.message).toMatchObject({ type: 'error', requestId: 23, kind: 'settings' });
    const [frame] = send({ type: 'frame', requestId: 24, steps: 1 });
    expect(frame!.message).toMatchObject({ type: 'snapshot', requestId: 24, snapshot: { epoch: 3 } });
  });
});
