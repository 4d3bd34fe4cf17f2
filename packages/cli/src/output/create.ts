import type { Host, Io } from '../command';
import { jsonReporter, quietReporter, textReporter } from './plain';
import type { OutputFormat, TrainingReporter } from './reporter';
import { colorEnabled, createStyle, isTerminal, terminalWidth } from './style';
import { terminalReporter } from './terminal';

/** The reporter for a format: `text` becomes the terminal reporter when stdout is a terminal. */
export function createReporter(format: OutputFormat, io: Io, host: Host): TrainingReporter {
  switch (format) {
    case 'json':
      return jsonReporter(io);
    case 'quiet':
      return quietReporter(io);
    case 'text': {
      if (!isTerminal(io.stdout, host.env)) return textReporter(io);
      return terminalReporter(io, createStyle(colorEnabled(true, host.env)), terminalWidth(io.stdout, host.env));
    }
  }
}
