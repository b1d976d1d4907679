/**
 * Where the request log goes: the terminal, or whatever the output was sent to, a batch of lines
 * at a time.
 *
 * `console.log` writes each line the moment it is called. When the output is a file or a pipe,
 * Node does that write synchronously: the server stops, waits for the system to take the line,
 * and only then gets on with the next request. One line costs a few microseconds; at twenty
 * thousand requests a second that is a good part of the server's time (lesson 14 measures it).
 *
 * So the lines wait here, in one string, and go out together in one write: 100 ms after the first
 * of them, or sooner when 64 KB are waiting. A person watching the terminal cannot tell 100 ms
 * from at once. What must not happen is a line lost, so the waiting lines are also written out
 * when the process ends, whether it ends by itself, by `process.exit`, or by Ctrl+C or a kill
 * signal.
 */
import fs from 'node:fs';

/** How long a line may wait before it is written. */
const FLUSH_AFTER_MS = 100;
/** How much may wait (in characters, about bytes) before it is written at once. */
const FLUSH_AT_CHARACTERS = 64 * 1024;

let waiting = '';
let timer: NodeJS.Timeout | undefined;
let watchingTheEnd = false;
/** Something for Atomics.wait to wait on: nothing ever wakes it, so waiting on it just sleeps. */
const ONE_INT = new Int32Array(new SharedArrayBuffer(4));

/** Adds one line to the log (without its newline): the drop-in for `console.log` in the servers. */
export function writeLogLine(line: string): void {
  if (!watchingTheEnd) flushWhenTheProcessEnds();
  waiting += `${line}\n`;
  if (waiting.length >= FLUSH_AT_CHARACTERS) flushLog();
  // unref: a line waiting to be written is no reason to keep a finished program running.
  else timer ??= setTimeout(flushLog, FLUSH_AFTER_MS).unref();
}

/** Writes every waiting line now, in one write, and returns once the system has all of it. */
export function flushLog(): void {
  clearTimeout(timer);
  timer = undefined;
  if (waiting === '') return;
  const text = waiting;
  waiting = '';
  writeAll(text);
}

/**
 * `process.stdout.write` would be shorter, but to a pipe it only hands over what the pipe has room
 * for and queues the rest, and a queue still waiting when the process ends is thrown away. So we
 * write to the output's file descriptor ourselves and do not return before every byte is out.
 */
function writeAll(text: string): void {
  // A terminal always takes the text at once, and on Windows process.stdout is what turns our
  // characters into the console's.
  if (process.stdout.isTTY) {
    process.stdout.write(text);
    return;
  }
  let bytes = Buffer.from(text);
  while (bytes.length > 0) {
    try {
      bytes = bytes.subarray(fs.writeSync(process.stdout.fd, bytes));
    } catch (error) {
      // EAGAIN: the pipe is full, its reader is behind. Wait a millisecond and go on. The server
      // waits for its reader rather than piling lines up in memory, so a reader that stops
      // reading (`| less`, left on its first page) holds the server up until it reads again.
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') Atomics.wait(ONE_INT, 0, 0, 1);
      // Anything else, most often EPIPE (the reader has gone, as after `| head`): those lines have
      // nowhere to go. console.log drops them and the server goes on serving, and so do we.
      else return;
    }
  }
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
    // prepend: we go first, so we still see every other listener for this signal, even one that
    // listens only once and is gone by the time its turn comes (lesson 5's clean stop does that).
    process.prependListener(signal, function flushThenStop() {
      flushLog();
      // Another listener has its own plan for this signal, and what it still logs is written at
      // 'exit'.
      if (process.listenerCount(signal) > 1) return;
      // Nobody else is listening: stop the way the signal would have stopped us, so whoever sent
      // it sees the same exit as before. (Windows cannot send itself SIGHUP; its console is
      // closing, so we just end.)
      process.removeListener(signal, flushThenStop);
      if (signal === 'SIGHUP' && process.platform === 'win32') process.exit(1);
      process.kill(process.pid, signal);
    });
  }
}
