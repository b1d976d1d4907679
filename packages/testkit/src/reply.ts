/**
 * What came back from one request, with checks that explain themselves when they fail.
 *
 *   const reply = await server.get('/');
 *   reply.expectStatus(200).expectHeader('content-type', /^text\/plain/).expectBody('hello');
 *
 * A failing check throws a CheckFailure whose message holds the whole exchange.
 */
import { fileURLToPath } from 'node:url';
import { caretDiff, escapeBytes, escapeStart } from './escape.ts';
import { random } from './random.ts';
import { describeRequest, formatReceived, formatSent, hintFor, type Exchange } from './report.ts';
import type { FramingProblem, FramingProblemCode } from './response-parser.ts';

const kitDir = fileURLToPath(new URL('.', import.meta.url));

export class CheckFailure extends Error {
  readonly code = 'ERR_CHECK_FAILED';

  constructor(message: string) {
    super(message);
    this.name = 'CheckFailure';
    // Point at the student's test line, not at the kit's insides.
    this.stack = this.stack
      ?.split('\n')
      .filter((line) => !line.includes(kitDir))
      .join('\n');
  }
}

export class Reply {
  readonly exchange: Exchange;
  /** Set when the program under test died during this exchange: what it printed, and how. */
  readonly crash: string | undefined;

  constructor(exchange: Exchange, crash?: string) {
    this.exchange = exchange;
    this.crash = crash;
  }

  /** The status code, or undefined when no (parsable) response came back. */
  get status(): number | undefined {
    return this.exchange.response?.status;
  }

  /** Response headers, names in lower case. */
  get headers(): Record<string, string> {
    return this.exchange.response?.headers ?? {};
  }

  get body(): Buffer {
    return this.exchange.response?.body ?? Buffer.alloc(0);
  }

  get text(): string {
    return this.body.toString('utf8');
  }

  /** Throws a CheckFailure that tells the whole story of this exchange. */
  fail(summary: string, details = '', hint = ''): never {
    const sections = [`${describeRequest(this.exchange)}: ${summary}`];
    if (details) sections.push(details);
    sections.push(formatSent(this.exchange), formatReceived(this.exchange));
    if (this.crash) sections.push(this.crash);
    const why = hint || hintFor(this.exchange);
    if (why) sections.push(`Hint: ${why}`);
    if (random.used) sections.push(`(The random paths and texts came from seed ${random.seed}: WORKBOOK_SEED=${random.seed} repeats them.)`);
    throw new CheckFailure(sections.join('\n\n'));
  }

  /** Fails unless some response arrived; every other check starts here. */
  expectResponse(): this {
    const { response } = this.exchange;
    if (response && (this.exchange.kind === 'http' || this.exchange.response?.complete)) return this;
    if (response) return this.fail('expected a complete response, but only part of it came back.');
    const what = this.exchange.error ? `the connection failed (${this.exchange.error.code})` : 'no complete response came back';
    return this.fail(`expected a response, but ${what}.`);
  }

  expectStatus(expected: number): this {
    this.expectResponse();
    if (this.status !== expected) this.fail(`expected status ${expected}, but got ${this.status}.`);
    return this;
  }

  /** `expected` is the exact value (compared ignoring case) or a pattern it must match. */
  expectHeader(name: string, expected: string | RegExp): this {
    this.expectResponse();
    const value = this.headers[name.toLowerCase()];
    const wanted = typeof expected === 'string' ? JSON.stringify(expected) : `a value matching ${expected}`;
    if (value === undefined) this.fail(`expected a ${name} header (${wanted}), but there is none.`, '', headerHint(name, expected));
    const matches = typeof expected === 'string' ? value.toLowerCase() === expected.toLowerCase() : expected.test(value);
    if (!matches) this.fail(`expected ${name} to be ${wanted}, but it is ${JSON.stringify(value)}.`, '', headerHint(name, expected, value, this.body));
    return this;
  }

  expectNoHeader(name: string): this {
    this.expectResponse();
    const value = this.headers[name.toLowerCase()];
    if (value !== undefined) this.fail(`expected no ${name} header, but it is ${JSON.stringify(value)}.`);
    return this;
  }

  /** The body must be exactly these bytes. */
  expectBody(expected: string | Buffer): this {
    this.expectResponse();
    const wanted = typeof expected === 'string' ? Buffer.from(expected) : expected;
    if (!wanted.equals(this.body)) {
      this.fail('the body is not what was expected.', caretDiff(wanted, this.body, ['Expected body', 'Received body']));
    }
    return this;
  }

  expectBodyIncludes(text: string): this {
    this.expectResponse();
    if (!this.text.includes(text)) {
      this.fail(`expected the body to contain ${JSON.stringify(text)}, but it does not.`, `Received body: ${escapeStart(this.body)}`);
    }
    return this;
  }

  /**
   * The response is framed as HTTP/1.1 requires: CRLF line ends, a blank line after the head, and
   * a Content-Length that matches the body, or well-formed chunks. Only a raw exchange shows the
   * bytes needed to judge.
   */
  expectWellFramed(): this {
    this.expectResponse();
    if (this.exchange.kind !== 'raw') return this;
    const [problem] = this.exchange.response?.problems ?? [];
    if (problem) this.fail('the response is not framed correctly.', this.#problemDetails(problem), frameHints[problem.code]);
    return this;
  }

  /**
   * The body is sent in chunks: `Transfer-Encoding: chunked`, no Content-Length, every chunk framed
   * as `size-in-hex\r\n data \r\n`, the last chunk `0\r\n\r\n`, and at least `minChunks`
   * chunks of data. Only a raw exchange shows the framing; over undici, the headers are checked.
   */
  expectChunked(minChunks = 1): this {
    if (!this.exchange.response) return this.expectResponse();
    const encoding = this.headers['transfer-encoding'];
    const length = this.headers['content-length'];
    if (encoding === undefined || !/(^|,)\s*chunked\s*$/i.test(encoding)) {
      const instead = length === undefined ? '' : `It has Content-Length: ${length} instead, which is for a body whose length is known before it starts.`;
      this.fail(
        `expected Transfer-Encoding: chunked, but ${encoding === undefined ? 'there is none' : `it is ${JSON.stringify(encoding)}`}.`,
        instead,
        'A body whose length you do not know when it starts goes in chunks: send "Transfer-Encoding: chunked" in the head, then each piece as its size in hex, "\\r\\n", the bytes, "\\r\\n", and "0\\r\\n\\r\\n" at the end.',
      );
    }
    if (length !== undefined) {
      this.fail(`expected no Content-Length with Transfer-Encoding: chunked, but it is ${JSON.stringify(length)}.`, '', frameHints['chunked-and-length']);
    }
    if (this.exchange.kind !== 'raw') return this;
    const response = this.exchange.response;
    const [problem] = response.problems;
    if (problem) this.fail('the chunked body is not framed correctly.', this.#problemDetails(problem), frameHints[problem.code]);
    if (!response.complete) {
      this.fail(
        'the chunked body never ended: the last chunk "0\\r\\n\\r\\n" did not arrive in time.',
        this.#framing(),
        'After the last piece, write "0\\r\\n\\r\\n": a chunk of size zero, then the blank line. Without it the client waits for more.',
      );
    }
    const chunks = response.chunks ?? [];
    if (chunks.length < minChunks) {
      const some = minChunks === 1 ? 'at least one chunk of data' : `at least ${minChunks} chunks of data`;
      const got = chunks.length === 0 ? 'there is none, only the last chunk' : `it came in ${chunks.length}`;
      this.fail(
        `expected the body in ${some}, but ${got}.`,
        this.#framing(),
        chunks.length === 0
          ? 'Each piece of the body is a chunk: its size in hex, "\\r\\n", the bytes, "\\r\\n". The zero chunk only says the body has ended.'
          : 'Write each piece as its own chunk as soon as it is ready, instead of collecting them and sending one.',
      );
    }
    return this;
  }

  /**
   * The answer to `Range: bytes=start-end` for `file`: 206 Partial Content, Content-Range
   * `bytes start-end/size`, a Content-Length of the slice, the slice itself, and Accept-Ranges.
   */
  expectRange(file: Buffer, range: { start: number; end: number }): this {
    const { start, end } = range;
    const wanted = `bytes ${start}-${end}/${file.length}`;
    const slice = file.subarray(start, end + 1);
    this.expectResponse();
    if (this.status !== 206) {
      const hint =
        this.status === 200
          ? `A 200 with the whole file means the Range header was ignored. A range inside the file gets 206 Partial Content and only those bytes: file.subarray(${start}, ${end + 1}).`
          : this.status === 416
            ? `416 is for a range that starts at or past the end of the file. This one, ${start}-${end}, is inside the file of ${file.length} bytes.`
            : 'A request for a range inside the file gets 206 Partial Content and only those bytes.';
      this.fail(`expected status 206 (Partial Content) for bytes ${start}-${end}, but got ${this.status}.`, '', hint);
    }
    const contentRange = this.headers['content-range'];
    if (contentRange !== wanted) {
      const offByOne = contentRange === `bytes ${start}-${end + 1}/${file.length}`;
      this.fail(
        `expected Content-Range to be ${JSON.stringify(wanted)}, but ${contentRange === undefined ? 'there is none' : `it is ${JSON.stringify(contentRange)}`}.`,
        '',
        offByOne ? 'Both ends of a range are included: bytes 0-9 are the first 10 bytes, so the last one is 9, not 10.' : headerHint('content-range'),
      );
    }
    const length = this.headers['content-length'];
    if (length !== String(slice.length)) {
      this.fail(
        `expected Content-Length to be "${slice.length}" (bytes ${start} to ${end}, both included), but ${length === undefined ? 'there is none' : `it is ${JSON.stringify(length)}`}.`,
        '',
        length === String(file.length)
          ? 'That is the size of the whole file; Content-Length counts only the bytes of the range.'
          : 'Content-Length counts the bytes of the range: end - start + 1.',
      );
    }
    if (!slice.equals(this.body)) {
      this.fail(
        `the body is not bytes ${start}-${end} of the file.`,
        caretDiff(slice, this.body, ['Expected body', 'Received body']),
        whereInFile(file, this.body, start, end),
      );
    }
    const accept = this.headers['accept-ranges'];
    if (accept?.toLowerCase() !== 'bytes') {
      this.fail(`expected Accept-Ranges to be "bytes", but ${accept === undefined ? 'there is none' : `it is ${JSON.stringify(accept)}`}.`, '', headerHint('accept-ranges'));
    }
    return this;
  }

  /** The answer to a range that starts past the end of a file of `size` bytes: 416, `bytes *\/size`. */
  expectRangeNotSatisfiable(size: number): this {
    this.expectResponse();
    const wanted = `bytes */${size}`;
    if (this.status !== 416) {
      this.fail(
        `expected status 416 (Range Not Satisfiable), but got ${this.status}.`,
        '',
        `The range starts at or past the end of the file of ${size} bytes, so no byte of it exists: answer 416 Range Not Satisfiable with Content-Range: ${wanted}.`,
      );
    }
    const contentRange = this.headers['content-range'];
    if (contentRange !== wanted) {
      this.fail(
        `expected Content-Range to be ${JSON.stringify(wanted)}, but ${contentRange === undefined ? 'there is none' : `it is ${JSON.stringify(contentRange)}`}.`,
        '',
        'A 416 says how big the file is, so the client can ask again: "bytes */" and the size.',
      );
    }
    return this;
  }

  /** A problem's sentence, and for one at a place in the body, the body's bytes with that place marked. */
  #problemDetails(problem: FramingProblem): string {
    if (problem.at === undefined) return problem.message;
    return `${problem.message}\n\n${this.#framing(problem.at)}`;
  }

  /** The body's bytes as they came, chunk sizes and all, with a caret under byte `at` if given. */
  #framing(at?: number): string {
    if (this.exchange.kind !== 'raw' || !this.exchange.response) return '';
    const response = this.exchange.response;
    return `The body as it came, with its framing:\n${markByte(response.framedBody ?? response.body, at)}`;
  }

  /** The server waited for every piece of the request before it answered (or hung up). */
  expectWaitedForWholeRequest(): this {
    if (this.exchange.kind !== 'raw') return this;
    const { writesBeforeAnswer, sent } = this.exchange;
    if (writesBeforeAnswer < sent.length) {
      this.fail(
        `the server answered after only ${writesBeforeAnswer} of the ${sent.length} pieces of the request had arrived.`,
        '',
        'A request can arrive in several pieces. Keep collecting data until you have seen the blank line "\\r\\n\\r\\n" that ends its head; only then answer.',
      );
    }
    return this;
  }

  /** The server closed the connection after answering (as `Connection: close` promises). */
  expectClosed(): this {
    if (this.exchange.kind === 'raw' && !this.exchange.closedByServer) {
      this.fail('expected the server to close the connection after its response, but it stayed open.', '', 'After writing the response, close the socket with socket.end().');
    }
    return this;
  }
}

function headerHint(name: string, expected?: string | RegExp, value?: string, body?: Buffer): string {
  switch (name.toLowerCase()) {
    case 'content-length':
      if (value !== undefined && body && Number(value) === body.length) {
        return 'Your Content-Length matches the body you sent, so the body itself is not the one expected.';
      }
      return 'Content-Length is the body size in bytes: Buffer.byteLength(body), not body.length, once there are non-ASCII characters.';
    case 'content-type': {
      const example = typeof expected === 'string' ? expected : /html/.test(String(expected)) ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8';
      return `Content-Type tells the client how to read the body, with its character set, such as "${example}".`;
    }
    case 'content-range':
      return 'Content-Range says which bytes these are, both ends included, and the size of the whole file: "bytes 0-99/1234".';
    case 'accept-ranges':
      return 'Accept-Ranges: bytes tells a client it may ask for parts of this file, such as to resume a download.';
    default:
      return '';
  }
}

/** Where in the file a wrong range body comes from, when it is some other part of it. */
function whereInFile(file: Buffer, body: Buffer, start: number, end: number): string {
  if (body.equals(file)) return 'That is the whole file. Send only the bytes of the range: file.subarray(start, end + 1).';
  const at = body.length > 0 ? file.indexOf(body) : -1;
  if (at === -1) return `The body should be file.subarray(${start}, ${end + 1}): subarray leaves out the byte at its end.`;
  return `The body is bytes ${at}-${at + body.length - 1} of the file, not ${start}-${end}. Both ends of a range are included: file.subarray(start, end + 1).`;
}

/** Escaped bytes around `at`, with a caret under it: a window, so a long body stays readable. */
function markByte(bytes: Buffer, at?: number): string {
  const reach = 60;
  if (at === undefined) return `  ${escapeStart(bytes, 600)}`;
  const from = Math.max(0, at - reach);
  const to = Math.min(bytes.length, at + reach);
  const before = from > 0 ? `(${from} bytes) … ` : '';
  const after = to < bytes.length ? ` … (${bytes.length - to} more bytes)` : '';
  const column = 2 + before.length + escapeBytes(bytes.subarray(from, at)).length - 1;
  const line = `  ${before}${escapeBytes(bytes.subarray(from, to))}${after}`;
  return `${line}\n${' '.repeat(column)}^ byte ${at}`;
}

/** What to do about each framing problem; '' leaves the problem's own sentence to say it. */
const frameHints: Record<FramingProblemCode, string> = {
  'bare-lf': 'Join lines with "\\r\\n", and end the head with an empty line: "\\r\\n\\r\\n".',
  'no-content-length': 'Send a Content-Length header with the body size in bytes: Buffer.byteLength(body).',
  'content-length-not-a-number': headerHint('content-length'),
  'content-length-too-long': headerHint('content-length'),
  'content-length-too-short': headerHint('content-length'),
  'bad-status-line': '',
  'bad-header-line': '',
  'body-after-head-answer': '',
  'chunked-size-not-hex': 'Write each chunk size in hexadecimal, counted in bytes: Buffer.byteLength(piece).toString(16), then "\\r\\n".',
  'chunked-too-long':
    'A chunk size counts bytes, not characters: "é" is 2 bytes. Take the size of the Buffer you send (buffer.length), and end each chunk\'s data with "\\r\\n".',
  'chunked-bare-lf': 'Each size line and each chunk\'s data end with "\\r\\n", and the last chunk is "0\\r\\n\\r\\n".',
  'chunked-no-last-chunk': 'End a chunked body with the last chunk, "0\\r\\n\\r\\n", before you close or wait for the next request.',
  'chunked-data-after-last-chunk': 'A chunk of size 0 means "the end". Skip pieces of zero bytes instead of sending them as chunks.',
  'chunked-and-length': 'With Transfer-Encoding: chunked, leave Content-Length out: the chunks say where the body ends.',
  'chunked-in-http-1.0':
    'An HTTP/1.0 client knows no chunks. Send it the body as it is, without Transfer-Encoding, and close the connection at the end: the close marks the end of the body.',
};
