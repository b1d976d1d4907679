/**
 * Every kind of bad post gets its own clear answer, and none of them changes the board: after
 * each one, the page and the file are exactly what they were before. The posts come from someone
 * signed in (`user`), so what is refused is the post itself; new in this lesson: posts from nobody,
 * and Cookie headers that are garbage.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sendRaw, type Chunk, type RawExchange } from '@workbook/testkit';
import { MAX_FORM_BYTES } from '../src/read-form.ts';
import { request } from '@workbook/testkit';
import { clearBoard, FORM_TYPE, postForm, postMessage, shownMessages, signedUp, type Person, type ShownMessage } from './board-client.ts';
import { startBoard, type RunningBoard } from './start-server.ts';

let board: RunningBoard;
let user: Person;
let admin: Person;
beforeAll(async () => {
  board = await startBoard();
  user = await signedUp(board);
  admin = await signedUp(board, board.admin ?? 'admin');
  // A board with something on it, so that a wrong clear or a wrong save would show.
  await postMessage(user, 'already here');
});
afterAll(() => board.stop());

interface Snapshot {
  page: ShownMessage[];
  file: string;
}

async function snapshot(): Promise<Snapshot> {
  return { page: await shownMessages(board), file: readFileSync(board.file, 'utf8') };
}

/** The head of a POST, as bytes on the wire; the headers are given as `Name: value` lines. */
function postHead(path: string, headers: string[], cookie = user.cookie): string {
  return [`POST ${path} HTTP/1.1`, `Host: 127.0.0.1:${board.address.port}`, `Cookie: ${cookie}`, ...headers].join('\r\n') + '\r\n\r\n';
}

/** A raw form post with an honest Content-Length. */
function rawPost(path: string, contentType: string | undefined, body: Buffer | string, cookie = user.cookie): Promise<RawExchange> {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const type = contentType === undefined ? [] : [`Content-Type: ${contentType}`];
  return sendRaw(board.address, [Buffer.from(postHead(path, [...type, `Content-Length: ${bytes.length}`], cookie)), bytes], { until: 'response' });
}

/** One chunk of a chunked body: its size in hex, the bytes, and a line end. */
function chunk(bytes: string): string {
  return `${Buffer.byteLength(bytes).toString(16)}\r\n${bytes}\r\n`;
}

describe('413: a body over 10 KB', () => {
  test('a Content-Length over the limit is refused before any of the body is sent', async () => {
    const before = await snapshot();
    const head = postHead('/messages', [`Content-Type: ${FORM_TYPE}`, `Content-Length: ${MAX_FORM_BYTES + 1}`]);
    const exchange = await sendRaw(board.address, head);
    expect(exchange.response?.status).toBe(413);
    expect(exchange.response?.body.toString()).toContain(`at most ${MAX_FORM_BYTES} bytes`);
    expect(exchange.closedByServer).toBe(true);
    expect(await snapshot()).toEqual(before);
  });

  test('a chunked body, whose length is never announced, is refused when it grows past the limit', async () => {
    const before = await snapshot();
    const body = `message=${'a'.repeat(MAX_FORM_BYTES)}`;
    const head = postHead('/messages', [`Content-Type: ${FORM_TYPE}`, 'Transfer-Encoding: chunked']);
    const exchange = await sendRaw(board.address, [head, chunk(body), '0\r\n\r\n']);
    expect(exchange.response?.status).toBe(413);
    expect(await snapshot()).toEqual(before);
  });

  test('a chunked body that keeps on coming is refused while it is still arriving', async () => {
    const before = await snapshot();
    const head = postHead('/messages', [`Content-Type: ${FORM_TYPE}`, 'Transfer-Encoding: chunked']);
    // 40 KB in 1 KB writes, and no final 0-chunk: a server that waits for the end waits forever.
    const pieces: Chunk[] = [head, chunk('message='), ...Array.from({ length: 40 }, () => chunk('b'.repeat(1024)))];
    const exchange = await sendRaw(board.address, pieces, { pauseMs: 5, timeoutMs: 5000 });
    expect(exchange.response?.status).toBe(413);
    expect(exchange.writesBeforeAnswer).toBeLessThan(pieces.length);
    expect(await snapshot()).toEqual(before);
  });

  test('a body of exactly 10 KB is still accepted', async () => {
    const text = 'c'.repeat(MAX_FORM_BYTES - 'message='.length);
    const exchange = await rawPost('/messages', FORM_TYPE, `message=${text}`);
    expect(exchange.response?.status).toBe(303);
    expect((await shownMessages(board)).at(-1)?.text).toBe(text);
    // Back to the one message the other tests expect.
    await clearBoard(admin);
    await postMessage(user, 'already here');
  });
});

describe('415: a body that is not a form', () => {
  test.each([
    ['text/plain', 'message=hello'],
    ['application/json', '{"message":"hello"}'],
    ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="message"\r\n\r\nhello\r\n--x--\r\n'],
    [undefined, 'message=hello'],
  ])('Content-Type %s gets 415', async (contentType, body) => {
    const before = await snapshot();
    const exchange = await rawPost('/messages', contentType, body);
    expect(exchange.response?.status).toBe(415);
    expect(exchange.response?.body.toString()).toContain(FORM_TYPE);
    expect(await snapshot()).toEqual(before);
  });

  test('a Clear that is not a form clears nothing', async () => {
    const before = await snapshot();
    const exchange = await rawPost('/clear', 'text/plain', 'clear', admin.cookie);
    expect(exchange.response?.status).toBe(415);
    expect(await snapshot()).toEqual(before);
  });
});

describe('400: a form that is broken', () => {
  test.each([
    ['a % not followed by two hex digits', 'message=%zz'],
    ['a % cut short', 'message=abc%4'],
    ['a % at the very end', 'message=100%'],
    ['an escape that is not UTF-8', 'message=%FF'],
    ['a broken UTF-8 sequence', 'message=%C3%28'],
    ['no message field', 'text=hello'],
    ['two message fields', 'message=one&message=two'],
    ['an empty body', ''],
  ])('%s gets 400', async (_what, body) => {
    const before = await snapshot();
    const { response } = await postForm(user, '/messages', body);
    expect(response?.status).toBe(400);
    expect(response?.text).toContain('Nothing was saved');
    expect(await snapshot()).toEqual(before);
  });

  test('raw bytes that are not UTF-8 get 400', async () => {
    const before = await snapshot();
    const exchange = await rawPost('/messages', FORM_TYPE, Buffer.from([...Buffer.from('message='), 0xff, 0xfe]));
    expect(exchange.response?.status).toBe(400);
    expect(await snapshot()).toEqual(before);
  });
});

describe('422: an empty message', () => {
  test.each([
    ['empty', ''],
    ['only spaces', '    '],
    ['only line breaks and tabs', '\r\n\t\r\n'],
  ])('%s: the board is shown again with the reason, and nothing is saved', async (_what, text) => {
    const before = await snapshot();
    const { response } = await postMessage(user, text);
    expect(response?.status).toBe(422);
    expect(response?.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response?.text).toMatch(/<p class="error" role="alert">Your message was empty, so it was not saved\./);
    expect(response?.text).toContain('<p>already here</p>');
    expect(await snapshot()).toEqual(before);
  });
});

describe('403: a post from another site', () => {
  test.each([
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site (another port on the same host)', { 'sec-fetch-site': 'same-site' }],
    ['an Origin of another site', { origin: 'http://evil.example' }],
    ['an Origin on another port', { origin: 'http://127.0.0.1:1' }],
    ['Origin: null (a sandboxed page)', { origin: 'null' }],
  ])('%s gets 403 and saves nothing', async (_what, headers) => {
    const before = await snapshot();
    // Without the board's own origin: these are the only browser headers on the request.
    // With the cookie: on another port of the same host, SameSite=Lax does not keep it back.
    const { response } = await postMessage({ address: board.address, cookie: user.cookie }, 'forged', headers);
    expect(response?.status).toBe(403);
    expect(response?.text).toContain('Nothing was changed');
    expect(await snapshot()).toEqual(before);
  });

  test('a Clear from another site clears nothing', async () => {
    const before = await snapshot();
    const { response } = await clearBoard({ address: board.address, cookie: admin.cookie }, { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(response?.status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  test('a forged post is refused before its body is read: even a huge one gets 403, not 413', async () => {
    const before = await snapshot();
    const head = postHead('/messages', [`Content-Type: ${FORM_TYPE}`, 'Origin: http://evil.example', `Content-Length: ${MAX_FORM_BYTES * 10}`]);
    const exchange = await sendRaw(board.address, head);
    expect(exchange.response?.status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });
});

describe('403: a post from nobody', () => {
  test.each([
    ['no cookie at all', undefined],
    ['a cookie of another name', 'theme=dark'],
    ['an empty session cookie', 'session='],
    ['a session cookie that is garbage', 'session=%00%ff;;;=='],
  ])('%s: refused before the body is read, and nothing is saved', async (_what, cookie) => {
    const before = await snapshot();
    const { response } = await postMessage({ address: board.address, ...(cookie !== undefined && { cookie }) }, 'from nobody');
    expect(response?.status).toBe(403);
    expect(response?.text).toContain('you are not signed in');
    expect(await snapshot()).toEqual(before);
  });

  test('even a huge post from nobody gets 403, not 413: nobody gets to make the board read a body', async () => {
    const before = await snapshot();
    const head = [`POST /messages HTTP/1.1`, `Host: 127.0.0.1:${board.address.port}`, `Content-Type: ${FORM_TYPE}`, `Content-Length: ${MAX_FORM_BYTES * 10}`].join('\r\n');
    const exchange = await sendRaw(board.address, `${head}\r\n\r\n`);
    expect(exchange.response?.status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });
});

describe('a Cookie header that is garbage', () => {
  test('a Cookie header of 100 KB is refused by node (431), and the board keeps serving', async () => {
    const huge = `session=${'a'.repeat(100 * 1024)}`;
    const head = [`GET / HTTP/1.1`, `Host: 127.0.0.1:${board.address.port}`, `Cookie: ${huge}`].join('\r\n');
    const exchange = await sendRaw(board.address, `${head}\r\n\r\n`);
    expect(exchange.response?.status).toBe(431);
    expect((await request(board.address)).response?.status).toBe(200);
  });

  test.each([
    ['no = at all', 'session'],
    ['only separators', ';;; ;'],
    ['a value with a space and a quote inside', 'session=ab "c'],
    ['a thousand cookies, none ours', Array.from({ length: 1000 }, (_, index) => `c${index}=${index}`).join('; ')],
  ])('%s: the page is shown, signed out', async (_what, cookie) => {
    const { response } = await request(board.address, { headers: { cookie } });
    expect(response?.status).toBe(200);
    expect(response?.text).toContain('You are not signed in');
  });

  test('control characters in the Cookie header: node refuses the request (400), and the board keeps serving', async () => {
    const head = [`GET / HTTP/1.1`, `Host: 127.0.0.1:${board.address.port}`, 'Cookie: session=\x01\x02\x7f'].join('\r\n');
    const exchange = await sendRaw(board.address, `${head}\r\n\r\n`);
    expect(exchange.response?.status).toBe(400);
    expect((await request(board.address)).response?.status).toBe(200);
  });

  test('the real cookie among the garbage still counts', async () => {
    const { response } = await request(board.address, { headers: { cookie: `junk; =nothing; a=b"c; ${user.cookie}; other=1` } });
    expect(response?.text).toContain(`Signed in as <b id="viewer">${user.name}</b>`);
  });
});
