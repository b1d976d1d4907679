/**
 * The board doing its job, over real HTTP: the page, posting, post/redirect/get, escaping,
 * clearing, and the answers for paths and methods it does not have. As in lesson 5, with one
 * change: posting takes someone signed in (`user`), and clearing takes the admin.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { request } from '@workbook/testkit';
import { clearBoard, fileMessages, getPage, postMessage, shownMessages, signedUp, type Person } from './board-client.ts';
import { startBoard, type RunningBoard } from './start-server.ts';

let board: RunningBoard;
let user: Person;
let admin: Person;
beforeAll(async () => {
  board = await startBoard();
  user = await signedUp(board);
  admin = await signedUp(board, board.admin ?? 'admin');
});
afterAll(() => board.stop());
beforeEach(async () => {
  await clearBoard(admin);
});

/** A message nobody could hard-code. */
const someText = () => `hello ${randomUUID().slice(0, 8)}`;

describe('GET /', () => {
  test('shows the board: a heading, the list, a form with a textarea and Save', async () => {
    const { response } = await request(board.address, { headers: { cookie: user.cookie } });
    expect(response?.status).toBe(200);
    expect(response?.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response?.headers['content-length']).toBe(String(response?.body.length));
    const html = response?.text ?? '';
    expect(html).toMatch(/<h1>Message board<\/h1>/);
    expect(html).toContain('<ol id="messages">');
    expect(html).toContain('<form method="post" action="/messages">');
    expect(html).toMatch(/<textarea id="message" name="message"[^>]*>/);
    expect(html).toContain('<button type="submit">Save</button>');
    expect(html).toContain('No messages yet');
  });

  test('signed out, the page has no form: it links to sign in and sign up instead', async () => {
    const html = await getPage(board);
    expect(html).not.toContain('<textarea');
    expect(html).toContain('<a href="/sign-in">Sign in</a>');
    expect(html).toContain('<a href="/sign-up">sign up</a>');
  });

  test("the Clear button is on the admin's page only", async () => {
    expect(await getPage(admin)).toContain('<form method="post" action="/clear">');
    expect(await getPage(user)).not.toContain('action="/clear"');
    expect(await getPage(board)).not.toContain('action="/clear"');
  });

  test('the page is never cached: it shows who is signed in', async () => {
    const { response } = await request(board.address);
    expect(response?.headers['cache-control']).toBe('no-store');
  });

  test('sends a Content-Security-Policy that allows no script and posts forms only to the board', async () => {
    const { response } = await request(board.address);
    const policy = response?.headers['content-security-policy'] ?? '';
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("form-action 'self'");
    expect(policy).not.toContain('script-src');
  });

  test('HEAD gets the same headers and no body', async () => {
    const { response } = await request(board.address, { method: 'HEAD' });
    expect(response?.status).toBe(200);
    expect(Number(response?.headers['content-length'])).toBeGreaterThan(0);
    expect(response?.body.length).toBe(0);
  });

  test('a query string does not change the page: /?page=2 is the board', async () => {
    const { response } = await request(board.address, { path: '/?page=2' });
    expect(response?.status).toBe(200);
    expect(response?.text).toContain('<ol id="messages">');
  });
});

describe('posting a message', () => {
  test('POST /messages answers 303 See Other with Location: /, and no body', async () => {
    const { response } = await postMessage(user, someText());
    expect(response?.status).toBe(303);
    expect(response?.headers.location).toBe('/');
    expect(response?.body.length).toBe(0);
  });

  test('the page then shows the message, with the time it was posted', async () => {
    const text = someText();
    const before = new Date().toISOString();
    await postMessage(user, text);
    const after = new Date().toISOString();
    const [shown = { text: '', author: '', postedAt: '' }] = await shownMessages(board);
    expect(shown.text).toBe(text);
    expect(shown.author).toBe(user.name);
    // ISO times in UTC sort like text, so these compare as times.
    expect(shown.postedAt >= before && shown.postedAt <= after).toBe(true);
    expect(await getPage(board)).toContain(`<time datetime="${shown.postedAt}">`);
  });

  test('messages appear in the order they were posted', async () => {
    const texts = [someText(), someText(), someText()];
    for (const text of texts) await postMessage(user, text);
    expect((await shownMessages(board)).map((message) => message.text)).toEqual(texts);
  });

  test('reloading the page does not post again', async () => {
    const text = someText();
    await postMessage(user, text);
    await getPage(board);
    await getPage(board);
    expect((await shownMessages(board)).filter((message) => message.text === text)).toHaveLength(1);
  });

  test('the message is in the board file, as one JSON line, by the time the 303 arrives', async () => {
    const text = someText();
    const { response } = await postMessage(user, text);
    expect(response?.status).toBe(303);
    expect(fileMessages(board.file)).toEqual(await shownMessages(board));
    expect(fileMessages(board.file).at(-1)?.text).toBe(text);
  });

  test('a post from curl, with neither Origin nor Sec-Fetch-Site (but with the cookie), is accepted', async () => {
    const text = someText();
    const { response } = await postMessage({ address: board.address, cookie: user.cookie }, text);
    expect(response?.status).toBe(303);
    expect((await shownMessages(board)).map((message) => message.text)).toEqual([text]);
  });

  test('non-ASCII text, + signs and % signs survive the trip through the form encoding', async () => {
    const text = `Grüße, 1+1=2, 100% sure 😀 ${someText()}`;
    await postMessage(user, text);
    expect((await shownMessages(board))[0]?.text).toBe(text);
  });

  test('line breaks are kept as \\n, and spaces around the message are dropped', async () => {
    await postMessage(user, '  first line\r\nsecond line \r\n');
    expect((await shownMessages(board))[0]?.text).toBe('first line\nsecond line');
  });
});

describe('escaping', () => {
  test('a message with <script> is shown as text, not run', async () => {
    await postMessage(user, '<script>alert(1)</script>');
    const html = await getPage(board);
    expect(html).toContain('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(html).not.toContain('<script');
  });

  test('all five special characters are escaped: & < > " \'', async () => {
    await postMessage(user, `Tom & Jerry <b>"bold"</b> it's`);
    const html = await getPage(board);
    expect(html).toContain('<p>Tom &amp; Jerry &lt;b&gt;&quot;bold&quot;&lt;/b&gt; it&#39;s</p>');
    expect((await shownMessages(board))[0]?.text).toBe(`Tom & Jerry <b>"bold"</b> it's`);
  });
});

describe('clearing', () => {
  test('POST /clear answers 303 to /, and the page, the file and a reload all show an empty board', async () => {
    await postMessage(user, someText());
    await postMessage(user, someText());
    const { response } = await clearBoard(admin);
    expect(response?.status).toBe(303);
    expect(response?.headers.location).toBe('/');
    expect(await shownMessages(board)).toEqual([]);
    expect(await getPage(board)).toContain('No messages yet');
    expect(fileMessages(board.file)).toEqual([]);
  });
});

describe('paths and methods the board does not have', () => {
  test.each(['/favicon.ico', '/index.html', `/${randomUUID()}`])('GET %s answers 404', async (path) => {
    const { response } = await request(board.address, { path });
    expect(response?.status).toBe(404);
    expect(response?.headers['content-type']).toBe('text/plain; charset=utf-8');
  });

  test.each(['/messages', '/clear', '/messages/delete', '/sign-out'])('GET %s answers 405 with Allow: POST, and changes nothing', async (path) => {
    const text = someText();
    await postMessage(user, text);
    const { response } = await request(board.address, { path });
    expect(response?.status).toBe(405);
    expect(response?.headers.allow).toBe('POST');
    expect((await shownMessages(board)).map((message) => message.text)).toEqual([text]);
  });

  test('POST / answers 405 with Allow: GET, HEAD', async () => {
    const { response } = await request(board.address, { method: 'POST', path: '/', body: 'message=hi' });
    expect(response?.status).toBe(405);
    expect(response?.headers.allow).toBe('GET, HEAD');
  });

  test('DELETE /messages answers 405: clearing is POST /clear', async () => {
    const { response } = await request(board.address, { method: 'DELETE', path: '/messages' });
    expect(response?.status).toBe(405);
    expect(response?.headers.allow).toBe('POST');
  });
});
