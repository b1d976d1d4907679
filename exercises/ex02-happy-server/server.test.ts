import { test } from 'vitest';
import { random, useProgram } from '@workbook/testkit';

const server = useProgram(import.meta.url, 'server.ts');
const happyText = 'I am the happy server! :-)';

test('GET / answers 200 with the happy text', async () => {
  (await server.get('/')).expectStatus(200).expectBody(happyText);
});

test('the answer says it is plain text in UTF-8', async () => {
  (await server.get('/')).expectHeader('content-type', /^text\/plain;\s*charset=utf-8$/i);
});

test('Content-Length is the size of the body in bytes', async () => {
  (await server.get('/')).expectHeader('content-length', String(Buffer.byteLength(happyText)));
});

test('any path gets the happy answer', async () => {
  for (const path of [random.path(), random.path(), '/favicon.ico']) {
    (await server.get(path)).expectStatus(200).expectBody(happyText);
  }
});

test('any method gets the happy answer', async () => {
  for (const method of ['POST', 'PUT', 'DELETE']) {
    const body = method === 'DELETE' ? undefined : random.text();
    (await server.request({ method, path: random.path(), body })).expectStatus(200).expectBody(happyText);
  }
});
