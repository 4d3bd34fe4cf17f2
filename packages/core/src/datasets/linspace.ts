/**
 * numpy's `linspace(start, stop, num, endpoint)`, value for value: with
 * step = (stop - start) / (endpoint ? num - 1 : num), element i is i·step + start, and with the
 * endpoint the last element is set to exactly `stop`. num = 0 gives an empty array; num = 1 gives
 * [start].
 */
export function linspace(start: number, stop: number, num: number, endpoint = true): Float64Array {
  const out = new Float64Array(num);
  if (num === 0) return out;
  const div = endpoint ? num - 1 : num;
  if (div === 0) {
    out[0] = start;
    return out;
  }
  const step = (stop - start) / div;
  for (let i = 0; i < num; i++) out[i] = i * step + start;
  if (endpoint) out[num - 1] = stop;
  return out;
}
