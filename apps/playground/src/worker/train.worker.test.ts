// The worker adapter, run in Node: `self` is a stand-in whose postMessage does what a browser's
// does with a transfer list (a structured clone that detaches the transferred buffers), so a
// buffer listed twice or an uncloneable value fails here as it would in the page.
import { beforeAll, describe, expect, it } from 'vitest';
import { FRAME_BUDGET_MS, type FromWorker, type LiveSettings, type StructureSettings, type ToWorker } from '../protocol';
import { COURSE_LIVE, COURSE_STRUCTURE } from './course-settings';
import { ringsCsv } from './test-support/circles';

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

  it('computes a landscape in slices, answering frames meanwhile, and cancels it when the network changes', async () => {
    send({ type: 'configure', requestId: 30, structure: STRUCTURE, live: LIVE });
    send({ type: 'frame', requestId: 31, steps: 5 });
    const [started] = send({ type: 'landscape', requestId: 32, seed: 1, size: 61 });
    expect(started!.message).toMatchObject({ type: 'landscapeProgress', requestId: 32, done: 0, total: 61 * 61 });
    // A frame is answered before the map is done: the slices wait behind the messages.
    const [frame] = send({ type: 'frame', requestId: 33, steps: 1 });
    expect(frame!.message).toMatchObject({ type: 'snapshot', requestId: 33, snapshot: { epoch: 6 } });
    // A learning rate leaves the map going; a reset cancels it.
    expect(send({ type: 'live', live: { ...LIVE, learningRate: 0.5 } })).toEqual([]);
    const [cancelled] = send({ type: 'reset', requestId: 34 }).filter((r) => r.message.type === 'landscapeCancelled');
    expect(cancelled!.message).toEqual({ type: 'landscapeCancelled', requestId: 32, reason: 'the network was reset' });

    send({ type: 'frame', requestId: 35, steps: 4 });
    send({ type: 'landscape', requestId: 36, seed: 2, size: 9 });
    const done = await new Promise<{ message: FromWorker; transferred: number }>((resolve) => {
      const poll = () => {
        const found = replies.find((r) => r.message.type === 'landscape');
        if (found !== undefined) resolve(found);
        else setTimeout(poll, 1);
      };
      poll();
    });
    replies.splice(0);
    expect(done.message).toMatchObject({ type: 'landscape', requestId: 36, result: { epoch: 4, size: 9 } });
    expect(done.transferred).toBe(5);
    const [badSize] = send({ type: 'landscape', requestId: 37, seed: 2, size: 8 });
    expect(badSize!.message).toMatchObject({ type: 'error', requestId: 37, kind: 'settings' });
    send({ type: 'landscape', requestId: 38, seed: 2, size: 61 });
    const [byL2] = send({ type: 'live', live: { ...LIVE, l2: 0.1 } });
    expect(byL2!.message).toEqual({ type: 'landscapeCancelled', requestId: 38, reason: 'the L2 λ changed' });
    // Refused settings leave the run, and so its landscape, as they were.
    send({ type: 'landscape', requestId: 39, seed: 2, size: 61 });
    const refused = send({ type: 'configure', requestId: 40, structure: { ...STRUCTURE, hidden: [99] }, live: LIVE });
    expect(refused.map((r) => r.message.type)).toEqual(['error']);
    const [byConfigure] = send({ type: 'configure', requestId: 41, structure: STRUCTURE, live: LIVE }).filter((r) => r.message.type === 'landscapeCancelled');
    expect(byConfigure!.message).toEqual({ type: 'landscapeCancelled', requestId: 39, reason: 'the network was rebuilt' });
  });

  it('answers a frame of 100,000 epochs on 10,000 uploaded examples within its time budget, with the epochs it took, marked shortened', () => {
    const [ready] = send({ type: 'uploadData', requestId: 50, text: ringsCsv(10_000), fileName: 'rings.csv', label: null, structure: STRUCTURE, live: LIVE });
    expect(ready!.message).toMatchObject({ type: 'ready', requestId: 50 });
    const started = performance.now();
    const [frame] = send({ type: 'frame', requestId: 51, steps: 100_000, budgetMs: FRAME_BUDGET_MS });
    expect(performance.now() - started).toBeLessThan(1_000);
    const epoch = frame!.message.type === 'snapshot' ? frame!.message.snapshot.epoch : -1;
    expect(epoch).toBeGreaterThanOrEqual(1);
    expect(epoch).toBeLessThan(100_000);
    expect(frame!.message.type === 'snapshot' && frame!.message.snapshot.shortened).toBe(true);
  });
});
