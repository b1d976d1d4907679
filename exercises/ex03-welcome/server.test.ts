import { test } from 'vitest';
import { random, useProgram } from '@workbook/testkit';

const server = useProgram(import.meta.url, 'server.ts');

test('GET / answers 200 "Welcome to my server"', async () => {
  (await server.get('/'))
    .expectStatus(200)
    .expectHeader('content-type', /^text\/plain;\s*charset=utf-8$/i)
    .expectBody('Welcome to my server');
});

test('any other path answers 404 "Resource not available"', async () => {
  for (const path of [random.path(), random.path(2), '/index.html']) {
    (await server.get(path))
      .expectStatus(404)
      .expectHeader('content-type', /^text\/plain;\s*charset=utf-8$/i)
      .expectBody('Resource not available');
  }
});

test("the browser's /favicon.ico request gets a 404 too", async () => {
  (await server.get('/favicon.ico')).expectStatus(404);
});

test('Content-Length is right for both answers', async () => {
  (await server.get('/')).expectHeader('content-length', String(Buffer.byteLength('Welcome to my server')));
  (await server.get(random.path())).expectHeader('content-length', String(Buffer.byteLength('Resource not available')));
});
