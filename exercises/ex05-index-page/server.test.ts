import { readFileSync } from 'node:fs';
import { test } from 'vitest';
import { random, useProgram } from '@workbook/testkit';

const server = useProgram(import.meta.url, 'server.ts');

// The pages as they are on disk, beside this file. The answers must be exactly these bytes.
const indexPage = readFileSync(new URL('./index.html', import.meta.url));
const errorPage = readFileSync(new URL('./Error.html', import.meta.url));

const html = /^text\/html;\s*charset=utf-8$/i;

test('GET / answers 200 with index.html', async () => {
  (await server.get('/')).expectStatus(200).expectHeader('content-type', html).expectBody(indexPage);
});

test('GET /index.html answers 200 with index.html too', async () => {
  (await server.get('/index.html')).expectStatus(200).expectHeader('content-type', html).expectBody(indexPage);
});

test('any other path answers 404 with Error.html', async () => {
  for (const path of [random.path(), random.path(2), '/favicon.ico', '/Error.html']) {
    (await server.get(path)).expectStatus(404).expectBody(errorPage);
  }
});

test('the error page is HTML too', async () => {
  (await server.get(random.path())).expectStatus(404).expectHeader('content-type', html);
});

test('Content-Length counts the bytes of each page', async () => {
  (await server.get('/')).expectHeader('content-length', String(indexPage.length));
  (await server.get(random.path())).expectHeader('content-length', String(errorPage.length));
});
