import { test } from 'vitest';
import { random, useProgram } from '@workbook/testkit';

const server = useProgram(import.meta.url, 'server.ts');

/** The answer README.md describes: three lines, each ending with "\n". */
function echoOf(method: string, target: string, version = '1.1'): string {
  return `Request line: ${method} ${target} HTTP/${version}\nMethod: ${method}\nTarget: ${target}\n`;
}

test('GET / answers 200 with the three lines', async () => {
  (await server.get('/')).expectStatus(200).expectBody(echoOf('GET', '/'));
});

test('the answer says it is plain text in UTF-8', async () => {
  (await server.get(random.path())).expectHeader('content-type', /^text\/plain;\s*charset=utf-8$/i);
});

test('Content-Length is the size of the body in bytes', async () => {
  const target = random.path();
  (await server.get(target)).expectHeader('content-length', String(Buffer.byteLength(echoOf('GET', target))));
});

test('any target is echoed exactly, query string included', async () => {
  const withQuery = `${random.path()}?q=${random.word()}&page=${random.int(1, 9)}`;
  for (const target of [random.path(), withQuery, '/favicon.ico']) {
    (await server.get(target)).expectStatus(200).expectBody(echoOf('GET', target));
  }
});

test('percent-escapes are echoed as sent, not decoded', async () => {
  const target = `/${random.word()}%20${random.word()}?city=M%C3%BCnchen`;
  (await server.get(target)).expectStatus(200).expectBody(echoOf('GET', target));
});

test('any method is echoed: POST, PUT, PATCH, DELETE and PURGE', async () => {
  // PURGE is not in the HTTP standard. Caches use it to drop a stored page, and node accepts it.
  for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'PURGE']) {
    const target = random.path();
    const body = method === 'POST' || method === 'PUT' || method === 'PATCH' ? random.text() : undefined;
    (await server.request({ method, path: target, body })).expectStatus(200).expectBody(echoOf(method, target));
  }
});

test('the version is the one the client spoke: HTTP/1.0', async () => {
  const target = random.path();
  (await server.raw(`GET ${target} HTTP/1.0\r\nHost: localhost\r\n\r\n`))
    .expectStatus(200)
    .expectWellFramed()
    .expectBody(echoOf('GET', target, '1.0'));
});
