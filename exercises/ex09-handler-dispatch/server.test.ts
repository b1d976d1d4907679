import { test } from 'vitest';
import { CheckFailure, parseResponse, random, Reply, useProgram } from '@workbook/testkit';

const server = useProgram(import.meta.url, 'server.ts');

const get = (path: string, extra = '') => `GET ${path} HTTP/1.1\r\nHost: localhost\r\n${extra}\r\n`;
const lastGet = (path: string) => get(path, 'Connection: close\r\n');

/**
 * Every response that came back on the connection, in order, each as a Reply of its own: a
 * keep-alive client finds where one response ends by its Content-Length, and so do these tests.
 * Fails unless exactly `expected` complete responses arrived.
 */
function responsesOf(reply: Reply, expected: number): Reply[] {
  const { exchange } = reply;
  if (exchange.kind !== 'raw') throw new Error('responsesOf needs a raw exchange');
  const replies: Reply[] = [];
  let start = 0;
  while (start < exchange.received.length) {
    const headEnd = exchange.received.indexOf('\r\n\r\n', start);
    if (headEnd === -1) break;
    const head = parseResponse(exchange.received.subarray(start, headEnd + 4), false);
    const length = head?.headers['content-length'];
    // Without a Content-Length, the body runs to the end of the connection.
    const end = length === undefined ? exchange.received.length : headEnd + 4 + Number(length);
    replies.push(new Reply({ ...exchange, response: parseResponse(exchange.received.subarray(start, end), end === exchange.received.length && exchange.closedByServer) }));
    start = end;
  }
  if (replies.length !== expected) {
    reply.fail(
      `expected ${expected} response${expected === 1 ? '' : 's'} on this connection, but ${replies.length} came back.`,
      '',
      replies.length < expected
        ? 'After a response, keep reading the connection: the next request may already be waiting in the same data, or may come later.'
        : 'Close the connection after a response that says Connection: close, and answer nothing after it.',
    );
  }
  return replies;
}

test('GET is dispatched to the GET handler', async () => {
  const path = random.path();
  const reply = await server.raw(lastGet(path));
  reply.expectStatus(200).expectWellFramed().expectBody(`You asked for ${path}`);
});

test('POST is dispatched to the POST handler, body and all', async () => {
  const text = random.text();
  const reply = await server.raw(`POST /form HTTP/1.1\r\nHost: localhost\r\nContent-Length: ${text.length}\r\nConnection: close\r\n\r\n${text}`);
  reply.expectStatus(200).expectWellFramed().expectBody(`You sent ${text.length} bytes: ${text}`);
});

test('a method without a handler gets 501 and an HTML error page', async () => {
  const reply = await server.raw(`BREW ${random.path()} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
  reply
    .expectStatus(501)
    .expectHeader('content-type', /^text\/html;\s*charset=utf-8$/i)
    .expectWellFramed()
    .expectBodyIncludes('<h1>501 Not Implemented</h1>')
    .expectBodyIncludes('BREW');
});

test('the error page escapes the method it shows', async () => {
  // & and ' are allowed in a method, and mean something in HTML.
  const reply = await server.raw(`B&R'EW / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
  reply.expectStatus(501).expectBodyIncludes('B&amp;R&#39;EW');
  if (reply.text.includes("B&R'EW")) reply.fail('the page shows the method unescaped.', '', 'Pass the explanation through escapeHtml before it goes into the page.');
});

test('toString and constructor are not handlers: 501', async () => {
  for (const method of ['toString', 'constructor']) {
    (await server.raw(`${method} / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`)).expectStatus(501);
  }
});

test('two pipelined requests in one write are answered in order', async () => {
  const [first, second] = [random.path(), random.path()];
  const reply = await server.raw(get(first) + lastGet(second));
  const [one, two] = responsesOf(reply, 2);
  one?.expectStatus(200).expectWellFramed().expectBody(`You asked for ${first}`);
  two?.expectStatus(200).expectWellFramed().expectBody(`You asked for ${second}`);
});

test('HTTP/1.1 keeps the connection open: three requests, one connection', async () => {
  const paths = [random.path(), random.path(), random.path()];
  const reply = await server.raw([get(paths[0]!), get(paths[1]!), lastGet(paths[2]!)], { pauseMs: 100 });
  const replies = responsesOf(reply, 3);
  replies.forEach((each, index) => each.expectStatus(200).expectWellFramed().expectBody(`You asked for ${paths[index]}`));
  replies[0]?.expectNoHeader('connection');
});

test('HTTP/1.0: the answer says Connection: close, and the connection closes', async () => {
  const path = random.path();
  const reply = await server.raw(`GET ${path} HTTP/1.0\r\n\r\nGET /not-answered HTTP/1.0\r\n\r\n`);
  const [only] = responsesOf(reply, 1);
  only?.expectStatus(200).expectBody(`You asked for ${path}`).expectHeader('connection', 'close').expectClosed();
});

test('Connection: close from the client closes the connection after the answer', async () => {
  const reply = await server.raw(lastGet('/bye') + get('/not-answered'));
  responsesOf(reply, 1)[0]?.expectHeader('connection', 'close').expectClosed();
});

test('after a 501 the connection stays open for the next request', async () => {
  const path = random.path();
  const reply = await server.raw(`BREW /pot HTTP/1.1\r\nHost: localhost\r\n\r\n${lastGet(path)}`);
  const [brew, next] = responsesOf(reply, 2);
  brew?.expectStatus(501).expectWellFramed();
  next?.expectStatus(200).expectBody(`You asked for ${path}`);
});

test('a response without Content-Length says Connection: close, and the connection closes', async () => {
  const reply = await server.raw(get('/no-length') + lastGet('/not-answered'));
  responsesOf(reply, 1)[0]?.expectHeader('connection', 'close').expectBody('Nobody said how long I am.').expectClosed();
});

test('is built on sockets, not on node:http', async () => {
  (await server.raw(lastGet('/'))).expectResponse();
  if (server.program?.kind === 'http') {
    throw new CheckFailure('Your server is a node:http server. This exercise builds the library itself: keep net.createServer in server.ts.');
  }
});
