/**
 * A chunked body: the body in chunks, each after its size, until a chunk of size 0.
 *
 *     5\r\n                  the size of the next chunk, in hex
 *     hello\r\n              that many bytes, then "\r\n"
 *     6;name=value\r\n       an extension after ";" is allowed, and ignored
 *      world\r\n
 *     0\r\n                  the last chunk
 *     Trailer: ignored\r\n   optional header lines ("trailers"), skipped
 *     \r\n                   the end of the body
 *
 * A client sends this when it does not know the length in advance: curl does, uploading from a
 * pipe. HTTP/1.1 says every server must be able to read it. It is a small state machine of its own:
 *
 *     chunk-size ──> chunk-data ──> chunk-end ──┐
 *        ^  (size 0: trailer-line) ──> done     │
 *        └──────────────────────────────────────┘
 */
import type { LineBuffer } from './line-buffer.ts';
import { bareLineFeed, bodyTooLarge, headTooLarge, ProtocolError } from './protocol-error.ts';

type State = 'chunk-size' | 'chunk-data' | 'chunk-end' | 'trailer-line';

const SP = 0x20;
const HT = 0x09;
const SEMICOLON = 0x3b;

/** A chunk-size line is a hex number and perhaps an extension nobody uses; 1 KiB is generous. */
const MAX_CHUNK_LINE_BYTES = 1024;

const HEX_VALUE = new Int8Array(256).fill(-1);
for (const [index, char] of [...'0123456789abcdef'].entries()) {
  HEX_VALUE[char.charCodeAt(0)] = index;
  HEX_VALUE[char.toUpperCase().charCodeAt(0)] = index;
}

export class ChunkedBody {
  private readonly limits: { maxHeadBytes: number; maxBodyBytes: number };
  private state: State = 'chunk-size';
  /** Bytes left in the current chunk. */
  private remaining = 0;
  /** Body bytes seen so far, framing included, for the size limit. */
  private bodyBytes = 0;
  /** What the head left of maxHeadBytes: the trailers are header lines, and share its limit. */
  private trailerRoom = 0;

  constructor(limits: { maxHeadBytes: number; maxBodyBytes: number }) {
    this.limits = limits;
  }

  /** Gets ready for the body that follows a head of `headBytes` bytes. */
  start(headBytes: number): void {
    this.state = 'chunk-size';
    this.remaining = 0;
    this.bodyBytes = 0;
    this.trailerRoom = this.limits.maxHeadBytes - headBytes;
  }

  /**
   * Reads what has arrived, putting the chunks' data into `parts`: 'done' after the blank line
   * that ends the body, a ProtocolError, or undefined when more bytes are needed.
   */
  read(buffer: LineBuffer, parts: Buffer[]): 'done' | ProtocolError | undefined {
    for (;;) {
      const step = this.step(buffer, parts);
      if (step !== 'continue') return step;
    }
  }

  private step(buffer: LineBuffer, parts: Buffer[]): 'done' | ProtocolError | 'continue' | undefined {
    switch (this.state) {
      case 'chunk-size':
        return this.readChunkSize(buffer);
      case 'chunk-data':
        return this.readChunkData(buffer, parts);
      case 'chunk-end':
        return this.readChunkEnd(buffer);
      case 'trailer-line':
        return this.readTrailerLine(buffer);
    }
  }

  /** `1a;name=value\r\n`: the size of the next chunk in hex; an extension after `;` is ignored. */
  private readChunkSize(buffer: LineBuffer): ProtocolError | 'continue' | undefined {
    const end = buffer.findLineEnd(MAX_CHUNK_LINE_BYTES);
    if (end === undefined) return undefined;
    if (end === 'too-long' || end === 'bare-lf') return badChunk();
    const start = buffer.useLine(end);
    this.bodyBytes += end + 2 - start;
    const bytes = buffer.bytes;
    let size = 0;
    let i = start;
    for (; i < end && HEX_VALUE[bytes[i]!]! >= 0; i++) {
      size = size * 16 + HEX_VALUE[bytes[i]!]!;
      if (this.bodyBytes + size > this.limits.maxBodyBytes) return bodyTooLarge(this.limits.maxBodyBytes);
    }
    if (i === start) return badChunk();
    const digitsEnd = i;
    while (i < end && (bytes[i] === SP || bytes[i] === HT)) i++;
    // Spaces are allowed only before an extension's ";" (RFC 9112, 7.1.1): "5 \r\n" is refused,
    // because a server that reads it one way and a proxy that reads it another can be smuggled past.
    if (i < end ? bytes[i] !== SEMICOLON : i > digitsEnd) return badChunk();
    if (size === 0) {
      this.state = 'trailer-line';
      return 'continue';
    }
    this.remaining = size;
    this.state = 'chunk-data';
    return 'continue';
  }

  /** The chunk's bytes, however many pieces they come in. */
  private readChunkData(buffer: LineBuffer, parts: Buffer[]): 'continue' | undefined {
    const part = buffer.take(this.remaining);
    if (part === undefined) return undefined;
    parts.push(part);
    this.remaining -= part.length;
    this.bodyBytes += part.length;
    if (this.remaining > 0) return undefined;
    this.state = 'chunk-end';
    return 'continue';
  }

  /** Each chunk's data is followed by "\r\n". */
  private readChunkEnd(buffer: LineBuffer): ProtocolError | 'continue' | undefined {
    const skipped = buffer.skipLineEnd();
    if (skipped === undefined) return undefined;
    if (!skipped) return badChunk();
    this.bodyBytes += 2;
    this.state = 'chunk-size';
    return 'continue';
  }

  /** After the last chunk, optional header lines ("trailers"), then a blank line. We skip them. */
  private readTrailerLine(buffer: LineBuffer): 'done' | ProtocolError | 'continue' | undefined {
    const end = buffer.findLineEnd(this.trailerRoom);
    if (end === undefined) return undefined;
    if (end === 'too-long') return headTooLarge(this.limits.maxHeadBytes);
    if (end === 'bare-lf') return bareLineFeed();
    const start = buffer.useLine(end);
    this.trailerRoom -= end + 2 - start;
    return start === end ? 'done' : 'continue';
  }
}

function badChunk(): ProtocolError {
  return new ProtocolError(400, 'ERR_BAD_CHUNK', 'The chunked body is malformed: each chunk is a hex size, \\r\\n, the data, \\r\\n.');
}
