import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { request, sendRaw } from '@workbook/testkit';
import { DEMO_SITE } from '../src/server.ts';
import { startServer, type RunningServer } from './start-server.ts';
import { makeTempSite, type TempSite } from './temp-site.ts';

/** The bytes of a file of the demo site, to compare answers with. */
const demoFile = (name: string) => readFileSync(path.join(DEMO_SITE, name));

let site: TempSite;
let server: RunningServer;
beforeAll(async () => {
  site = makeTempSite();
  writeFileSync(path.join(site.root, 'notes.xyz'), 'a kind of file nobody knows');
  writeFileSync(path.join(site.root, 'empty.txt'), '');
  writeFileSync(path.join(site.root, 'README.md'), '# Notes\n\nSéance *one*.\n');
  server = await startServer({ root: site.root });
});
afterAll(async () => {
  await server.stop();
  site.remove();
});

describe('a path picks a file', () => {
  test('/ is index.html, byte for byte, as HTML', async () => {
    const { response, error } = await request(server.address, { path: '/' });
    expect(error).toBeUndefined();
    expect(response?.status).toBe(200);
    expect(response?.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response?.body.equals(demoFile('index.html'))).toBe(true);
  });

  test('Content-Length is the size of the file', async () => {
    const { response } = await request(server.address, { path: '/index.html' });
    expect(response?.headers['content-length']).toBe(String(demoFile('index.html').length));
  });

  test('a page in a folder', async () => {
    const { response } = await request(server.address, { path: '/guide/caching.html' });
    expect(response?.status).toBe(200);
    expect(response?.body.equals(demoFile('guide/caching.html'))).toBe(true);
  });

  test('the stylesheet is text/css, with its charset', async () => {
    const { response } = await request(server.address, { path: '/style.css' });
    expect(response?.status).toBe(200);
    expect(response?.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(response?.text).toBe(demoFile('style.css').toString('utf8'));
  });

  test('the picture is image/png and arrives byte for byte', async () => {
    const { response } = await request(server.address, { path: '/logo.png' });
    expect(response?.status).toBe(200);
    expect(response?.headers['content-type']).toBe('image/png');
    expect(response?.body.equals(demoFile('logo.png'))).toBe(true);
    // It really is a PNG: every PNG file starts with these eight bytes.
    expect(response?.body.subarray(0, 8).toString('latin1')).toBe('\x89PNG\r\n\x1a\n');
  });

  test('a Markdown file is text, shown as it is rather than downloaded', async () => {
    const { response } = await request(server.address, { path: '/README.md' });
    expect(response?.status).toBe(200);
    expect(response?.headers['content-type']).toBe('text/markdown; charset=utf-8');
    expect(response?.text).toBe('# Notes\n\nSéance *one*.\n');
  });

  test('a file of an unknown kind is application/octet-stream', async () => {
    const { response } = await request(server.address, { path: '/notes.xyz' });
    expect(response?.headers['content-type']).toBe('application/octet-stream');
    expect(response?.text).toBe('a kind of file nobody knows');
  });

  test('every file says: take my Content-Type as it is (nosniff)', async () => {
    const { response } = await request(server.address, { path: '/style.css' });
    expect(response?.headers['x-content-type-options']).toBe('nosniff');
  });

  test('an empty file is 200 with Content-Length 0', async () => {
    const { response } = await request(server.address, { path: '/empty.txt' });
    expect(response?.status).toBe(200);
    expect(response?.headers['content-length']).toBe('0');
    expect(response?.body.length).toBe(0);
  });

  test('the query string chooses nothing', async () => {
    const { response } = await request(server.address, { path: '/index.html?lang=en&page=2' });
    expect(response?.status).toBe(200);
    expect(response?.body.equals(demoFile('index.html'))).toBe(true);
  });

  test('a percent-encoded name is decoded', async () => {
    writeFileSync(path.join(site.root, 'my notes.txt'), 'with a space');
    const { response } = await request(server.address, { path: '/my%20notes.txt' });
    expect(response?.status).toBe(200);
    expect(response?.text).toBe('with a space');
  });
});

describe('folders', () => {
  test('a folder without its slash is redirected to the slash form', async () => {
    const { response } = await request(server.address, { path: '/guide' });
    expect(response?.status).toBe(301);
    expect(response?.headers.location).toBe('/guide/');
  });

  test('a folder with its slash serves its index.html', async () => {
    const { response } = await request(server.address, { path: '/guide/' });
    expect(response?.status).toBe(200);
    expect(response?.body.equals(demoFile('guide/index.html'))).toBe(true);
  });

  test('a folder without index.html is 404', async () => {
    mkdirSync(path.join(site.root, 'empty-folder'));
    const { response } = await request(server.address, { path: '/empty-folder/' });
    expect(response?.status).toBe(404);
  });

  test('the Location always starts with a single "/", even for //evil.example', async () => {
    // The worst case: a folder really is named like another site.
    mkdirSync(path.join(site.root, 'evil.example'));
    const { response } = await sendRaw(server.address, 'GET //evil.example HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n');
    expect(response?.status).toBe(301);
    expect(response?.headers.location).toBe('/evil.example/');
  });

  test('the Location is percent-encoded again', async () => {
    mkdirSync(path.join(site.root, 'two words?'));
    const { response } = await request(server.address, { path: '/two%20words%3F' });
    expect(response?.status).toBe(301);
    expect(response?.headers.location).toBe('/two%20words%3F/');
  });

  test('a file asked for as a folder is 404', async () => {
    const { response } = await request(server.address, { path: '/index.html/' });
    expect(response?.status).toBe(404);
  });
});

describe('not found', () => {
  test("a missing file gets 404 and the site's own 404.html", async () => {
    const { response } = await request(server.address, { path: '/no-such-page.html' });
    expect(response?.status).toBe(404);
    expect(response?.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response?.body.equals(demoFile('404.html'))).toBe(true);
  });

  test('the 404 page is never cached as if it were the file', async () => {
    const { response } = await request(server.address, { path: '/no-such-page.html' });
    expect(response?.headers.etag).toBeUndefined();
    expect(response?.headers['last-modified']).toBeUndefined();
  });
});

describe('methods', () => {
  test('HEAD gets the same headers as GET, and no body', async () => {
    const get = await request(server.address, { path: '/logo.png' });
    const head = await request(server.address, { method: 'HEAD', path: '/logo.png' });
    expect(head.response?.status).toBe(200);
    for (const name of ['content-type', 'content-length', 'etag', 'last-modified']) {
      expect(head.response?.headers[name]).toBe(get.response?.headers[name]);
    }
    expect(head.response?.body.length).toBe(0);
  });

  test('HEAD on the wire: a head and not one byte more', async () => {
    const { response, received } = await sendRaw(server.address, 'HEAD /index.html HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n');
    expect(response?.status).toBe(200);
    expect(response?.problems).toEqual([]);
    expect(received.toString('latin1').endsWith('\r\n\r\n')).toBe(true);
  });

  test('HEAD for a missing file: 404 without a body', async () => {
    const { response } = await request(server.address, { method: 'HEAD', path: '/nothing.html' });
    expect(response?.status).toBe(404);
    expect(response?.body.length).toBe(0);
  });

  test.each(['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'])('%s gets 405 with Allow: GET, HEAD', async (method) => {
    const { response } = await request(server.address, { method, path: '/index.html', body: method === 'DELETE' ? undefined : 'x=1' });
    expect(response?.status).toBe(405);
    expect(response?.headers.allow).toBe('GET, HEAD');
  });

  test('a POST whose chunked body is broken gets its 405 and nothing more: one request, one answer', async () => {
    const { received, closedByServer } = await sendRaw(
      server.address,
      'POST /index.html HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n',
    );
    expect(closedByServer).toBe(true);
    expect(received.toString('latin1').match(/^HTTP\/1\.1 \d{3}/gm)).toEqual(['HTTP/1.1 405']);
  });

  test('a GET whose chunked body is broken gets one answer, never none, and the server goes on', async () => {
    const { received, closedByServer } = await sendRaw(server.address, 'GET /index.html HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n');
    expect(closedByServer).toBe(true);
    // The 400 when the body broke before the file was found (this server's case: it asks the disk
    // first); a server that answers at once from memory (lesson 14) has sent its 200 already.
    const answers = received.toString('latin1').match(/^HTTP\/1\.1 \d{3}/gm) ?? [];
    expect(answers).toHaveLength(1);
    expect(['HTTP/1.1 400', 'HTTP/1.1 200']).toContain(answers[0]);
    // The handler was still looking for the file: its late answer must not crash anything.
    const { response } = await request(server.address, { path: '/index.html' });
    expect(response?.status).toBe(200);
  });

  test('the file is still there after a DELETE', async () => {
    await request(server.address, { method: 'DELETE', path: '/index.html' });
    const { response } = await request(server.address, { path: '/index.html' });
    expect(response?.status).toBe(200);
  });
});

describe('keep-alive', () => {
  test('two files on one connection arrive whole, one after the other', async () => {
    const { received, closedByServer } = await sendRaw(server.address, [
      'GET /style.css HTTP/1.1\r\nHost: test\r\n\r\n',
      'GET /logo.png HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n',
    ]);
    expect(closedByServer).toBe(true);
    // The PNG's bytes sit at the very end, after the whole CSS response and the PNG's head.
    expect(received.subarray(received.length - demoFile('logo.png').length).equals(demoFile('logo.png'))).toBe(true);
    expect(received.toString('latin1').match(/HTTP\/1\.1 200 OK/g)).toHaveLength(2);
  });
});
