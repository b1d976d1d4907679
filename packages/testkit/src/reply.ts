/**
 * What came back from one request, with checks that explain themselves when they fail.
 *
 *   const reply = await server.get('/');
 *   reply.expectStatus(200).expectHeader('content-type', /^text\/plain/).expectBody('hello');
 *
 * A failing check throws a CheckFailure whose message holds the whole exchange.
 */
import { fileURLToPath } from 'node:url';
import { caretDiff, escapeStart } from './escape.ts';
import { random } from './random.ts';
import { describeRequest, formatReceived, formatSent, hintFor, type Exchange } from './report.ts';
import type { FramingProblemCode } from './response-parser.ts';

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
   * a Content-Length that matches the body. Only a raw exchange shows the bytes needed to judge.
   */
  expectWellFramed(): this {
    this.expectResponse();
    if (this.exchange.kind !== 'raw') return this;
    const [problem] = this.exchange.response?.problems ?? [];
    if (problem) this.fail('the response is not framed correctly.', problem.message, frameHints[problem.code]);
    return this;
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
    default:
      return '';
  }
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
};
