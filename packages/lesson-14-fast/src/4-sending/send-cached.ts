/**
 * Sends a cached file with as few trips to the system as node allows.
 *
 * A small file: `writeHead` with the ready list, then `end(bytes)`. Node holds the head back until
 * the first body bytes come, so head and body leave together. strace of this step, for a cached
 * 1 KB page, shows exactly two system calls: the `statx` of the check on use, and one `writev`
 * with the head and the page side by side. Lesson 4's answer to the same request ends with the
 * same single `writev`, but before it come a `stat`, an `open`, a `read` and a `close` of the file,
 * each on the thread pool and each a trip back to the event loop.
 *
 * A large file goes out in pieces, as in lesson 4, but through two buffers used again and again
 * instead of a new one for every piece (send-large-file.ts).
 */
import type { ServerResponse } from 'node:http';
import type { CachedFile } from './cached-file.ts';
import { sendLargeFile } from './send-large-file.ts';

export async function sendCachedFile(response: ServerResponse, file: CachedFile, withBody: boolean): Promise<void> {
  response.writeHead(200, file.head);
  if (!withBody || file.snapshot.size === 0) {
    response.end();
    return;
  }
  if (file.bytes !== undefined) {
    response.end(file.bytes);
    return;
  }

  await sendLargeFile(response, file.path, file.snapshot.size);
}
