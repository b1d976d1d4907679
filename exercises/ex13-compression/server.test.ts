import { readFileSync } from 'node:fs';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, test } from 'vitest';
import { escapeStart, random, useProgram, type Reply } from '@workbook/testkit';

const server = useProgram(import.meta.url, 'server.ts');

const publicFile = (name: string) => readFileSync(new URL(`./public/${name}`, import.meta.url));

/** Random words, repeated so there is something to compress, and different every run. */
function aText(): string {
  const words = Array.from({ length: 6 }, () => random.word());
  return Array.from({ length: 20 }, (_, i) => words[i % words.length]).join('-');
}

/** GET with this Accept-Encoding (none at all when undefined). */
function getWith(path: string, acceptEncoding: string | undefined): Promise<Reply> {
  return server.get(path, { headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } });
}

/** What came back, in the words of a failure message. */
function whatCame(reply: Reply): string {
  const encoding = reply.headers['content-encoding'];
  return [
    `Content-Encoding: ${encoding === undefined ? '(none)' : JSON.stringify(encoding)}`,
    `Content-Length: ${reply.headers['content-length'] ?? '(none)'}, and the body had ${reply.body.length} bytes`,
    `The body starts with: ${escapeStart(reply.body, 40)}`,
  ].join('\n');
}

const unpackers = { gzip: gunzipSync, br: brotliDecompressSync };

/** The answer is `coding`-compressed, counted right, and unpacks to exactly `original`. */
function expectCompressed(reply: Reply, sent: string, coding: 'gzip' | 'br', original: Buffer): void {
  reply.expectStatus(200);
  if (reply.headers['content-encoding']?.toLowerCase() !== coding) {
    reply.fail(
      `with Accept-Encoding: ${sent}, expected the body compressed with ${coding} (Content-Encoding: ${coding}).`,
      whatCame(reply),
      coding === 'br'
        ? 'Compress with brotliCompress and send Content-Encoding: br. When br and gzip weigh the same, br wins.'
        : 'Compress the body with gzip(body), and say Content-Encoding: gzip.',
    );
  }
  if (reply.headers['content-length'] !== String(reply.body.length)) {
    reply.fail(
      `Content-Length must count the bytes that travel, the compressed ones (${reply.body.length}).`,
      whatCame(reply),
      'Set Content-Length to the length of the compressed Buffer, not of the text.',
    );
  }
  let unpacked: Buffer;
  try {
    unpacked = unpackers[coding](reply.body);
  } catch (error) {
    return reply.fail(
      `the body says ${coding}, but it does not unpack as ${coding} (${(error as Error).message}).`,
      whatCame(reply),
      `Send the Buffer that ${coding === 'br' ? 'brotliCompress' : 'gzip'} gave you.`,
    );
  }
  if (!unpacked.equals(original)) {
    reply.fail(
      `the body unpacks to something else than the original (${unpacked.length} bytes instead of ${original.length}).`,
      `Unpacked, it starts with: ${escapeStart(unpacked, 60)}\nThe original starts with: ${escapeStart(original, 60)}`,
      'Compress exactly the bytes you would have sent uncompressed.',
    );
  }
}

/** The answer goes as it is: no Content-Encoding, and exactly `original`. */
function expectAsItIs(reply: Reply, sent: string | undefined, original: Buffer, why: string): void {
  reply.expectStatus(200);
  if (reply.headers['content-encoding'] !== undefined && reply.headers['content-encoding'].toLowerCase() !== 'identity') {
    reply.fail(
      `with Accept-Encoding: ${sent ?? '(none)'}, expected the body as it is, not compressed: ${why}.`,
      whatCame(reply),
      'Answer "identity" from chooseEncoding here.',
    );
  }
  reply.expectBody(original);
}

describe('no compression asked for', () => {
  test('GET /echo/<text> without Accept-Encoding is the text as it is', async () => {
    const text = aText();
    const reply = await getWith(`/echo/${text}`, undefined);
    reply.expectHeader('content-type', /^text\/plain/);
    expectAsItIs(reply, undefined, Buffer.from(text), 'the client said nothing about compression');
  });

  test('a coding the server does not know, alone, gets the text as it is', async () => {
    const text = aText();
    const coding = `x-${random.word()}`;
    expectAsItIs(await getWith(`/echo/${text}`, coding), coding, Buffer.from(text), `the client only knows ${coding}, and the server does not`);
  });

  test('the PNG goes as it is, whatever the client accepts', async () => {
    expectAsItIs(await getWith('/logo.png', 'gzip, br'), 'gzip, br', publicFile('logo.png'), 'a PNG is compressed already');
  });
});

describe('compression', () => {
  test('gzip: /echo/<text> comes gzipped, with the compressed length, and unpacks to the text', async () => {
    const text = aText();
    expectCompressed(await getWith(`/echo/${text}`, 'gzip'), 'gzip', 'gzip', Buffer.from(text));
  });

  test('br: /echo/<text> comes as brotli', async () => {
    const text = aText();
    expectCompressed(await getWith(`/echo/${text}`, 'br'), 'br', 'br', Buffer.from(text));
  });

  test('a browser-like list (gzip, deflate, br) gets br', async () => {
    expectCompressed(await getWith('/', 'gzip, deflate, br'), 'gzip, deflate, br', 'br', publicFile('index.html'));
  });

  test('files from public/ come compressed too', async () => {
    expectCompressed(await getWith('/index.html', 'gzip'), 'gzip', 'gzip', publicFile('index.html'));
  });

  test('every text answer says Vary: Accept-Encoding, compressed or not', async () => {
    for (const acceptEncoding of ['gzip', 'br', undefined]) {
      const reply = await getWith(`/echo/${aText()}`, acceptEncoding);
      reply.expectStatus(200);
      if (reply.headers.vary === undefined || !/accept-encoding/i.test(reply.headers.vary)) {
        reply.fail(
          `with Accept-Encoding: ${acceptEncoding ?? '(none)'}, expected a Vary: Accept-Encoding header.`,
          `Vary: ${reply.headers.vary ?? '(none)'}`,
          'Add Vary: Accept-Encoding to every text answer, even the ones you did not compress: a cache needs it to keep the forms apart.',
        );
      }
    }
  });
});

describe('q-values', () => {
  test('gzip;q=0 means no gzip: gzip;q=0, br gets br', async () => {
    const text = aText();
    expectCompressed(await getWith(`/echo/${text}`, 'gzip;q=0, br'), 'gzip;q=0, br', 'br', Buffer.from(text));
  });

  test('br;q=0, gzip gets gzip', async () => {
    const text = aText();
    expectCompressed(await getWith(`/echo/${text}`, 'br;q=0, gzip'), 'br;q=0, gzip', 'gzip', Buffer.from(text));
  });

  test('the higher weight wins: br;q=0.5, gzip;q=0.9 gets gzip', async () => {
    const text = aText();
    const sent = 'br;q=0.5, gzip;q=0.9';
    expectCompressed(await getWith(`/echo/${text}`, sent), sent, 'gzip', Buffer.from(text));
  });

  test('gzip;q=0 alone gets the text as it is', async () => {
    const text = aText();
    expectAsItIs(await getWith(`/echo/${text}`, 'gzip;q=0'), 'gzip;q=0', Buffer.from(text), 'q=0 means "never"');
  });

  test('identity;q=0, *;q=0 refuses everything: 406, and the server keeps serving', async () => {
    const sent = 'identity;q=0, *;q=0';
    const reply = await getWith(`/echo/${aText()}`, sent);
    reply.expectResponse();
    if (reply.status !== 406) {
      reply.fail(
        `with Accept-Encoding: ${sent}, expected status 406 Not Acceptable, but got ${reply.status}.`,
        whatCame(reply),
        'This client refuses br, gzip and the text as it is: chooseEncoding returns null, and the server answers 406.',
      );
    }
    const text = aText();
    expectCompressed(await getWith(`/echo/${text}`, 'gzip'), 'gzip', 'gzip', Buffer.from(text));
  });
});

test('sent as raw bytes, "Accept-Encoding: GZIP" in capitals still gets gzip', async () => {
  const text = aText();
  const reply = await server.raw(`GET /echo/${text} HTTP/1.1\r\nHost: test\r\nAccept-Encoding: GZIP\r\nConnection: close\r\n\r\n`);
  expectCompressed(reply, 'GZIP', 'gzip', Buffer.from(text));
});
