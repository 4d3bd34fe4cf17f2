// Which buffers a reply can hand over to the page instead of copying them (postMessage's transfer
// list). The session gives every array of a reply its own buffer, so transferring never detaches
// an array the worker still uses.
import type { DataPoints, FromWorker, Snapshot } from '../protocol';

/** The buffers behind a reply's typed arrays, each listed once (listing one twice is a DataCloneError). */
export function transferables(message: FromWorker): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const add = (array: ArrayBufferView | null) => {
    if (array !== null && array.buffer instanceof ArrayBuffer) buffers.add(array.buffer);
  };
  const addSnapshot = (s: Snapshot) => {
    add(s.output);
    add(s.confidence);
    for (const layer of s.neurons) for (const map of layer) add(map);
    for (const w of s.W) add(w);
    for (const b of s.b) add(b);
  };
  const addData = (data: DataPoints) => {
    for (const array of [data.x1, data.x2, data.y, data.test]) add(array);
  };
  switch (message.type) {
    case 'ready':
      addData(message.data);
      for (const map of [...message.inputs, ...message.candidateInputs]) add(map);
      addSnapshot(message.snapshot);
      break;
    case 'snapshot':
      addSnapshot(message.snapshot);
      break;
    case 'replotted':
      addData(message.data);
      for (const map of message.inputs) add(map);
      addSnapshot(message.snapshot);
      break;
    case 'thumbnails':
      for (const item of message.items) addData(item.data);
      break;
    case 'error':
      if (message.snapshot !== undefined) addSnapshot(message.snapshot);
      break;
    case 'landscape': {
      const { costs, path } = message.result;
      for (const array of [costs, path.epoch, path.alpha, path.beta, path.residual]) add(array);
      break;
    }
  }
  return [...buffers];
}

/** Bytes of typed-array data in a reply (what a structured clone would otherwise copy). */
export function payloadBytes(message: FromWorker): number {
  return transferables(message).reduce((sum, buffer) => sum + buffer.byteLength, 0);
}
