/**
 * The kit's failure messages are what a student reads most; these golden files keep them from
 * changing by accident. After a deliberate change, delete the golden file, run the tests to write
 * it again, and review the new text in the diff.
 */
import { describe, expect, test } from 'vitest';
import { parseResponse, Reply, type HttpExchange, type RawExchange } from '../src/index.ts';
import { failureOf } from './failure-of.ts';

const address = { host: '127.0.0.1', port: 4321 };

function http(path: string, response: HttpExchange['response'], error?: HttpExchange['error']): HttpExchange {
  return { kind: 'http', address, sent: { method: 'GET', path, headers: {} }, response, ...(error && { error }), elapsedMs: 3 };
}

function raw(sent: string[], received: string, how: Partial<RawExchange> = {}): RawExchange {
  const bytes = Buffer.from(received, 'latin1');
  const closedByServer = how.closedByServer ?? true;
  return {
    kind: 'raw',
    address,
    sent: sent.map((chunk) => Buffer.from(chunk)),
    received: bytes,
    response: parseResponse(bytes, closedByServer),
    closedByServer,
    timedOut: false,
    writesBeforeAnswer: sent.length,
    elapsedMs: 3,
    ...how,
  };
}

function text(body: string, status = 200, headers: Record<string, string> = {}): HttpExchange['response'] {
  const bytes = Buffer.from(body);
  return { status, headers: { 'content-length': String(bytes.length), ...headers }, body: bytes, text: body };
}

const get = 'GET / HTTP/1.1\r\nHost: localhost\r\n\r\n';
const chunkedHead = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nTransfer-Encoding: chunked\r\n\r\n';
/** UTF-8 text as the latin1 string raw() turns back into the same bytes. */
const utf8 = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

const file = Buffer.from('The quick brown fox jumps over the lazy dog.\n');
function ranged(status: number, body: Buffer, headers: Record<string, string>): HttpExchange['response'] {
  return { status, headers: { 'content-length': String(body.length), ...headers }, body, text: body.toString() };
}
const rangeGet = (range: string): HttpExchange => ({ ...http('/fox.txt', null), sent: { method: 'GET', path: '/fox.txt', headers: { range } } });

describe('failure messages', () => {
  const cases: Record<string, () => unknown> = {
    'wrong-status': () => new Reply(http('/about', text('Not found', 404))).expectStatus(200),
    'body-differs': () => new Reply(http('/', text('I am the happy server :-)'))).expectBody('I am the happy server! :-)'),
    'missing-header': () => new Reply(http('/', text('hi'))).expectHeader('Content-Type', /^text\/plain/),
    'connection-refused': () => new Reply(http('/', null, { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:4321' })).expectStatus(200),
    'closed-without-answer': () => new Reply(raw([get], '')).expectStatus(200),
    'bare-lf': () => new Reply(raw([get], 'HTTP/1.1 200 OK\nContent-Length: 2\n\nhi')).expectWellFramed(),
    'content-length-too-short': () => new Reply(raw([get.slice(0, 16), get.slice(16)], 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nhéllo')).expectWellFramed(),
    'no-content-length': () => new Reply(raw([get], 'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<h1>hi</h1>')).expectWellFramed(),
    'head-never-ends': () => new Reply(raw([get], 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n')).expectStatus(200),
    'answered-too-early': () =>
      new Reply(raw([get.slice(0, 16), get.slice(16)], 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi', { writesBeforeAnswer: 1 })).expectWaitedForWholeRequest(),
    'chunked-size-not-hex': () => new Reply(raw([get], `${chunkedHead}5\r\nhello\r\n12\r\nabcdefghijkl\r\n0\r\n\r\n`)).expectChunked(),
    'chunked-no-framing': () => new Reply(raw([get], `${chunkedHead}hello\nhello\nhello\n`, { closedByServer: false })).expectChunked(),
    'chunked-no-last-chunk': () => new Reply(raw([get], `${chunkedHead}5\r\nhello\r\n6\r\nworld!\r\n`)).expectChunked(),
    'chunked-never-ends': () => new Reply(raw([get], `${chunkedHead}5\r\nhello\r\n`, { closedByServer: false, timedOut: true })).expectChunked(),
    'chunked-too-long': () => new Reply(raw([get], `${chunkedHead}6\r\n${utf8('grüße\n')}\r\n0\r\n\r\n`)).expectChunked(),
    'chunked-bare-lf': () => new Reply(raw([get], `${chunkedHead}5\nhello\n0\n\n`)).expectChunked(),
    'chunked-data-after-last-chunk': () => new Reply(raw([get], `${chunkedHead}5\r\nhello\r\n0\r\n\r\n5\r\nworld\r\n0\r\n\r\n`)).expectChunked(),
    'chunked-and-length': () => new Reply(raw([get], 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n')).expectChunked(),
    'chunked-missing': () => new Reply(raw([get], 'HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\nhello world')).expectChunked(),
    'chunked-in-http-1.0': () => {
      const received = `${chunkedHead}5\r\nhello\r\n0\r\n\r\n`;
      const exchange = raw(['GET / HTTP/1.0\r\n\r\n'], received, { response: parseResponse(Buffer.from(received), true, false, 'HTTP/1.0') });
      return new Reply(exchange).expectWellFramed();
    },
    'chunked-too-few-chunks': () => new Reply(raw([get], `${chunkedHead}10\r\nhello\nhello\nhell\r\n0\r\n\r\n`)).expectChunked(2),
    'range-wrong-status': () => new Reply({ ...rangeGet('bytes=4-8'), response: ranged(200, file, {}) }).expectRange(file, { start: 4, end: 8 }),
    'range-wrong-content-range': () =>
      new Reply({ ...rangeGet('bytes=4-8'), response: ranged(206, file.subarray(4, 9), { 'content-range': 'bytes 4-9/45', 'accept-ranges': 'bytes' }) }).expectRange(file, {
        start: 4,
        end: 8,
      }),
    'range-body-differs': () =>
      new Reply({
        ...rangeGet('bytes=4-8'),
        response: ranged(206, file.subarray(4, 8), { 'content-length': '5', 'content-range': 'bytes 4-8/45', 'accept-ranges': 'bytes' }),
      }).expectRange(file, { start: 4, end: 8 }),
    'range-no-accept-ranges': () =>
      new Reply({ ...rangeGet('bytes=4-8'), response: ranged(206, file.subarray(4, 9), { 'content-range': 'bytes 4-8/45' }) }).expectRange(file, { start: 4, end: 8 }),
    'range-not-satisfiable': () =>
      new Reply({ ...rangeGet('bytes=45-'), response: ranged(206, Buffer.alloc(0), { 'content-range': 'bytes 45-44/45' }) }).expectRangeNotSatisfiable(45),
    'range-not-satisfiable-content-range': () =>
      new Reply({ ...rangeGet('bytes=99-'), response: ranged(416, Buffer.alloc(0), { 'content-range': 'bytes 99-/45' }) }).expectRangeNotSatisfiable(45),
    'stays-open': () => new Reply(raw([get], 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi', { closedByServer: false })).expectClosed(),
  };
  for (const [name, check] of Object.entries(cases)) {
    test(name, async () => {
      await expect(failureOf(check)).toMatchFileSnapshot(`./golden/${name}.txt`);
    });
  }
});
