/**
 * Compression over real sockets: undici for ordinary requests (it never unpacks a body by
 * itself, so we see the bytes that travelled), and raw bytes where the framing is the point.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { random, request, sendRaw } from '@workbook/testkit';
import { LARGEST_IN_MEMORY } from '../src/send-compressed.ts';
import { startServer, type RunningServer } from './start-server.ts';
import { makeTempSite, type TempSite } from './temp-site.ts';

let site: TempSite;
let server: RunningServer;
/** A text file bigger than LARGEST_IN_MEMORY, with random words so it is not the same each run. */
let bigText: Buffer;
beforeAll(async () => {
  site = makeTempSite();
  const words = Array.from({ length: 500 }, () => random.word());
  const lines: string[] = [];
  for (let size = 0; size <= LARGEST_IN_MEMORY * 2; ) {
    const line = `${lines.length} ${words[lines.length % words.length]} ${words[(lines.length * 7) % words.length]}\n`;
    lines.push(line);
    size += line.length;
  }
  bigText = Buffer.from(lines.join(''));
  writeFileSync(path.join(site.root, 'big.txt'), bigText);
  server = await startServer({ root: site.root, log: false });
});
afterAll(async () => {
  await server.stop();
  site.remove();
});

const siteFile = (name: string) => readFileSync(path.join(site.root, name));
const get = (file: string, acceptEncoding?: string, method = 'GET') =>
  request(server.address, { method, path: file, headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } });
const rawGet = (file: string, extra = '', method = 'GET') => sendRaw(server.address, `${method} ${file} HTTP/1.1\r\nHost: test\r\n${extra}Connection: close\r\n\r\n`);

const unpack = { gzip: gunzipSync, br: brotliDecompressSync };

describe('a page, compressed when the client accepts it', () => {
  test.each(['gzip', 'br'] as const)('%s: the body unpacks to exactly the file, and Content-Length counts the packed bytes', async (coding) => {
    const { response } = await get('/guide/headers.html', coding);
    const file = siteFile('guide/headers.html');
    expect(response?.status).toBe(200);
    expect(response?.headers['content-encoding']).toBe(coding);
    expect(response?.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response?.headers['content-length']).toBe(String(response?.body.length));
    expect(response?.body.length).toBeLessThan(file.length);
    expect(unpack[coding](response?.body ?? Buffer.alloc(0)).equals(file)).toBe(true);
  });

  test('every answer for a compressible file says Vary: Accept-Encoding, compressed or not', async () => {
    for (const acceptEncoding of ['gzip', 'br', 'identity', undefined]) {
      const { response } = await get('/guide/headers.html', acceptEncoding);
      expect(response?.headers.vary, `Accept-Encoding: ${acceptEncoding}`).toBe('Accept-Encoding');
    }
  });

  test('a browser-like list gets br', async () => {
    const { response } = await get('/', 'gzip, deflate, br, zstd');
    expect(response?.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(response?.body ?? Buffer.alloc(0)).equals(siteFile('index.html'))).toBe(true);
  });

  test('no Accept-Encoding: the file as it is, with its own length', async () => {
    const { response } = await get('/guide/headers.html');
    expect(response?.headers['content-encoding']).toBeUndefined();
    expect(response?.headers['content-length']).toBe(String(siteFile('guide/headers.html').length));
    expect(response?.body.equals(siteFile('guide/headers.html'))).toBe(true);
  });

  test('a coding we do not have, alone, gets the file as it is', async () => {
    const { response } = await get('/guide/headers.html', `x-${random.word()}`);
    expect(response?.status).toBe(200);
    expect(response?.headers['content-encoding']).toBeUndefined();
    expect(response?.body.equals(siteFile('guide/headers.html'))).toBe(true);
  });
});

describe('q-values', () => {
  test('gzip;q=0 means no gzip', async () => {
    const { response } = await get('/guide/headers.html', 'gzip;q=0');
    expect(response?.headers['content-encoding']).toBeUndefined();
    expect(response?.body.equals(siteFile('guide/headers.html'))).toBe(true);
  });

  test('br;q=0, gzip: gzip', async () => {
    const { response } = await get('/guide/headers.html', 'br;q=0, gzip');
    expect(response?.headers['content-encoding']).toBe('gzip');
  });

  test('the higher weight wins over our own preference: gzip, br;q=0.5 gets gzip', async () => {
    const { response } = await get('/guide/headers.html', 'gzip, br;q=0.5');
    expect(response?.headers['content-encoding']).toBe('gzip');
  });

  test('identity;q=0, *;q=0 refuses everything: 406, with Vary, and the server keeps serving', async () => {
    const { response } = await get('/guide/headers.html', 'identity;q=0, *;q=0');
    expect(response?.status).toBe(406);
    expect(response?.headers.vary).toBe('Accept-Encoding');
    expect(response?.text).toContain('Accept-Encoding');
    expect((await get('/guide/headers.html', 'gzip')).response?.status).toBe(200);
  });

  test('identity;q=0 with gzip allowed: gzip, not 406', async () => {
    const { response } = await get('/guide/headers.html', 'identity;q=0, gzip');
    expect(response?.status).toBe(200);
    expect(response?.headers['content-encoding']).toBe('gzip');
  });
});

describe('what is not compressed', () => {
  test('a picture goes as it is, whatever the client accepts, and has no Vary', async () => {
    const { response } = await get('/logo.png', 'gzip, br');
    expect(response?.headers['content-encoding']).toBeUndefined();
    expect(response?.headers.vary).toBeUndefined();
    expect(response?.body.equals(siteFile('logo.png'))).toBe(true);
  });

  test('a zip file and a font go as they are', async () => {
    const packed = Buffer.alloc(4096, random.word());
    writeFileSync(path.join(site.root, 'archive.zip'), packed);
    writeFileSync(path.join(site.root, 'font.woff2'), packed);
    for (const name of ['/archive.zip', '/font.woff2']) {
      const { response } = await get(name, 'gzip, br');
      expect(response?.headers['content-encoding'], name).toBeUndefined();
      expect(response?.body.equals(packed), name).toBe(true);
    }
  });

  test('a text file under 1 KB goes as it is', async () => {
    const { response } = await get('/style.css', 'gzip, br');
    expect(siteFile('style.css').length).toBeLessThan(1024);
    expect(response?.headers['content-encoding']).toBeUndefined();
    expect(response?.body.equals(siteFile('style.css'))).toBe(true);
  });
});

describe('HEAD and 304', () => {
  test('HEAD gets the head a GET gets, compressed length included, and no body', async () => {
    const getReply = await get('/guide/headers.html', 'gzip');
    const { response, received } = await rawGet('/guide/headers.html', 'Accept-Encoding: gzip\r\n', 'HEAD');
    expect(response?.status).toBe(200);
    for (const name of ['content-encoding', 'content-length', 'content-type', 'etag', 'vary']) {
      expect(response?.headers[name], name).toBe(getReply.response?.headers[name]);
    }
    expect(received.toString('latin1').endsWith('\r\n\r\n')).toBe(true);
  });

  test('each form has its own tag', async () => {
    const tags = new Set<string>();
    for (const coding of ['gzip', 'br', 'identity']) tags.add((await get('/guide/headers.html', coding)).response?.headers.etag ?? '');
    expect(tags.size).toBe(3);
  });

  test('the gzip tag sent back with gzip: 304, with Vary and the same tag', async () => {
    const etag = (await get('/guide/headers.html', 'gzip')).response?.headers.etag ?? '';
    const { response } = await request(server.address, { path: '/guide/headers.html', headers: { 'accept-encoding': 'gzip', 'if-none-match': etag } });
    expect(response?.status).toBe(304);
    expect(response?.headers.etag).toBe(etag);
    expect(response?.headers.vary).toBe('Accept-Encoding');
    expect(response?.body.length).toBe(0);
  });

  test('the gzip tag sent back without gzip: 200 and the file as it is', async () => {
    const etag = (await get('/guide/headers.html', 'gzip')).response?.headers.etag ?? '';
    const { response } = await request(server.address, { path: '/guide/headers.html', headers: { 'if-none-match': etag } });
    expect(response?.status).toBe(200);
    expect(response?.headers['content-encoding']).toBeUndefined();
    expect(response?.body.equals(siteFile('guide/headers.html'))).toBe(true);
  });
});

describe('a big file, compressed as it streams', () => {
  test.each(['gzip', 'br'] as const)('%s: chunked, no Content-Length, and it unpacks to exactly the file', async (coding) => {
    const { response } = await rawGet('/big.txt', `Accept-Encoding: ${coding}\r\n`);
    expect(response?.status).toBe(200);
    expect(response?.problems).toEqual([]);
    expect(response?.headers['content-encoding']).toBe(coding);
    expect(response?.headers['transfer-encoding']).toBe('chunked');
    expect(response?.headers['content-length']).toBeUndefined();
    expect(unpack[coding](response?.body ?? Buffer.alloc(0)).equals(bigText)).toBe(true);
  });

  test('without Accept-Encoding it goes as it is, with its length', async () => {
    const { response } = await get('/big.txt');
    expect(response?.headers['content-length']).toBe(String(bigText.length));
    expect(response?.body.equals(bigText)).toBe(true);
  });
});

test('two compressed answers on one connection arrive one after the other', async () => {
  const { received, closedByServer } = await sendRaw(server.address, [
    'GET /guide/headers.html HTTP/1.1\r\nHost: test\r\nAccept-Encoding: gzip\r\n\r\n',
    'GET /big.txt HTTP/1.1\r\nHost: test\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n',
  ]);
  expect(closedByServer).toBe(true);
  const text = received.toString('latin1');
  expect(text.match(/HTTP\/1\.1 200 OK/g)).toHaveLength(2);
  // The chunked body ends with its empty last chunk, and nothing after it.
  expect(text.endsWith('\r\n0\r\n\r\n')).toBe(true);
});
