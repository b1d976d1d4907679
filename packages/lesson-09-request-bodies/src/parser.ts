/**
 * The request parser: bytes go in as they arrive; the head comes out as soon as it is complete,
 * and then the body, piece by piece.
 *
 * It keeps the bytes it has not used yet (line-buffer.ts) and a `state` saying what it expects
 * next:
 *
 *     request-line ──> header-line ──┬─ (blank line, no body) ──────────────────────> head
 *                      (repeats)     ├─ Content-Length: n ──> head, then body pieces ──> 'end'
 *                                    └─ chunked ──> head, then chunked-body pieces ────> 'end'
 *
 * Each step either finishes its part and moves on, or says "not enough bytes yet" and waits for
 * the next push. The parts have files of their own: request-head.ts reads the lines of the head,
 * body-framing.ts decides from the headers where the body ends, chunked-body.ts reads a body sent
 * in chunks. And every part has a size limit, so no client can make us keep bytes forever.
 *
 * Lesson 6's parser held the body back until its last byte. This one hands out the head first
 * (`next()`), so the handler can start, and then the body as it arrives (`nextBodyPiece()`), so
 * the handler can store it as it comes. The connection decides when to ask for the next piece.
 *
 *     parser.push(chunk);
 *     parser.next();            // RequestHead or ProtocolError, once the head is complete
 *     parser.nextBodyPiece();   // Buffer, 'end' or ProtocolError, while the body arrives
 */
import { bodyFraming, type BodyFraming } from './body-framing.ts';
import { ChunkedBody } from './chunked-body.ts';
import { expectsContinue } from './expect-continue.ts';
import { RequestHeaders } from './headers.ts';
import { LineBuffer } from './line-buffer.ts';
import { bareLineFeed, headTooLarge, ProtocolError, targetTooLong } from './protocol-error.ts';
import type { RequestBody } from './request-body.ts';
import { parseHeaderLine, parseRequestLine, type HttpVersion } from './request-head.ts';

/** What the parser hands out at the blank line: everything but the body. */
export interface RequestHead {
  method: string;
  /** The path and query, exactly as sent: `/search?q=happy`. */
  target: string;
  version: HttpVersion;
  /** Looked up by name, case-insensitively; every line kept (headers.ts). */
  headers: RequestHeaders;
  /** How the body is framed: its length in bytes (0: none), or 'chunked'. */
  framing: BodyFraming;
  /** The client sent `Expect: 100-continue` and waits for our go-ahead before sending the body. */
  expectsContinue: boolean;
}

/** What a handler gets: the head, and the body as it arrives (request-body.ts). */
export interface Request extends RequestHead {
  body: RequestBody;
}

export interface ParserLimits {
  /** The longest path and query we accept (414 above it). */
  maxTargetBytes: number;
  /** The request line and all headers together (431 above it). */
  maxHeadBytes: number;
  /** The body as it travels, chunk framing included (413 above it). */
  maxBodyBytes: number;
}

type State = 'request-line' | 'header-line' | 'body' | 'chunked-body' | 'failed';

/** Room on the request line for the method, two spaces, the version and the line end. */
const REQUEST_LINE_EXTRA_BYTES = 64;

export class RequestParser {
  private readonly limits: ParserLimits;
  private readonly buffer = new LineBuffer();
  private readonly chunkedBody: ChunkedBody;
  private state: State = 'request-line';

  // The request being read.
  private headBytes = 0;
  private method = '';
  private target = '';
  private version: HttpVersion = 'HTTP/1.1';
  private headers = new RequestHeaders();
  /** Bytes left in a Content-Length body. */
  private remaining = 0;

  constructor(limits: ParserLimits) {
    this.limits = limits;
    this.chunkedBody = new ChunkedBody(limits);
  }

  /** Hands the parser the next piece of the stream. */
  push(chunk: Buffer): void {
    this.buffer.push(chunk);
  }

  /** True once some bytes of a request have arrived but not all of them. */
  get inTheMiddleOfARequest(): boolean {
    return this.state !== 'request-line' || this.buffer.available > 0;
  }

  /** True from the blank line until the body's last byte: nextBodyPiece() is the one to call. */
  get readingBody(): boolean {
    return this.state === 'body' || this.state === 'chunked-body';
  }

  /**
   * The next complete head, a ProtocolError, or undefined when more bytes are needed (or the
   * body of the last head is still being read). After an error the parser stops: nobody can tell
   * where the next request would begin in bytes that broke the rules, so the connection has to close.
   */
  next(): RequestHead | ProtocolError | undefined {
    for (;;) {
      const step = this.step();
      if (step === 'continue') continue;
      if (step instanceof ProtocolError) this.state = 'failed';
      return step;
    }
  }

  /** One part of the head: the result, or 'continue' when the next part can start at once. */
  private step(): RequestHead | ProtocolError | 'continue' | undefined {
    switch (this.state) {
      case 'request-line':
        return this.readRequestLine();
      case 'header-line':
        return this.readHeaderLine();
      case 'body':
      case 'chunked-body':
      case 'failed':
        return undefined;
    }
  }

  /**
   * The next piece of the body as far as it has arrived, 'end' once it is complete (the parser is
   * then ready for the next request), a ProtocolError, or undefined when more bytes are needed.
   */
  nextBodyPiece(): Buffer | 'end' | ProtocolError | undefined {
    const piece = this.state === 'body' ? this.readBody() : this.state === 'chunked-body' ? this.readChunkedBody() : undefined;
    if (piece instanceof ProtocolError) this.state = 'failed';
    return piece;
  }

  private readRequestLine(): ProtocolError | 'continue' | undefined {
    const maxLine = Math.min(this.limits.maxTargetBytes + REQUEST_LINE_EXTRA_BYTES, this.limits.maxHeadBytes);
    const end = this.buffer.findLineEnd(maxLine);
    if (end === undefined) return undefined;
    if (end === 'too-long') return targetTooLong(this.limits.maxTargetBytes);
    if (end === 'bare-lf') return bareLineFeed();
    const start = this.useHeadLine(end);
    // A client may send an empty line or two between requests (some add one after a body).
    // They are allowed, and skipped; the head limit still counts them.
    if (start === end) return this.headBytes > this.limits.maxHeadBytes ? headTooLarge(this.limits.maxHeadBytes) : 'continue';
    const line = parseRequestLine(this.buffer.bytes, start, end, this.limits.maxTargetBytes);
    if (line instanceof ProtocolError) return line;
    this.method = line.method;
    this.target = line.target;
    this.version = line.version;
    this.state = 'header-line';
    return 'continue';
  }

  private readHeaderLine(): RequestHead | ProtocolError | 'continue' | undefined {
    const end = this.buffer.findLineEnd(this.limits.maxHeadBytes - this.headBytes);
    if (end === undefined) return undefined;
    if (end === 'too-long') return headTooLarge(this.limits.maxHeadBytes);
    if (end === 'bare-lf') return bareLineFeed();
    const start = this.useHeadLine(end);
    if (start === end) return this.endOfHead();
    return parseHeaderLine(this.buffer.bytes, start, end, this.headers) ?? 'continue';
  }

  /** Steps past a line of the head, which counts toward the head's size limit; returns where it started. */
  private useHeadLine(end: number): number {
    const start = this.buffer.useLine(end);
    this.headBytes += end + 2 - start;
    return start;
  }

  /**
   * The blank line: the head is complete, and handed out at once. The headers decide whether a
   * body follows, and every check that can be made from the head alone is made here, before the
   * handler starts and before a byte of the body is read.
   */
  private endOfHead(): RequestHead | ProtocolError {
    // HTTP/1.1 made Host required, so one server can serve many sites on one address.
    if (this.version === 'HTTP/1.1' && !this.headers.has('host')) {
      return new ProtocolError(400, 'ERR_HOST_MISSING', 'An HTTP/1.1 request must have a Host header.');
    }
    const framing = bodyFraming(this.version, this.headers, this.limits.maxBodyBytes);
    if (framing instanceof ProtocolError) return framing;
    const expectation = expectsContinue(this.version, this.headers);
    if (expectation instanceof ProtocolError) return expectation;
    const head: RequestHead = {
      method: this.method,
      target: this.target,
      version: this.version,
      headers: this.headers,
      framing,
      expectsContinue: expectation && framing !== 0,
    };
    if (framing === 'chunked') {
      this.chunkedBody.start(this.headBytes);
      this.state = 'chunked-body';
    } else if (framing === 0) {
      this.readyForNextRequest();
    } else {
      this.remaining = framing;
      this.state = 'body';
    }
    return head;
  }

  /** Content-Length bytes, as they arrive: counted in bytes, however many pieces they come in. */
  private readBody(): Buffer | 'end' | undefined {
    if (this.remaining === 0) {
      this.readyForNextRequest();
      return 'end';
    }
    const part = this.buffer.take(this.remaining);
    if (part !== undefined) this.remaining -= part.length;
    return part;
  }

  private readChunkedBody(): Buffer | 'end' | ProtocolError | undefined {
    const read = this.chunkedBody.read(this.buffer);
    if (read !== 'done') return read;
    this.readyForNextRequest();
    return 'end';
  }

  /** The request is read to its end; the next bytes on the connection start a new one. */
  private readyForNextRequest(): void {
    this.state = 'request-line';
    this.headBytes = 0;
    this.headers = new RequestHeaders();
  }
}
