/** ANSI styling, or none: honours NO_COLOR (any non-empty value) and is off when not on a terminal. */
export interface Style {
  enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
  /** Foreground colour k of a small palette, for classes. */
  palette(k: number, text: string): string;
}

const PALETTE = [34, 31, 32, 33, 35, 36];

export function createStyle(enabled: boolean): Style {
  const sgr = (code: number | string) => (text: string) => (enabled ? `\x1b[${code}m${text}\x1b[0m` : text);
  return {
    enabled,
    bold: sgr(1),
    dim: sgr(2),
    red: sgr(31),
    green: sgr(32),
    yellow: sgr(33),
    cyan: sgr(36),
    palette: (k, text) => sgr(PALETTE[k % PALETTE.length]!)(text),
  };
}

/** Colour is on for a terminal unless NO_COLOR is set to a non-empty value (https://no-color.org). */
export function colorEnabled(isTerminal: boolean, env: Record<string, string | undefined>): boolean {
  return isTerminal && !(env.NO_COLOR !== undefined && env.NO_COLOR !== '');
}

/**
 * Whether stdout is a terminal. `ANN_FORCE_TTY=1` forces terminal output and `ANN_FORCE_TTY=0`
 * plain output (tests, screenshots, `script`-less CI logs).
 */
export function isTerminal(stream: { isTTY?: boolean }, env: Record<string, string | undefined>): boolean {
  if (env.ANN_FORCE_TTY === '1') return true;
  if (env.ANN_FORCE_TTY === '0') return false;
  return stream.isTTY === true;
}

/** The terminal width: the stream's, else $COLUMNS, else 80; at least 40. */
export function terminalWidth(stream: { columns?: number }, env: Record<string, string | undefined>): number {
  const width = stream.columns ?? Number(env.COLUMNS);
  return Number.isFinite(width) && width > 0 ? Math.max(40, Math.floor(width)) : 80;
}
