import type { InterruptSource } from './command';
import { main } from './cli';

// `ann train | head` closes stdout early: stop quietly rather than crash on EPIPE.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

/**
 * Ctrl-C while a command has trapped it (training): the first one aborts the command's signal, so
 * training stops at the end of the current step and saves a checkpoint; a second one quits at once.
 */
const interrupts: InterruptSource = {
  trap() {
    const controller = new AbortController();
    const onInterrupt = () => {
      if (controller.signal.aborted) process.exit(130);
      process.stderr.write('\nann: stopping at the end of the current step (Ctrl-C again to quit at once)\n');
      controller.abort();
    };
    process.on('SIGINT', onInterrupt);
    return { signal: controller.signal, release: () => process.off('SIGINT', onInterrupt) };
  },
};

process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin }, { env: process.env, interrupts });
