import { utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { request } from '@workbook/testkit';
import { startServer, type RunningServer } from './start-server.ts';
import { makeTempSite, type TempSite } from './temp-site.ts';

let site: TempSite;
let server: RunningServer;
beforeAll(async () => {
  site = makeTempSite();
  server = await startServer({ root: site.root });
});
afterAll(async () => {
  await server.stop();
  site.remove();
});

/** A first visit: the file, with the labels a browser would keep. */
async function firstVisit(file: string) {
  const { response } = await request(server.address, { path: file });
  expect(response?.status).toBe(200);
  return { etag: response?.headers.etag ?? '', lastModified: response?.headers['last-modified'] ?? '' };
}

describe('the labels sent with every file', () => {
  test('ETag, Last-Modified, and Cache-Control: no-cache', async () => {
    const { response } = await request(server.address, { path: '/style.css' });
    expect(response?.headers.etag).toMatch(/^W\/"[0-9a-f]+-[0-9a-f]+"$/);
    expect(new Date(response?.headers['last-modified'] ?? '').getTime()).not.toBeNaN();
    expect(response?.headers['cache-control']).toBe('no-cache');
  });

  test('the same file twice gets the same tag', async () => {
    expect((await firstVisit('/style.css')).etag).toBe((await firstVisit('/style.css')).etag);
  });

  test('two different files get different tags', async () => {
    expect((await firstVisit('/style.css')).etag).not.toBe((await firstVisit('/index.html')).etag);
  });
});

describe('304 Not Modified', () => {
  test('If-None-Match with the tag: 304, the labels again, and no body', async () => {
    const { etag } = await firstVisit('/style.css');
    const { response } = await request(server.address, { path: '/style.css', headers: { 'if-none-match': etag } });
    expect(response?.status).toBe(304);
    expect(response?.headers.etag).toBe(etag);
    expect(response?.body.length).toBe(0);
  });

  test('If-Modified-Since with the date: 304', async () => {
    const { lastModified } = await firstVisit('/logo.png');
    const { response } = await request(server.address, { path: '/logo.png', headers: { 'if-modified-since': lastModified } });
    expect(response?.status).toBe(304);
    expect(response?.body.length).toBe(0);
  });

  test('HEAD with the tag: 304 too', async () => {
    const { etag } = await firstVisit('/index.html');
    const { response } = await request(server.address, { method: 'HEAD', path: '/index.html', headers: { 'if-none-match': etag } });
    expect(response?.status).toBe(304);
  });

  test("a folder's page can be 304 as well", async () => {
    const { etag } = await firstVisit('/guide/');
    const { response } = await request(server.address, { path: '/guide/', headers: { 'if-none-match': etag } });
    expect(response?.status).toBe(304);
  });
});

describe("200 when the browser's copy is out of date", () => {
  test('another tag: the whole file', async () => {
    const { response } = await request(server.address, { path: '/style.css', headers: { 'if-none-match': 'W/"0-0"' } });
    expect(response?.status).toBe(200);
    expect(response?.body.length).toBeGreaterThan(0);
  });

  test('an older date: the whole file', async () => {
    const { response } = await request(server.address, { path: '/style.css', headers: { 'if-modified-since': 'Thu, 01 Jan 1970 00:00:00 GMT' } });
    expect(response?.status).toBe(200);
  });

  test('If-None-Match wins over If-Modified-Since: a stale tag with a fresh date is 200', async () => {
    const { lastModified } = await firstVisit('/style.css');
    const headers = { 'if-none-match': 'W/"0-0"', 'if-modified-since': lastModified };
    const { response } = await request(server.address, { path: '/style.css', headers });
    expect(response?.status).toBe(200);
  });

  test('after the file changes, the old tag no longer matches', async () => {
    const file = path.join(site.root, 'changing.txt');
    writeFileSync(file, 'version 1');
    // Pin the change times, so the test does not depend on how fine the disk's clock is.
    utimesSync(file, new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'));
    const before = await firstVisit('/changing.txt');

    writeFileSync(file, 'version 2');
    utimesSync(file, new Date('2026-01-02T00:00:00Z'), new Date('2026-01-02T00:00:00Z'));
    const { response } = await request(server.address, { path: '/changing.txt', headers: { 'if-none-match': before.etag } });
    expect(response?.status).toBe(200);
    expect(response?.text).toBe('version 2');
    expect(response?.headers.etag).not.toBe(before.etag);
  });
});
