/**
 * Sends a file compressed with brotli or gzip. node:zlib does the compressing; what this file
 * decides is how the answer is framed, because the compressed size is not the size on disk.
 *
 *   - A small file (up to 1 MiB) is read and compressed in memory first. Then we know how many
 *     bytes will go out, and Content-Length says exactly that: the compressed length, never the
 *     file's. A client trusts Content-Length to find the end of the body, so the file's size
 *     here would leave it waiting for bytes that never come.
 *   - A big file is compressed as it streams, piece by piece. Nobody knows the compressed size
 *     until the last piece, so there is no Content-Length: node sends the body in chunks
 *     (`Transfer-Encoding: chunked`, lesson 11), and the last chunk marks the end.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { FileToSend, SendOptions } from './send-file.ts';
import { contentTypeFor } from './content-type.ts';

/** Up to this size a file is compressed whole, in memory, so its compressed length is known. */
export const LARGEST_IN_MEMORY = 1024 * 1024;

export type Compression = 'br' | 'gzip';

// Brotli's best quality (11) is for files compressed once, ahead of time. We compress on every
// request, so we take a middle quality: still smaller than gzip, and many times faster than 11.
const BROTLI = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } };
// Told the size up front, brotli sets up tables for a file that size instead of for 4 MB.
const brotliFor = (size: number) => ({ params: { ...BROTLI.params, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: size } });

const compressWhole = {
  br: (bytes: Buffer) => promisify(zlib.brotliCompress)(bytes, brotliFor(bytes.length)),
  gzip: (bytes: Buffer) => promisify(zlib.gzip)(bytes),
};
const compressStream = {
  br: () => zlib.createBrotliCompress(BROTLI),
  gzip: () => zlib.createGzip(),
};

export async function sendCompressed(response: ServerResponse, file: FileToSend, coding: Compression, { status, headers = {}, withBody }: SendOptions): Promise<void> {
  const head: OutgoingHttpHeaders = {
    'Content-Type': contentTypeFor(file.path),
    // The body is this file, packed with `coding`: the client unpacks it before it reads it.
    'Content-Encoding': coding,
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  };

  if (file.size <= LARGEST_IN_MEMORY) {
    // Compressed even for HEAD: its head must say the same Content-Length a GET would get.
    const compressed = await compressWhole[coding](await readFile(file.path));
    response.writeHead(status, { ...head, 'Content-Length': compressed.length });
    response.end(withBody ? compressed : undefined);
    return;
  }

  // No Content-Length: node frames the body in chunks for an HTTP/1.1 client, and closes the
  // connection at the end for an HTTP/1.0 one.
  response.writeHead(status, head);
  if (!withBody) {
    response.end();
    return;
  }
  const stream = createReadStream(file.path, { start: 0, end: file.size - 1 });
  try {
    await pipeline(stream, compressStream[coding](), response);
  } catch {
    // As in send-file.ts: the head is gone, so cutting the connection is the only signal left.
    // Without a last chunk the client knows the body is incomplete.
    response.destroy();
  }
}
