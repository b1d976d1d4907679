/**
 * Who prepared this answer: `process 4242`, or `process 4242, thread 3` inside a worker thread.
 *
 * Sent in the X-Served-By header and printed in the log, so you can watch the models differ:
 * the cluster's answers come from several processes, the threads model's from several threads of
 * one process, the event loop's always from the same single thread.
 */
import { isMainThread, threadId } from 'node:worker_threads';

export function servedBy(): string {
  return isMainThread ? `process ${process.pid}` : `process ${process.pid}, thread ${threadId}`;
}
