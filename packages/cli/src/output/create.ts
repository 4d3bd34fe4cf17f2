import type { Host, Io } from '../command';
import { stderrPhases } from './phase';
import { jsonReporter, quietReporter, textReporter } from './plain';
import type { OutputFormat, TrainingReporter } from './reporter';
import { colorEnabled, createStyle, isTerminal, terminalWidth } from './style';
import { terminalReporter } from './terminal';

/** The reporter for a format: `text` becomes the terminal reporter when stdout is a terminal. */
export function createReporter(format: OutputFormat, io: Io, host: Host): TrainingReporter {
  const phases = stderrPhases(io, host.env);
  switch (format) {
    case 'json':
      return jsonReporter(io, phases);
    case 'quiet':
      return quietReporter(io);
    case 'text': {
      if (!isTerminal(io.stdout, host.env)) return textReporter(io, phases);
      return terminalReporter(io, createStyle(colorEnabled(true, host.env)), terminalWidth(io.stdout, host.env), phases);
    }
  }
}
