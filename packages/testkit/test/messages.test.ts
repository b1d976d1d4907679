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
    'stays-open': () => new Reply(raw([get], 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi', { closedByServer: false })).expectClosed(),
  };
  for (const [name, check] of Object.entries(cases)) {
    test(name, async () => {
      await expect(failureOf(check)).toMatchFileSnapshot(`./golden/${name}.txt`);
    });
  }
});
