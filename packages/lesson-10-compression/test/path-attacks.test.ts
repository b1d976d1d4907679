/**
 * Every way a path has been used to read files outside a site, sent as raw bytes. A client
 * library would tidy `..` away or encode the backslash before sending, and the server would never
 * see the attack; sendRaw puts the request line on the wire exactly as written here.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { request, sendRaw, type RawExchange } from '@workbook/testkit';
import { startServer, type RunningServer } from './start-server.ts';
import { canLink, makeTempSite, type TempSite } from './temp-site.ts';

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

/** A GET with exactly this target in its request line. */
function rawGet(target: string): Promise<RawExchange> {
  return sendRaw(server.address, `GET ${target} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n`);
}

/** The answer is a refusal, and not one byte of a secret is in it. */
function expectRefused(exchange: RawExchange, status: number) {
  expect(exchange.response?.status).toBe(status);
  expect(exchange.received.toString('latin1')).not.toContain(site.secret);
}

/** After every bad request, an ordinary one must still get its file. */
async function expectStillServing() {
  const { response, error } = await request(server.address, { path: '/index.html' });
  expect(error).toBeUndefined();
  expect(response?.status).toBe(200);
}

describe('climbing out of the site folder, in every spelling', () => {
  test.each([
    ['/../secret.txt', 404, 'plain ..'],
    ['/../../../../../../etc/passwd', 404, 'as many .. as it takes'],
    ['/%2e%2e/secret.txt', 404, 'the dots percent-encoded'],
    ['/%2E%2E/secret.txt', 404, 'in capitals'],
    ['/.%2e/secret.txt', 404, 'half encoded'],
    ['/..%2fsecret.txt', 404, 'the slash encoded'],
    ['/%2e%2e%2fsecret.txt', 404, 'everything encoded'],
    ['/guide/../../secret.txt', 404, 'down one folder, up two'],
    ['//../secret.txt', 404, 'a double slash first'],
    ['/../site-secrets/key.txt', 404, "into a neighbour whose name starts like the site's"],
    ['/%252e%252e/secret.txt', 404, 'encoded twice: decoded once, it is a file named %2e%2e'],
    ['/%252e%252e%252fsecret.txt', 404, 'the slash encoded twice'],
    ['/..%5csecret.txt', 400, 'an encoded backslash'],
    ['/..\\secret.txt', 400, 'a raw backslash'],
    ['/..%255csecret.txt', 404, 'a backslash encoded twice: a file named ..%5csecret.txt'],
    ['/C:/Windows/win.ini', 400, 'a drive letter'],
    ['/c%3a%5cwindows%5cwin.ini', 400, 'an encoded drive letter'],
    ['/%2fetc%2fpasswd', 404, 'an absolute path, encoded: still looked for inside the site'],
  ])('%s gets %i (%s)', async (target, status) => {
    expectRefused(await rawGet(target), status);
    await expectStillServing();
  });
});

describe('NUL bytes', () => {
  test('%00 gets 400, and the server lives on', async () => {
    expectRefused(await rawGet('/%00'), 400);
    await expectStillServing();
  });

  test('a NUL before a harmless extension gets 400', async () => {
    expectRefused(await rawGet('/secret.txt%00.png'), 400);
    await expectStillServing();
  });

  test("a raw NUL byte in the request line is refused by node's parser with 400", async () => {
    expectRefused(await rawGet('/index.html\0'), 400);
    await expectStillServing();
  });
});

describe('hidden files and folders', () => {
  test.each(['/.env', '/.git/config', '/%2eenv', '/.git/', '/.git', '/guide/../.env'])('%s gets 404', async (target) => {
    expectRefused(await rawGet(target), 404);
    await expectStillServing();
  });
});

describe.skipIf(!canLink)('symbolic links (skipped on Windows, where making links needs administrator rights)', () => {
  test('a link to a file outside the root gets 404', async () => {
    expectRefused(await rawGet('/escape.txt'), 404);
    await expectStillServing();
  });

  test('a link to the folder above the root leads nowhere', async () => {
    expectRefused(await rawGet('/way-out/secret.txt'), 404);
    expectRefused(await rawGet('/way-out/'), 404);
    expectRefused(await rawGet('/way-out'), 404);
    await expectStillServing();
  });

  test('a link that stays inside the root is served like its target', async () => {
    const { response } = await request(server.address, { path: '/home.html' });
    expect(response?.status).toBe(200);
    expect(response?.text).toContain('A site served from files');
  });
});

describe('paths the system chokes on get 4xx, never 500', () => {
  test('a path of 10,000 characters gets 414', async () => {
    expectRefused(await rawGet(`/${'a'.repeat(10_000)}`), 414);
    await expectStillServing();
  });

  test('a file name longer than the system allows gets 404', async () => {
    // Short enough for our limit, too long for one name on disk (usually 255 bytes): ENAMETOOLONG.
    expectRefused(await rawGet(`/${'n'.repeat(300)}.html`), 404);
    await expectStillServing();
  });

  test('a path that goes on after a file (/index.html/more) gets 404', async () => {
    expectRefused(await rawGet('/index.html/more'), 404);
    await expectStillServing();
  });

  test.each(['/%zz', '/100%', '/%c3%28'])('broken percent-encoding (%s) gets 400', async (target) => {
    expectRefused(await rawGet(target), 400);
    await expectStillServing();
  });

  test('a full URL instead of a path gets 400', async () => {
    expectRefused(await rawGet('http://example.com/index.html'), 400);
    await expectStillServing();
  });
});

describe('what the error pages say', () => {
  test('a path with HTML in it is shown as text, never as HTML', async () => {
    // A site without its own 404.html, so the server writes the page itself and names the path.
    const bare = makeTempSite();
    rmSync(path.join(bare.root, '404.html'));
    const bareServer = await startServer({ root: bare.root });
    try {
      const { response } = await sendRaw(bareServer.address, 'GET /<script>alert(1)</script> HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n');
      expect(response?.status).toBe(404);
      const page = response?.body.toString('utf8') ?? '';
      expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(page).not.toContain('<script>');
    } finally {
      await bareServer.stop();
      bare.remove();
    }
  });
});
