/**
 * New in this lesson: stopping cleanly, on Ctrl+C (SIGINT) or `kill` (SIGTERM).
 *
 * The board is the first server whose requests change something that lasts. A post is written
 * to the board file, synced, and only then answered. Stopped half-way, the message may be on disk
 * while the browser never hears so, and the person posts it again. So on a signal the board:
 *
 * 1. stops accepting connections (server.close()), so nothing new starts;
 * 2. lets each request already in progress finish and get its answer;
 * 3. exits by itself once the last connection is gone: nothing is left to keep node running.
 *
 * server.close() waits for every open connection to end, and a browser keeps its connection open
 * after a page has loaded (keep-alive), ready for the next request. So closeIdleConnections() hangs
 * up on those that sit between requests now, and each answer still to come says
 * `Connection: close`, so node hangs up after it instead of keeping that connection open too.
 *
 * A second Ctrl+C stops the board at once: each handler runs only once, and then node's own
 * reaction to the signal is back. (Windows has no SIGTERM to send to a program: Ctrl+C there
 * arrives as SIGINT, and the task manager stops a program outright.)
 */
import type http from 'node:http';
import { writeLogLine } from 'lesson-02-happy-server/src/log-writer.ts';

export function stopCleanlyOnSignals(server: http.Server, log: (line: string) => void = writeLogLine): void {
  let stopping = false;
  const unanswered = new Set<http.ServerResponse>();
  server.on('request', (_request: http.IncomingMessage, response: http.ServerResponse) => {
    if (stopping) response.setHeader('Connection', 'close');
    unanswered.add(response);
    response.on('close', () => unanswered.delete(response));
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stopping = true;
      log(`${signal}: no new requests; stopping once the ones in progress have their answer (Ctrl+C again: stop now)`);
      server.close(() => log('Stopped.'));
      server.closeIdleConnections();
      for (const response of unanswered) if (!response.headersSent) response.setHeader('Connection', 'close');
    });
  }
}
