/** A two-column (or wider) table with box-drawing borders; the first row is the header when `header` is set. */
export function renderTable(rows: readonly (readonly string[])[], header = false): string[] {
  if (rows.length === 0) return [];
  const columns = Math.max(...rows.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, c) => Math.max(...rows.map((row) => visibleLength(row[c] ?? ''))));
  const rule = (left: string, middle: string, right: string) => `${left}${widths.map((w) => '─'.repeat(w + 2)).join(middle)}${right}`;
  const format = (row: readonly string[]) =>
    `│${widths.map((w, c) => ` ${row[c] ?? ''}${' '.repeat(w - visibleLength(row[c] ?? ''))} `).join('│')}│`;
  const lines = [rule('┌', '┬', '┐')];
  rows.forEach((row, k) => {
    lines.push(format(row));
    if (header && k === 0) lines.push(rule('├', '┼', '┤'));
  });
  lines.push(rule('└', '┴', '┘'));
  return lines;
}

/** Length without ANSI escape sequences. */
export function visibleLength(text: string): number {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, '').length;
}
