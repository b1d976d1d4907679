/**
 * Sends a file a piece at a time, as it comes off the disk.
 *
 * The easy way, `readFile` and then `end(bytes)`, holds the whole file in memory before the first
 * byte goes out. For a page that is nothing. For a 2 GB video it is 2 GB, for each visitor at
 * once, and the visitor waits while we read it all. A stream reads one chunk (64 KiB), hands it
 * to the connection, and reads the next only when the connection has room for it. Memory stays
 * small whatever the size of the file, and the first bytes are on their way at once.
 */
import { createReadStream } from 'node:fs';
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { contentTypeFor } from './content-type.ts';

export interface FileToSend {
  path: string;
  size: number;
}

export interface SendOptions {
  status: number;
  /** Headers to add to the ones every file gets (Content-Type, Content-Length). */
  headers?: OutgoingHttpHeaders;
  /** False for a HEAD request: the same head, and the file is never opened. */
  withBody: boolean;
}

export async function sendFile(response: ServerResponse, file: FileToSend, { status, headers = {}, withBody }: SendOptions): Promise<void> {
  response.writeHead(status, {
    'Content-Type': contentTypeFor(file.path),
    // The size from the disk: we know the length before reading a single byte.
    'Content-Length': file.size,
    // Take our Content-Type as the truth. Without this, a browser may sniff the bytes, decide
    // that a .txt file full of tags is a web page, and run the scripts inside it.
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  if (!withBody || file.size === 0) {
    response.end();
    return;
  }

  // `end` is the last byte to read. Should the file grow while we send it, we still send exactly
  // the number of bytes that Content-Length promised, and not one more.
  const stream = createReadStream(file.path, { start: 0, end: file.size - 1 });
  try {
    // pipeline moves the chunks, waits whenever the connection is full, and closes the file when
    // done, or when either side fails.
    await pipeline(stream, response);
  } catch {
    // The disk failed mid-file, or the client went away. The status line went out long ago, so
    // there is no error page left to send. Cutting the connection is the one signal left: the
    // client sees fewer bytes than Content-Length promised and knows the file is incomplete.
    response.destroy();
  }
}
