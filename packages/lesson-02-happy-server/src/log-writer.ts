/**
 * Where the request log goes: the terminal, or whatever the output was sent to, a batch of lines
 * at a time.
 *
 * `console.log` writes each line the moment it is called. When the output is a file or a pipe,
 * Node does that write synchronously: the server stops, waits for the system to take the line,
 * and only then gets on with the next request. One line costs a few microseconds; at twenty
 * thousand requests a second that is a good part of the server's time (lesson 14 measures it).
 *
 * So the lines wait here, in a list, and go out together in one write: 100 ms after the first
 * of them, or sooner when 64 KB are waiting. A person watching the terminal cannot tell 100 ms
 * from at once. What must not happen is a line lost, so the list is also written out when the
 * process ends, whether it ends by itself, by `process.exit`, or by Ctrl+C or a kill signal.
 */

/** How long a line may wait before it is written. */
const FLUSH_AFTER_MS = 100;
/** How much may wait before it is written at once, so a busy server never holds much. */
const FLUSH_AT_BYTES = 64 * 1024;

let waiting: string[] = [];
let waitingBytes = 0;
let timer: NodeJS.Timeout | undefined;
let watchingTheEnd = false;

/** Adds one line to the log (without its newline): the drop-in for `console.log` in the servers. */
export function writeLogLine(line: string): void {
  if (!watchingTheEnd) flushWhenTheProcessEnds();
  waiting.push(line);
  waitingBytes += line.length + 1;
  if (waitingBytes >= FLUSH_AT_BYTES) flushLog();
  // unref: a line waiting to be written is no reason to keep a finished program running.
  else timer ??= setTimeout(flushLog, FLUSH_AFTER_MS).unref();
}

/** Writes every waiting line now, in one write. */
export function flushLog(): void {
  clearTimeout(timer);
  timer = undefined;
  if (waiting.length === 0) return;
  const text = `${waiting.join('\n')}\n`;
  waiting = [];
  waitingBytes = 0;
  process.stdout.write(text);
}

/**
 * 'exit' comes when the program ends by itself or calls `process.exit`, but not when a signal
 * (Ctrl+C is SIGINT, `kill` sends SIGTERM, closing the terminal SIGHUP) ends it: by default a
 * signal stops Node on the spot. So we listen for those too, write the lines out, and then let
 * the signal do what it would have done.
 */
function flushWhenTheProcessEnds(): void {
  watchingTheEnd = true;
  process.on('exit', flushLog);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, function flushThenStop() {
      flushLog();
      // Another listener (lesson 5's clean stop, say) has its own plan for this signal, and
      // what it still logs is written at 'exit'.
      if (process.listenerCount(signal) > 1) return;
      // Nobody else is listening: stop the way the signal would have stopped us, so whoever sent
      // it sees the same exit as before.
      process.removeListener(signal, flushThenStop);
      process.kill(process.pid, signal);
    });
  }
}
