import { test } from 'vitest';
import { CheckFailure, random, useProgram } from '@workbook/testkit';

const server = useProgram(import.meta.url, 'server.ts');

/** A GET request, sent the way a slow network might deliver it: in two pieces. */
function splitGet(path: string): string[] {
  const request = `GET ${path} HTTP/1.1\r\nHost: localhost\r\nUser-Agent: workbook-tests\r\n\r\n`;
  const middle = request.indexOf('Host:');
  return [request.slice(0, middle), request.slice(middle)];
}

test('answers a GET with 200 and an HTML page', async () => {
  (await server.raw(splitGet('/')))
    .expectStatus(200)
    .expectHeader('content-type', /^text\/html;\s*charset=utf-8$/i)
    .expectBodyIncludes('<');
});

test('frames the response: CRLF line ends and a correct Content-Length', async () => {
  (await server.raw(splitGet('/'))).expectStatus(200).expectWellFramed();
});

test('waits for the whole request when it arrives in two pieces', async () => {
  (await server.raw(splitGet(random.path()), { pauseMs: 150 })).expectWaitedForWholeRequest().expectStatus(200).expectWellFramed();
});

test('says Connection: close, and closes the connection after the response', async () => {
  (await server.raw(splitGet(random.path()))).expectHeader('connection', 'close').expectClosed();
});

test('is built on sockets, not on node:http', async () => {
  (await server.raw(splitGet('/'))).expectResponse();
  if (server.program?.kind === 'http') {
    throw new CheckFailure(
      'Your server is a node:http server. This exercise is about sockets: build it with ' +
        'net.createServer from node:net, read the request bytes yourself and write the response bytes yourself.',
    );
  }
});
