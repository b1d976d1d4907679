/**
 * Steps 3 and 4 keep what the file system said. These tests change the disk under a running
 * server and ask again at once, right after the fs call returns: the answer must always be what
 * is on disk now, and never a byte from outside the site.
 *
 * Every file is first asked for once, so that it really is in the cache (each test checks that)
 * before it is changed. A file saved a moment ago is not kept (check-on-use.ts, SETTLE_MS), so
 * the sites are made first, and the tests wait that long once, before any of them starts.
 */
import { mkdirSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { listenForTests, request, type ServerUnderTest } from '@workbook/testkit';
import { canLink, makeTempSite, type TempSite } from 'lesson-04-file-server/test/temp-site.ts';
import { SETTLE_MS } from '../src/3-cache/check-on-use.ts';
import { FileCache } from '../src/3-cache/file-cache.ts';
import { createServer as createCachingServer, type FastServerOptions } from '../src/3-cache/server.ts';
import { createServer as createSendingServer } from '../src/4-sending/server.ts';

// Each step keeps its own kind of entry; these tests only count them.
type AnyCache = FileCache<never>;
const steps: Array<[string, (options: FastServerOptions & { cache: AnyCache }) => http.Server]> = [
  ['step 3', (options) => createCachingServer(options as FastServerOptions)],
  ['step 4', (options) => createSendingServer(options as Parameters<typeof createSendingServer>[0])],
];

/** A site with the files the tests below change, and a folder outside it full of the secret. */
function makeChangingSite(): TempSite {
  const site = makeTempSite();
  const file = (fileName: string) => path.join(site.root, fileName);
  writeFileSync(file('same-size.txt'), 'version A');
  writeFileSync(file('grows.txt'), 'short');
  writeFileSync(file('removed.txt'), 'soon gone');
  writeFileSync(file('swapped.txt'), 'harmless');
  writeFileSync(file('one.txt'), 'one');
  writeFileSync(file('two.txt'), 'two');
  mkdirSync(file('docs'));
  writeFileSync(file('docs/page.txt'), 'a page');
  writeFileSync(file('docs/index.html'), 'the docs');
  // What a link swapped in for docs/ would lead to: files outside the root, full of the secret.
  mkdirSync(path.join(site.dir, 'outside'));
  writeFileSync(path.join(site.dir, 'outside', 'page.txt'), site.secret);
  writeFileSync(path.join(site.dir, 'outside', 'index.html'), site.secret);
  if (canLink) symlinkSync('one.txt', file('alias.txt'));
  return site;
}

// Every site is made first, and then the tests wait SETTLE_MS once, for all of them.
const changingSites = new Map<string, TempSite>();
const plainSites = new Map<string, TempSite>();
beforeAll(async () => {
  for (const [name] of steps) {
    changingSites.set(name, makeChangingSite());
    plainSites.set(name, makeTempSite());
  }
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS + 100));
}, SETTLE_MS + 5_000);
afterAll(() => {
  for (const site of [...changingSites.values(), ...plainSites.values()]) site.remove();
});

describe.each(steps)('%s: a change on disk is seen at once', (name, createServer) => {
  let site: TempSite;
  let cache: AnyCache;
  let server: ServerUnderTest;
  const file = (fileName: string) => path.join(site.root, fileName);
  const get = async (target: string) => (await request(server.address, { path: target })).response;

  /** Asks for `target` and checks the answer is now kept in the cache. */
  async function cached(target: string, text: string) {
    const response = await get(target);
    expect(response?.status).toBe(200);
    expect(response?.text).toBe(text);
    expect(cache.get(target), `${target} is in the cache`).toBeDefined();
    return response;
  }

  beforeAll(async () => {
    site = changingSites.get(name) as TempSite;
    cache = new FileCache();
    server = await listenForTests(createServer({ root: site.root, log: false, cache }));
  });
  afterAll(() => server.stop());

  test('a file changed to other bytes of the same size', async () => {
    const before = await cached('/same-size.txt', 'version A');
    writeFileSync(file('same-size.txt'), 'version B');
    const after = await get('/same-size.txt');
    expect(after?.text).toBe('version B');
    expect(after?.headers.etag).not.toBe(before?.headers.etag);
  });

  test('a file changed to another size', async () => {
    await cached('/grows.txt', 'short');
    writeFileSync(file('grows.txt'), 'much longer than before');
    const after = await get('/grows.txt');
    expect(after?.text).toBe('much longer than before');
    expect(after?.headers['content-length']).toBe('23');
  });

  test('a removed file is 404', async () => {
    await cached('/removed.txt', 'soon gone');
    unlinkSync(file('removed.txt'));
    expect((await get('/removed.txt'))?.status).toBe(404);
  });

  test('an added file is found at once: "not found" is never kept', async () => {
    expect((await get('/added.txt'))?.status).toBe(404);
    writeFileSync(file('added.txt'), 'new here');
    const after = await get('/added.txt');
    expect(after?.status).toBe(200);
    expect(after?.text).toBe('new here');
  });

  test('a file changed a moment ago is sent, but not kept yet', async () => {
    writeFileSync(file('fresh.txt'), 'just saved');
    expect((await get('/fresh.txt'))?.text).toBe('just saved');
    expect(cache.get('/fresh.txt')).toBeUndefined();
  });

  describe.skipIf(!canLink)('links swapped in after the file was cached (not on Windows)', () => {
    test('a file replaced by a link to a file outside the root is 404', async () => {
      await cached('/swapped.txt', 'harmless');
      unlinkSync(file('swapped.txt'));
      symlinkSync(path.join('..', 'secret.txt'), file('swapped.txt'));
      const after = await get('/swapped.txt');
      expect(after?.status).toBe(404);
      expect(after?.text).not.toContain(site.secret);
    });

    test('a folder replaced by a link to a folder outside the root is 404, for a file and for its index.html', async () => {
      await cached('/docs/page.txt', 'a page');
      await cached('/docs/', 'the docs');
      renameSync(file('docs'), file('docs-old'));
      symlinkSync(path.join('..', 'outside'), file('docs'));
      for (const target of ['/docs/page.txt', '/docs/']) {
        const after = await get(target);
        expect(after?.status).toBe(404);
        expect(after?.text).not.toContain(site.secret);
      }
    });

    test('a link inside the root pointed at another file serves the new file', async () => {
      await cached('/alias.txt', 'one');
      unlinkSync(file('alias.txt'));
      symlinkSync('two.txt', file('alias.txt'));
      expect((await get('/alias.txt'))?.text).toBe('two');
    });
  });
});

describe.each(steps)('%s: the cache stays within its limits', (name, createServer) => {
  let site: TempSite;
  beforeAll(() => {
    site = plainSites.get(name) as TempSite;
  });

  // 5,000 over the wire take a second or two; file-cache.test.ts sends the cache itself 100,000.
  test("an attacker's 5,000 distinct query strings do not grow it past its cap", async () => {
    const cache: AnyCache = new FileCache({ maxEntries: 500 });
    const server = await listenForTests(createServer({ root: site.root, log: false, cache }));
    try {
      const answered = await pipelineHeads(server, 5_000, (i) => `/style.css?${i}`);
      expect(answered).toBe(5_000);
      expect(cache.size).toBe(500);
      // The newest stay, the oldest went first.
      expect(cache.get('/style.css?4999')).toBeDefined();
      expect(cache.get('/style.css?0')).toBeUndefined();
    } finally {
      await server.stop();
    }
  });

  test('the bytes are capped too', async () => {
    rmSync(path.join(site.root, '404.html'));
    const cache: AnyCache = new FileCache({ maxBytes: 10_000 });
    const server = await listenForTests(createServer({ root: site.root, log: false, cache }));
    try {
      await pipelineHeads(server, 100, (i) => `/index.html?${i}`);
      expect(cache.bytes).toBeLessThanOrEqual(10_000);
      expect(cache.size).toBeGreaterThan(0);
    } finally {
      await server.stop();
    }
  });
});

/**
 * Sends `count` HEAD requests on 4 connections, all at once without waiting (HTTP/1.1 pipelining,
 * so thousands take a second, not a minute), and counts the answers. A HEAD answer ends at its empty
 * line, so counting empty lines counts answers.
 */
async function pipelineHeads(server: ServerUnderTest, count: number, target: (i: number) => string): Promise<number> {
  const net = await import('node:net');
  const connections = 4;
  const counts = await Promise.all(
    Array.from({ length: connections }, (_, c) => {
      const requests: string[] = [];
      for (let i = c; i < count; i += connections) requests.push(`HEAD ${target(i)} HTTP/1.1\r\nHost: test\r\n\r\n`);
      return new Promise<number>((resolve, reject) => {
        const socket = net.connect(server.address.port, server.address.host);
        let answers = 0;
        let tail = '';
        socket.setEncoding('latin1');
        socket.on('data', (chunk: string) => {
          const text = tail + chunk;
          answers += text.split('\r\n\r\n').length - 1;
          tail = text.slice(text.lastIndexOf('\r\n\r\n') + 4).slice(-3);
          if (answers === requests.length) {
            socket.destroy();
            resolve(answers);
          }
        });
        socket.on('error', reject);
        socket.write(requests.join(''));
      });
    }),
  );
  return counts.reduce((sum, n) => sum + n, 0);
}
