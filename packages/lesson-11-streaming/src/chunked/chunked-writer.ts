/**
 * Sends a body whose length nobody knows when it starts, in pieces ("chunks") that each say their
 * own size.
 *
 * Content-Length must come before the body, so a server that produces the body as it goes (a
 * countdown, search results as they are found, a listing of a huge folder) cannot send one. HTTP/1.1
 * has `Transfer-Encoding: chunked` for that. Each chunk is its size in hexadecimal, CRLF, the
 * bytes, CRLF; a chunk of size zero says "that was all":
 *
 *     5\r\n          five bytes follow
 *     hello\r\n
 *     1a\r\n         0x1a = 26 bytes follow
 *     abcdefghijklmnopqrstuvwxyz\r\n
 *     0\r\n          the last chunk: no more bytes
 *     \r\n           (and no trailer fields)
 *
 * The client knows where the body ends, so the connection stays open for the next request.
 *
 * HTTP/1.0 has no chunked encoding: a 1.0 client would show the sizes as part of the text. Its
 * body ends when the server closes the connection ("close-delimited"), which also works for a
 * length nobody knows, at the price of a new connection for every request. The same writer does
 * both, so the code that produces the body does not care which client it talks to.
 *
 * Every write waits for the socket to have room (wire/drained.ts): a slow client slows the
 * producer down instead of filling our memory.
 */
import type { Writable } from 'node:stream';
import { writeAndWait } from '../wire/drained.ts';

export type Framing = 'chunked' | 'until-close';

/** The zero-size chunk and the blank line after it: the body is complete. */
export const LAST_CHUNK = '0\r\n\r\n';

/** `size-in-hex CRLF data CRLF`. The size counts bytes, not characters: "é" is 2. */
export function frameChunk(data: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`, 'latin1'), data, Buffer.from('\r\n', 'latin1')]);
}

export class ChunkedWriter {
  readonly #socket: Writable;
  readonly framing: Framing;
  /** How many chunks went out, for the log line. */
  chunks = 0;

  constructor(socket: Writable, framing: Framing) {
    this.#socket = socket;
    this.framing = framing;
  }

  async write(data: string | Buffer): Promise<void> {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    // An empty chunk would be `0\r\n\r\n`: the end of the body, sent by mistake in the middle.
    if (bytes.length === 0) return;
    this.chunks++;
    await writeAndWait(this.#socket, this.framing === 'chunked' ? frameChunk(bytes) : bytes);
  }

  /** Chunked: the last chunk, and the connection stays open. Until-close: the caller closes it. */
  async end(): Promise<void> {
    if (this.framing === 'chunked') await writeAndWait(this.#socket, LAST_CHUNK);
  }
}
