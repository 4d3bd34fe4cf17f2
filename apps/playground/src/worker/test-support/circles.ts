// A large 2-D problem as CSV text, for the load tests (the worker's and the page's): m examples of
// two noisy rings (the inner ring class 1, the outer class 0), from a fixed linear congruential
// generator, so every run uploads the same file.

/** `x1,x2,y` rows of two noisy rings; `label` replaces every y (a file of one class, say). */
export function ringsCsv(m: number, label?: number): string {
  let state = 12345;
  const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const lines = ['x1,x2,y'];
  for (let j = 0; j < m; j++) {
    const inner = j % 2;
    const r = (inner ? 2 : 4) + (next() - 0.5);
    const a = next() * 2 * Math.PI;
    lines.push(`${(r * Math.cos(a)).toFixed(4)},${(r * Math.sin(a)).toFixed(4)},${label ?? inner}`);
  }
  return `${lines.join('\n')}\n`;
}
