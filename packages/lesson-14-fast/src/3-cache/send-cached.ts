/**
 * Sends a file the cache knows: a small one from memory, a large one streamed from disk by
 * lesson 4's send-file.ts, exactly as before.
 */
import type { ServerResponse } from 'node:http';
import { sendFile } from 'lesson-04-file-server/src/send-file.ts';
import type { CachedFile } from './cached-file.ts';

export async function sendCachedFile(response: ServerResponse, file: CachedFile, withBody: boolean): Promise<void> {
  if (file.bytes === undefined) {
    return sendFile(response, { path: file.path, size: file.snapshot.size }, { status: 200, headers: file.caching, withBody });
  }
  // No open, no read, no close: the headers and the bytes are ready.
  response.writeHead(200, file.headers);
  response.end(withBody ? file.bytes : undefined);
}
