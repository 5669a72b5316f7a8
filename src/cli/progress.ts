// A progress line on standard error for long runs at a terminal: `stslint: 1,200 of 5,000 files`.
// Only when standard error is a terminal and not in CI (a CI log or a pipe would keep every
// update), only after the run has taken a second, and erased when the run ends, so short runs
// and everything that reads stslint's output never see it.

import { isTerminal, stderr } from './output.js';

const DELAY_MS = 1000;
const INTERVAL_MS = 100;

export interface Progress {
  files(done: number, total: number): void;
  /** Erases the line (before the report is printed). */
  end(): void;
}

const SILENT: Progress = { files: () => undefined, end: () => undefined };

/** `stream`: standard error when not given (made only when it is a terminal). */
export function progressLine(env: NodeJS.ProcessEnv = process.env, given?: NodeJS.WriteStream): Progress {
  // `isTTY` is undefined, not false, on a pipe.
  if (!(given ? (given.isTTY ?? false) : isTerminal(2)) || env.CI || env.STSLINT_NO_PROGRESS) return SILENT;
  const stream = given ?? stderr();
  const start = Date.now();
  // STSLINT_PROGRESS_AFTER_MS: when the line may first appear (tests show it on small runs).
  const delay = Number(env.STSLINT_PROGRESS_AFTER_MS ?? DELAY_MS);
  let last = 0;
  let shown = false;
  return {
    // Called from synchronous parsing loops, so the clock is read here rather than from a timer.
    files(done, total) {
      const now = Date.now();
      if (now - start < delay || (now - last < INTERVAL_MS && done < total)) return;
      last = now;
      shown = true;
      const what =
        done < total ? `${done.toLocaleString('en')} of ${total.toLocaleString('en')} files read` : `${total.toLocaleString('en')} files read; checking`;
      stream.write(`\r\u001b[Kstslint: ${what}…`);
    },
    end() {
      if (shown) stream.write('\r\u001b[K');
      shown = false;
    },
  };
}
