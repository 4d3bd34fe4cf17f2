// The data as a CSV file for Export data: one row per example in the worker's order, every number
// written so that it reads back to the same double (String), the label as its class name when the
// data has names, and which set the example is in.
import type { DataPoints } from './protocol';

/**
 * `x1,x2,y,set` with set `train` or `test` (data of more than two features: every column by its
 * name, then y and set); `classNames[k]` replaces class index k when given. Drawn points are part of
 * the data, so they are written too.
 */
export function dataCsv(points: DataPoints, classNames: readonly string[] = []): string {
  const quote = (name: string) => (/[",\n\r]/.test(name) ? `"${name.replace(/"/g, '""')}"` : name);
  const columns = points.columns ?? { names: ['x1', 'x2'], values: [points.x1, points.x2] };
  const lines = [[...columns.names.map(quote), 'y', 'set'].join(',')];
  for (let k = 0; k < points.x1.length; k++) {
    const y = points.y[k]!;
    const label = classNames.length > 0 && Number.isInteger(y) && classNames[y] !== undefined ? quote(classNames[y]!) : String(y);
    const features = columns.values.map((column) => String(column[k]));
    lines.push(`${features.join(',')},${label},${points.test[k] === 1 ? 'test' : 'train'}`);
  }
  return `${lines.join('\n')}\n`;
}
