import { existsSync, readFileSync } from 'node:fs';
import { describe, test } from 'vitest';
import { random, useProgram, type Reply } from '@workbook/testkit';

const server = useProgram(import.meta.url, 'server.ts');

/** A file as it is on disk in public/: the answers must be exactly these bytes. */
const publicFile = (name: string) => readFileSync(new URL(`./public/${name}`, import.meta.url));

// Files in this folder but outside public/. Not one byte of them may ever be sent; their first
// 60 bytes are enough to recognise each one.
const outside = ['server.ts', 'server.test.ts', 'exercise.json', 'README.md']
  .filter((name) => existsSync(new URL(`./${name}`, import.meta.url)))
  .map((name) => ({ name, start: readFileSync(new URL(`./${name}`, import.meta.url)).subarray(0, 60) }));

/** A GET with exactly this path on the wire: no client library to tidy `..` away first. */
function rawGet(target: string): Promise<Reply> {
  return server.raw(`GET ${target} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n`);
}

/** The answer refuses (4xx), and holds nothing from outside public/. */
function expectRefused(reply: Reply): void {
  reply.expectResponse();
  const status = reply.status ?? 0;
  if (status < 400 || status > 499) {
    reply.fail(
      `expected a 4xx status (such as 404), but got ${status}.`,
      '',
      'Decode the path once, join it to public/, and check that the result is still inside public/ (path.relative shows the way there).',
    );
  }
  for (const file of outside) {
    if (reply.body.includes(file.start)) {
      reply.fail(`the answer contains ${file.name}, a file outside public/.`, '', 'Only files inside public/ may be sent.');
    }
  }
}

const html = /^text\/html;\s*charset=utf-8$/i;

test('GET / answers 200 with public/index.html', async () => {
  (await server.get('/')).expectStatus(200).expectHeader('content-type', html).expectBody(publicFile('index.html'));
});

test('each file in public/ is served at its own path', async () => {
  for (const name of ['index.html', 'about.html', 'style.css', 'Error.html']) {
    (await server.get(`/${name}`)).expectStatus(200).expectBody(publicFile(name));
  }
});

test('HTML and CSS say what they are, with their charset', async () => {
  (await server.get('/about.html')).expectHeader('content-type', html);
  (await server.get('/style.css')).expectHeader('content-type', /^text\/css;\s*charset=utf-8$/i);
});

test('the PNG image is image/png and arrives byte for byte', async () => {
  const logo = publicFile('logo.png');
  (await server.get('/logo.png')).expectStatus(200).expectHeader('content-type', 'image/png').expectHeader('content-length', String(logo.length)).expectBody(logo);
});

test('a missing file gets Error.html with status 404', async () => {
  for (const path of [random.path(), `${random.path()}.html`, '/favicon.ico']) {
    (await server.get(path)).expectStatus(404).expectHeader('content-type', html).expectBody(publicFile('Error.html'));
  }
});

describe('paths that try to climb out of public/', () => {
  test('.. in the path never leaves public/', async () => {
    for (const target of ['/../server.ts', '/../../exercise.json', '/about.html/../../server.ts']) {
      expectRefused(await rawGet(target));
    }
    (await server.get('/')).expectStatus(200);
  });

  test('.. spelled with percent-encoding never leaves public/', async () => {
    for (const target of ['/%2e%2e/server.ts', '/..%2fserver.ts', '/%2e%2e%2fREADME.md']) {
      expectRefused(await rawGet(target));
    }
    (await server.get('/')).expectStatus(200);
  });

  test('backslashes never leave public/', async () => {
    for (const target of ['/..%5cserver.ts', '/..\\server.ts']) {
      expectRefused(await rawGet(target));
    }
    (await server.get('/')).expectStatus(200);
  });

  test('a path encoded twice is decoded once, and leads nowhere', async () => {
    // Decoded once, %252e%252e is the text "%2e%2e": a folder name nobody has.
    expectRefused(await rawGet('/%252e%252e/server.ts'));
    (await server.get('/')).expectStatus(200);
  });

  test('a NUL byte (%00) gets 4xx, and the server keeps serving', async () => {
    expectRefused(await rawGet('/%00'));
    expectRefused(await rawGet('/index.html%00.png'));
    (await server.get('/')).expectStatus(200);
  });
});
