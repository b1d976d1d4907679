/**
 * Ranges on the file server, over real HTTP: each form of Range, 416 for a range past the end,
 * If-Range with a tag and with a date, a changed file, the requests `curl -C -` makes to resume,
 * and the headers RFC 9110 says to ignore (garbage, other units, lists of ranges).
 */
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { listenForTests, random, Reply, request, type ServerUnderTest } from '@workbook/testkit';
import { createServer } from '../src/files/server.ts';

let folder: string;
let server: ServerUnderTest;
/** The file's bytes: random, of a random size, so no answer can be hard-coded. */
let content: Buffer;
const FILE = '/data.bin';

function writeContent(size: number, when: Date): void {
  content = Buffer.from(Array.from({ length: size }, () => random.int(0, 255)));
  writeFileSync(path.join(folder, 'data.bin'), content);
  utimesSync(path.join(folder, 'data.bin'), when, when);
}

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'workbook-ranges-'));
  writeFileSync(path.join(folder, 'index.html'), '<!doctype html><p>ranges</p>\n');
  writeContent(random.int(3000, 9000), new Date('2026-11-01T10:00:00Z'));
  server = await listenForTests(createServer({ root: folder, log: false }));
});
afterAll(async () => {
  await server.stop();
  rmSync(folder, { recursive: true, force: true });
});

/** The answer to a request for the file, for the kit's checks. */
async function ask(headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Reply(await request(server.address, { method, path: FILE, headers })).expectResponse();
}

async function get(headers: Record<string, string> = {}, method = 'GET') {
  return (await ask(headers, method)).exchange.response!;
}

/** A 206 for bytes start-end: the kit checks the status, Content-Range, Content-Length, the bytes and Accept-Ranges. */
async function expectPart(range: string, start: number, end: number, headers: Record<string, string> = {}) {
  (await ask({ range, ...headers })).expectRange(content, { start, end });
}

async function expectWhole(headers: Record<string, string>) {
  const response = await get(headers);
  expect(response.status, JSON.stringify(headers).slice(0, 120)).toBe(200);
  expect(response.headers['content-range']).toBeUndefined();
  expect(response.body.equals(content)).toBe(true);
}

describe('every file says it takes ranges', () => {
  test('Accept-Ranges: bytes, on a 200 too', async () => {
    expect((await get()).headers['accept-ranges']).toBe('bytes');
    const { response } = await request(server.address, { path: '/index.html' });
    expect(response?.headers['accept-ranges']).toBe('bytes');
  });
});

describe('the three forms of Range', () => {
  test('bytes=a-b: those bytes, both ends included', async () => {
    const start = random.int(0, 1000);
    const end = start + random.int(0, 1000);
    await expectPart(`bytes=${start}-${end}`, start, end);
  });

  test('bytes=a-: from a to the end', async () => {
    const start = random.int(1, content.length - 1);
    await expectPart(`bytes=${start}-`, start, content.length - 1);
  });

  test('bytes=-n: the last n bytes', async () => {
    const n = random.int(1, 500);
    await expectPart(`bytes=-${n}`, content.length - n, content.length - 1);
  });

  test('a single byte: bytes=0-0 and the very last one', async () => {
    await expectPart('bytes=0-0', 0, 0);
    await expectPart(`bytes=${content.length - 1}-`, content.length - 1, content.length - 1);
  });

  test('an end past the end of the file is cut to the file: what there is', async () => {
    const start = random.int(0, 100);
    await expectPart(`bytes=${start}-${content.length + random.int(1, 10_000)}`, start, content.length - 1);
    await expectPart('bytes=0-99999999999999999999', 0, content.length - 1);
  });

  test('a suffix longer than the file is the whole file, as a 206', async () => {
    await expectPart(`bytes=-${content.length + random.int(1, 1000)}`, 0, content.length - 1);
  });

  test('the unit and spaces around the range are read leniently: Bytes= 0-9 ', async () => {
    await expectPart('Bytes= 0-9 ', 0, 9);
  });
});

describe('a range the file cannot give: 416', () => {
  test.each([
    ['starting right at the end', () => `bytes=${content.length}-`],
    ['starting far past the end', () => `bytes=${content.length + random.int(1, 1e6)}-${content.length + 2e6}`],
    ['a huge start', () => 'bytes=99999999999999999999-'],
    ['no bytes at all (bytes=-0)', () => 'bytes=-0'],
  ])('%s: 416 with Content-Range: bytes */size, and the server keeps serving', async (_name, range) => {
    (await ask({ range: range() })).expectRangeNotSatisfiable(content.length).expectHeader('content-type', 'text/html; charset=utf-8').expectBodyIncludes('416');
    await expectPart('bytes=0-9', 0, 9);
  });
});

describe('Range headers that RFC 9110 says to ignore: the whole file, 200', () => {
  test.each(['bytes=abc', 'bytes=9-5', 'bytes=', 'bytes=-', 'bytes 0-9', 'bytes=0-9-19', 'bytes=--5', 'bytes=0x10-0x20', 'bytes=+5-9', 'items=0-9', '=0-9', 'bytes=0-9;q=1'])(
    'Range: %s',
    async (range) => {
      await expectWhole({ range });
    },
  );

  test('several ranges at once get the whole file: no multipart answer', async () => {
    await expectWhole({ range: 'bytes=0-9,20-29' });
    await expectWhole({ range: 'bytes=0-0, -1' });
  });

  test('thousands of ranges in one header get the whole file, once, and the server keeps serving', async () => {
    // About 8 KB: node itself answers 431 to a head past 16 KB, before our code sees it.
    const many = Array.from({ length: 1000 }, (_, i) => `${i}-${i}`).join(',');
    await expectWhole({ range: `bytes=${many}` });
    await expectPart('bytes=0-9', 0, 9);
  });

  test('HEAD with a Range gets the head of the whole file (ranges are for GET)', async () => {
    const response = await get({ range: 'bytes=0-9' }, 'HEAD');
    expect(response.status).toBe(200);
    expect(response.headers['content-length']).toBe(String(content.length));
    expect(response.body.length).toBe(0);
  });

  test('a missing file is still 404, whatever the Range', async () => {
    const { response } = await request(server.address, { path: `${random.path()}.bin`, headers: { range: 'bytes=0-9' } });
    expect(response?.status).toBe(404);
  });
});

describe('If-Range: "only if it is still this version"', () => {
  test('the current ETag, which is strong: the part, 206', async () => {
    const { etag = '' } = (await get()).headers;
    expect(etag).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    await expectPart('bytes=10-19', 10, 19, { 'if-range': etag });
  });

  test('the current Last-Modified date, exactly: the part, 206', async () => {
    const lastModified = (await get()).headers['last-modified'] ?? '';
    await expectPart('bytes=10-19', 10, 19, { 'if-range': lastModified });
  });

  test.each([
    ['another tag', () => '"0-0"'],
    ['the current tag, marked weak', (etag: string) => `W/${etag}`],
    ['another date', () => 'Sat, 01 Nov 2025 10:00:00 GMT'],
    ['something that is neither', () => 'yesterday'],
  ])('%s: the whole file, 200', async (_name, validator) => {
    const { etag = '' } = (await get()).headers;
    await expectWhole({ range: 'bytes=10-19', 'if-range': validator(etag) });
  });

  test('when the file has changed, the tag of the old copy gets the whole new file', async () => {
    const old = (await get()).headers;
    writeContent(content.length + random.int(1, 100), new Date('2026-11-02T10:00:00Z'));
    await expectWhole({ range: 'bytes=10-', 'if-range': old.etag ?? '' });
    await expectWhole({ range: 'bytes=10-', 'if-range': old['last-modified'] ?? '' });
  });

  test('If-None-Match with the current tag still wins: 304, no part', async () => {
    const { etag = '' } = (await get()).headers;
    const response = await get({ range: 'bytes=0-9', 'if-none-match': etag });
    expect(response.status).toBe(304);
    expect(response.body.length).toBe(0);
  });
});

describe('resuming a download, as `curl -C - -O` does', () => {
  test('the first part arrived; Range: bytes=<what we have>- brings the rest, and together they are the file', async () => {
    const have = random.int(1, content.length - 1);
    const firstPart = content.subarray(0, have);
    const rest = (await ask({ range: `bytes=${firstPart.length}-` })).expectRange(content, { start: have, end: content.length - 1 });
    expect(Buffer.concat([firstPart, rest.body]).equals(content)).toBe(true);
  });

  test('a download that is already complete: 416, which curl reads as "nothing left to fetch"', async () => {
    (await ask({ range: `bytes=${content.length}-` })).expectRangeNotSatisfiable(content.length);
  });
});
