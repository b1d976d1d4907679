/**
 * Loaded (`node --import`) into the program `pnpm workbook run` starts, before the program's own
 * code. Plain JavaScript, so that node loads it as it is, whether the program runs built or
 * through tsx.
 *
 * `workbook run` stops its program when it is asked to stop itself: Ctrl+C, `kill`, a terminal
 * that closes. But it can also end without a word: `kill -9`, a crash, the task manager. Then
 * nobody is left to stop the program, and it goes on serving on its port, so the next start fails
 * with EADDRINUSE. So the program keeps an eye on `workbook run` itself. The two share an IPC
 * channel, and the operating system closes it the moment `workbook run` ends, however it ends, on
 * Linux, macOS and Windows alike. The channel's 'disconnect' event says: stop now, with
 * everything you started.
 */
import { spawnSync } from 'node:child_process';

/** Set by run-command.ts for the one process it starts. */
const VARIABLE = 'WORKBOOK_STOP_WITH_RUN';

/** Ends this process and every process it started, at once: `workbook run` is already gone. */
function stopWithEverythingStarted() {
  if (process.platform === 'win32') {
    // Windows has no process groups: taskkill /T walks the tree, this process included.
    spawnSync('taskkill', ['/pid', String(process.pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true });
  } else {
    try {
      // workbook run started the program as the leader of its own process group (pgid = pid),
      // so one signal to the negative pid reaches its children too.
      process.kill(-process.pid, 'SIGKILL');
    } catch {
      // Not a group leader after all: the exit below still ends this process.
    }
  }
  process.exit(1);
}

// Only the program workbook run started. Its own children (a fork, a cluster worker) inherit this
// preload with node's options, but not the variable: it is gone before they start, and their
// channel is to the program, which stops them itself.
const startedByRun = process.env[VARIABLE] === '1';
delete process.env[VARIABLE];
if (startedByRun && process.channel) {
  process.on('disconnect', stopWithEverythingStarted);
  // Listening for 'disconnect' makes the channel keep the program alive. A program run from a
  // terminal has no such channel and exits once its server has closed: so must this one.
  process.channel.unref();
}
