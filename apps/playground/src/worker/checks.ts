// Checks of the settings the page sends, each with a message naming the control at fault. Shared
// by the session and the thumbnails, so both refuse the same values in the same words.

/** Settings (or an edit) the worker refuses; it reports them as kind 'settings'. */
export class SettingsError extends Error {
  override name = 'SettingsError';
}

export function isInteger(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

export function inRange(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;
}

export function oneOf<T extends string>(value: unknown, allowed: readonly T[]): value is T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value);
}

export function checkProblem(problem: unknown): void {
  if (!oneOf(problem, ['classification', 'multiclass', 'regression'] as const)) {
    throw new SettingsError(`Unknown problem type ${JSON.stringify(problem)}; expected classification, multiclass or regression`);
  }
}

export function checkNoise(noise: unknown): void {
  if (!inRange(noise, 0, 100)) throw new SettingsError(`Noise must be 0 to 100 (%), got ${String(noise)}`);
}

export function checkDataSeed(seed: unknown): void {
  if (!isInteger(seed, 0, 0xffffffff)) throw new SettingsError(`The data seed must be an integer from 0 to 2³² - 1, got ${String(seed)}`);
}

/** Classes of a multi-class set; core's generators refuse counts they cannot draw with their own message. */
export function checkClasses(classes: unknown): void {
  if (!isInteger(classes, 2, Number.MAX_SAFE_INTEGER)) throw new SettingsError(`Classes must be a whole number of at least 2, got ${String(classes)}`);
}
