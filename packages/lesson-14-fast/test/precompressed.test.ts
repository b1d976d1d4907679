/**
 * Step 4 sends `file.br` or `file.gz` in place of `file` when the client can unpack it, as
 * lesson 10's negotiation of Accept-Encoding decides, and the plain file otherwise.
 */
import { rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { listenForTests, request, type ServerUnderTest } from '@workbook/testkit';
import { canLink, makeTempSite, type TempSite } from 'lesson-04-file-server/test/temp-site.ts';
import { createServer } from '../src/4-sending/server.ts';

const css = 'body { color: rebeccapurple; }\n'.repeat(50);
let site: TempSite;
let server: ServerUnderTest;
const file = (name: string) => path.join(site.root, name);

beforeAll(async () => {
  site = makeTempSite();
  writeFileSync(file('site.css'), css);
  writeFileSync(file('site.css.br'), brotliCompressSync(css));
  writeFileSync(file('site.css.gz'), gzipSync(css));
  writeFileSync(file('only-gzip.txt'), 'plain text');
  writeFileSync(file('only-gzip.txt.gz'), gzipSync('plain text'));
  writeFileSync(file('going.txt'), 'plain going');
  writeFileSync(file('going.txt.br'), brotliCompressSync('plain going'));
  writeFileSync(file('leak.txt'), 'harmless');
  if (canLink) symlinkSync(path.join('..', 'secret.txt'), file('leak.txt.br'));
  // settleMs 0: the files were written just now; the tests below change siblings by their size.
  server = await listenForTests(createServer({ root: site.root, log: false, settleMs: 0 }));
});
afterAll(async () => {
  await server.stop();
  site.remove();
});

const get = async (target: string, headers: Record<string, string> = {}, method = 'GET') => (await request(server.address, { path: target, method, headers })).response;

describe('the version a client gets', () => {
  test('br when it is accepted', async () => {
    const response = await get('/site.css', { 'accept-encoding': 'gzip, deflate, br' });
    expect(response?.status).toBe(200);
    expect(response?.headers['content-encoding']).toBe('br');
    expect(response?.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(response?.headers.vary).toBe('Accept-Encoding');
    expect(response?.headers['content-length']).toBe(String(response?.body.length));
    expect(brotliDecompressSync(response?.body ?? Buffer.alloc(0)).toString()).toBe(css);
  });

  test('gzip when only gzip is accepted, or br is refused', async () => {
    for (const acceptEncoding of ['gzip', 'br;q=0, gzip', 'gzip;q=1, br;q=0.5']) {
      const response = await get('/site.css', { 'accept-encoding': acceptEncoding });
      expect(response?.headers['content-encoding'], acceptEncoding).toBe('gzip');
      expect(gunzipSync(response?.body ?? Buffer.alloc(0)).toString()).toBe(css);
    }
  });

  test('the plain file without Accept-Encoding, or with identity only: still with Vary', async () => {
    for (const headers of [{}, { 'accept-encoding': 'identity' }, { 'accept-encoding': 'deflate' }] as Array<Record<string, string>>) {
      const response = await get('/site.css', headers);
      expect(response?.headers['content-encoding']).toBeUndefined();
      expect(response?.headers.vary).toBe('Accept-Encoding');
      expect(response?.text).toBe(css);
    }
  });

  test('br is asked for, but there is only a .gz: gzip', async () => {
    const response = await get('/only-gzip.txt', { 'accept-encoding': 'br, gzip' });
    expect(response?.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(response?.body ?? Buffer.alloc(0)).toString()).toBe('plain text');
  });

  test('a file with no siblings has no Vary', async () => {
    const response = await get('/style.css', { 'accept-encoding': 'br, gzip' });
    expect(response?.headers['content-encoding']).toBeUndefined();
    expect(response?.headers.vary).toBeUndefined();
  });

  test.skipIf(!canLink)('a sibling that is a link out of the root is never sent: the plain file is', async () => {
    const response = await get('/leak.txt', { 'accept-encoding': 'br' });
    expect(response?.headers['content-encoding']).toBeUndefined();
    expect(response?.text).toBe('harmless');
    expect(response?.text).not.toContain(site.secret);
  });
});

describe('HEAD and 304', () => {
  test("HEAD: the sibling's headers, no body", async () => {
    const viaGet = await get('/site.css', { 'accept-encoding': 'br' });
    const head = await get('/site.css', { 'accept-encoding': 'br' }, 'HEAD');
    for (const name of ['content-type', 'content-length', 'content-encoding', 'etag', 'last-modified', 'vary']) {
      expect(head?.headers[name], name).toBe(viaGet?.headers[name]);
    }
    expect(head?.body.length).toBe(0);
  });

  test('each version has its own tag: 304 for the same version, 200 for another', async () => {
    const br = await get('/site.css', { 'accept-encoding': 'br' });
    const plain = await get('/site.css');
    expect(br?.headers.etag).not.toBe(plain?.headers.etag);

    const again = await get('/site.css', { 'accept-encoding': 'br', 'if-none-match': br?.headers.etag ?? '' });
    expect(again?.status).toBe(304);
    expect(again?.headers.vary).toBe('Accept-Encoding');
    expect(again?.body.length).toBe(0);
    // The same tag from a client that now takes only gzip: its copy is not the gzip version.
    const other = await get('/site.css', { 'accept-encoding': 'gzip', 'if-none-match': br?.headers.etag ?? '' });
    expect(other?.status).toBe(200);
    expect(other?.headers['content-encoding']).toBe('gzip');
  });
});

describe('a sibling is checked on use, like its file', () => {
  test('a changed sibling is sent as it is now, a removed one is not sent', async () => {
    expect((await get('/going.txt', { 'accept-encoding': 'br' }))?.headers['content-encoding']).toBe('br');
    writeFileSync(file('going.txt.br'), brotliCompressSync('plain going, and changed'));
    const changed = await get('/going.txt', { 'accept-encoding': 'br' });
    expect(brotliDecompressSync(changed?.body ?? Buffer.alloc(0)).toString()).toBe('plain going, and changed');

    rmSync(file('going.txt.br'));
    const removed = await get('/going.txt', { 'accept-encoding': 'br' });
    expect(removed?.status).toBe(200);
    expect(removed?.headers['content-encoding']).toBeUndefined();
    expect(removed?.text).toBe('plain going');
  });
});
