// The data picker's previews: every dataset of a problem type as core generates it at the page's
// noise, classes and data seed, thinned to a few hundred points, in the bounds the run would use.
// Nothing here touches the current run.
import { AnnError } from '@ann/core';
import type { DatasetName } from '@ann/core/constants';
import type { DataPoints, ProblemType } from '../protocol';
import { datasetsFor } from '../settings';
import { datasetBounds, dataPoints, generate, thinnedIndices } from './data';
import { checkClasses, checkDataSeed, checkNoise, checkProblem, SettingsError } from './checks';

/** Points per thumbnail at most: enough to show the shape, few enough to draw dozens of times. */
export const THUMBNAIL_POINTS = 200;

export interface Thumbnail {
  dataset: DatasetName;
  data: DataPoints;
}

/** One preview per dataset of `problem`, in the catalogue's order; throws SettingsError on bad input. */
export function thumbnails(problem: ProblemType, classes: number, noise: number, dataSeed: number): Thumbnail[] {
  checkProblem(problem);
  checkNoise(noise);
  checkDataSeed(dataSeed);
  if (problem === 'multiclass') checkClasses(classes);
  return datasetsFor(problem).map((info) => {
    const K = info.task === 'binary' ? 2 : info.task === 'multiclass' ? classes : 0;
    let all;
    try {
      all = generate(info, dataSeed, noise, classes);
    } catch (error) {
      // Core refusing an option (too many classes, say) is a refused setting; anything else is a bug.
      if (error instanceof AnnError) throw new SettingsError(`Could not generate the ${info.name} preview: ${error.message}`);
      throw error;
    }
    const bounds = datasetBounds(info, classes, all.X);
    const indices = thinnedIndices(all.X.cols, THUMBNAIL_POINTS);
    // Previews have no train/test split: every point is drawn as a training point.
    return { dataset: info.name, data: dataPoints(all, indices, new Uint8Array(all.X.cols), bounds, K) };
  });
}
