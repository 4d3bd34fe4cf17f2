/**
 * Fuzzing the playground's URL state (issue 13): decodeSettings on mutated share links never
 * throws, finishes fast, and always yields settings that are themselves valid: encoding them and
 * decoding again gives the same settings with no notices. ANN_FUZZ_RUNS sets the count (`pnpm fuzz`).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, decodeSettings, encodeSettings, SETTING_KEYS } from './settings';

const RUNS = Number(process.env.ANN_FUZZ_RUNS ?? 300);
const SEED = process.env.ANN_FUZZ_SEED !== undefined ? Number(process.env.ANN_FUZZ_SEED) : undefined;

const seeds = [
  encodeSettings(DEFAULT_SETTINGS),
  encodeSettings({ ...DEFAULT_SETTINGS, hidden: [8, 8, 4], activations: ['relu', 'tanh', 'sigmoid'], optimizer: 'adam' }),
  'problem=classification&dataset=spiral&hidden=4,2&lr=0.03',
];
/** Characters a hand-edited or truncated link holds: separators, escapes, digits, signs, letters. */
const piece = fc.oneof(fc.constantFrom('&', '=', ',', '%', '%2C', '%00', '#', '+', '-', '.', 'e', 'NaN', 'Infinity', '1e308', '__proto__', 'constructor'), fc.string({ maxLength: 4 }), fc.constantFrom(...SETTING_KEYS));

const mutatedLink = fc
  .tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 6 }), piece), { minLength: 1, maxLength: 5 }))
  .map(([seed, edits]) => edits.reduce((link, [at, remove, insert]) => {
    const k = at % (link.length + 1);
    return link.slice(0, k) + insert + link.slice(k + remove);
  }, seed));

describe(`fuzzing the URL state (${RUNS} mutated links)`, () => {
  it('decodeSettings never throws and always gives valid, round-tripping settings', () => {
    fc.assert(
      fc.property(mutatedLink, (link) => {
        const started = performance.now();
        const { settings } = decodeSettings(link);
        const again = decodeSettings(encodeSettings(settings));
        expect(again.notices).toEqual([]);
        expect(again.settings).toEqual(settings);
        expect(Object.getPrototypeOf(settings)).toBe(Object.prototype);
        expect(performance.now() - started).toBeLessThan(1000);
      }),
      { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}) },
    );
  });
});
