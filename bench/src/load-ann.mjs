import { pathToFileURL } from 'node:url';

/**
 * @ann/core as built in this workspace (its dist). ANN_CORE_ENTRY=/path/to/dist/index.js measures
 * another build instead, e.g. a checkout of an earlier commit, without touching this one.
 * @returns {Promise<import('@ann/core')>}
 */
export function loadAnn() {
  const entry = process.env.ANN_CORE_ENTRY;
  return entry ? import(pathToFileURL(entry).href) : import('@ann/core');
}
