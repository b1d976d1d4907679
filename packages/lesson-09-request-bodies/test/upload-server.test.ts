/**
 * The upload server over real sockets: uploads in many pieces and in chunks, 100-continue, every
 * refusal, clients that stop half-way, names that try to escape, and after each bad client a good
 * request still answered.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseResponse, random, request, sendRaw, type RawExchange } from '@workbook/testkit';
import { converse } from './conversation.ts';
import { splitResponses } from './responses.ts';
import { startUploadServer, TEST_IDLE_TIMEOUT_MS, type RunningUploadServer } from './start-server.ts';

const MAX_UPLOAD_BYTES = 8 * 1024 * 1024;

let server: RunningUploadServer;
beforeAll(async () => {
  server = await startUploadServer({ maxUploadBytes: MAX_UPLOAD_BYTES });
});
afterAll(() => server.stop());

/** A name no other test uses, so a hard-coded answer or a file left by another test cannot pass. */
const newName = (extension = 'bin') => `${random.word()}-${random.int(1000, 9999)}.${extension}`;

const head = (method: string, target: string, extra: string) => `${method} ${target} HTTP/1.1\r\nHost: test\r\n${extra}\r\n`;

/** The bytes, cut into `count` pieces of uneven sizes. */
function cut(bytes: Buffer, count: number): Buffer[] {
  const pieces: Buffer[] = [];
  let start = 0;
  for (let i = 1; i < count; i++) {
    const end = Math.min(bytes.length, start + random.int(1, Math.ceil((2 * bytes.length) / count)));
    pieces.push(bytes.subarray(start, end));
    start = end;
  }
  pieces.push(bytes.subarray(start));
  return pieces.filter((piece) => piece.length > 0);
}

/** A chunked body: each piece a chunk with its size in hex, some with an extension, and a trailer. */
function chunked(pieces: Buffer[]): Buffer {
  const framed = pieces.flatMap((piece, index) => [Buffer.from(`${piece.length.toString(16)}${index % 3 === 0 ? ';note=ignored' : ''}\r\n`), piece, Buffer.from('\r\n')]);
  return Buffer.concat([...framed, Buffer.from('0\r\nX-Checksum: ignored\r\n\r\n')]);
}

async function stored(name: string): Promise<Buffer | undefined> {
  const { response } = await request(server.address, { path: `/files/${name}` });
  return response?.status === 200 ? response.body : undefined;
}

/** A fresh connection with a fresh request: whatever the last client did, this one is served. */
async function expectStillServing(): Promise<void> {
  const name = newName('txt');
  const body = random.text();
  const { response } = await request(server.address, { method: 'PUT', path: `/files/${name}`, body });
  expect(response?.status).toBe(201);
  expect((await stored(name))?.toString()).toBe(body);
}

/** Nothing under the name, and no temporary file left behind. */
function expectNothingStored(name: string): void {
  expect(server.storedNames()).not.toContain(name);
  expect(server.storedNames().filter((file) => file.startsWith('.'))).toEqual([]);
}

/** One error page, framed, and then the connection closed. */
function expectRefused(exchange: RawExchange, status: number): void {
  expect(exchange.response?.status).toBe(status);
  expect(exchange.response?.problems).toEqual([]);
  expect(exchange.response?.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(exchange.response?.headers['connection']).toBe('close');
  expect(exchange.closedByServer).toBe(true);
}

describe('storing and sending back', () => {
  test('a 5 MB upload in sixty pieces is stored byte for byte, and GET sends exactly those bytes back', async () => {
    const name = newName();
    const body = randomBytes(5 * 1024 * 1024);
    const exchange = await sendRaw(server.address, [head('POST', `/files/${name}`, `Content-Length: ${body.length}\r\nConnection: close\r\n`), ...cut(body, 60)], {
      pauseMs: 1,
      timeoutMs: 10_000,
    });
    expect(exchange.response?.status).toBe(201);
    expect(exchange.response?.headers['location']).toBe(`/files/${name}`);
    expect(exchange.response?.body.toString()).toBe(`Stored ${body.length} bytes at /files/${name}\n`);

    const { response } = await request(server.address, { path: `/files/${name}`, timeoutMs: 10_000 });
    expect(response?.status).toBe(200);
    expect(response?.headers['content-type']).toBe('application/octet-stream');
    expect(response?.headers['content-length']).toBe(String(body.length));
    expect(response?.headers['x-content-type-options']).toBe('nosniff');
    expect(response?.body.equals(body)).toBe(true);
  });

  test('a chunked upload is stored without its framing: sizes, extensions and trailer gone', async () => {
    const name = newName();
    const body = randomBytes(random.int(300_000, 600_000));
    const exchange = await sendRaw(
      server.address,
      [head('POST', `/files/${name}`, 'Transfer-Encoding: chunked\r\nConnection: close\r\n'), ...cut(chunked(cut(body, 40)), 25)],
      { pauseMs: 1 },
    );
    expect(exchange.response?.status).toBe(201);
    expect(readFileSync(path.join(server.filesDir, name)).equals(body)).toBe(true);
  });

  test('PUT stores too; an upload to a name that exists replaces the file', async () => {
    const name = newName('txt');
    const [first, second] = [random.text(), random.text(8)];
    expect((await request(server.address, { method: 'PUT', path: `/files/${name}`, body: first })).response?.status).toBe(201);
    expect((await request(server.address, { method: 'POST', path: `/files/${name}`, body: second })).response?.status).toBe(201);
    expect((await stored(name))?.toString()).toBe(second);
  });

  test('while a new version is arriving, GET still sends the old file whole; once it is complete, the new one', async () => {
    const name = newName('txt');
    const [old, replacement] = [random.text(), randomBytes(200_000)];
    await request(server.address, { method: 'PUT', path: `/files/${name}`, body: old });
    const client = await converse(server.address);
    client.write(head('PUT', `/files/${name}`, `Content-Length: ${replacement.length}\r\nConnection: close\r\n`));
    client.write(replacement.subarray(0, 100_000));
    expect((await stored(name))?.toString()).toBe(old);
    client.write(replacement.subarray(100_000));
    expect(parseResponse(await client.untilClosed(), true)?.status).toBe(201);
    expect((await stored(name))?.equals(replacement)).toBe(true);
  });

  test('10,000 tiny chunks of one byte each are read and stored whole', async () => {
    const name = newName('txt');
    const letters = Buffer.from(Array.from({ length: 10_000 }, () => random.pick([...'abcdefghij'])).join(''));
    const body = Buffer.concat([...letters].map((byte) => Buffer.from(`1\r\n${String.fromCharCode(byte)}\r\n`)));
    const exchange = await sendRaw(server.address, [head('POST', `/files/${name}`, 'Transfer-Encoding: chunked\r\nConnection: close\r\n'), ...cut(body, 30), '0\r\n\r\n'], {
      pauseMs: 1,
    });
    expect(exchange.response?.status).toBe(201);
    expect((await stored(name))?.equals(letters)).toBe(true);
  });

  test('HEAD /files/<name>: the head of the GET, its Content-Length, no body; the connection goes on', async () => {
    const name = newName();
    const body = randomBytes(random.int(70_000, 150_000));
    await request(server.address, { method: 'PUT', path: `/files/${name}`, body });
    const exchange = await sendRaw(server.address, `${head('HEAD', `/files/${name}`, '')}${head('GET', `/files/${name}`, 'Connection: close\r\n')}`);
    const headEnd = exchange.received.indexOf('\r\n\r\n') + 4;
    const first = parseResponse(exchange.received.subarray(0, headEnd), false);
    expect(first?.status).toBe(200);
    expect(first?.headers['content-length']).toBe(String(body.length));
    const second = parseResponse(exchange.received.subarray(headEnd), true);
    expect(second?.status).toBe(200);
    expect(second?.body.equals(body)).toBe(true);
  });

  test('a kept-alive connection carries an upload and then the next request', async () => {
    const name = newName('txt');
    const body = random.text();
    const exchange = await sendRaw(
      server.address,
      `${head('PUT', `/files/${name}`, `Content-Length: ${body.length}\r\n`)}${body}${head('GET', `/files/${name}`, 'Connection: close\r\n')}`,
    );
    const responses = splitResponses(exchange.received);
    expect(responses.map((response) => response.status)).toEqual([201, 200]);
    expect(responses[1]?.body.toString()).toBe(body);
  });
});

describe('Expect: 100-continue', () => {
  test('the head first; 100 Continue; then the body; then 201', async () => {
    const name = newName();
    const body = randomBytes(random.int(100_000, 200_000));
    const client = await converse(server.address);
    client.write(head('POST', `/files/${name}`, `Content-Length: ${body.length}\r\nExpect: 100-continue\r\nConnection: close\r\n`));
    expect(await client.waitFor('\r\n\r\n')).toBe(true);
    expect(client.received().toString('latin1')).toBe('HTTP/1.1 100 Continue\r\n\r\n');
    client.write(body);
    const received = await client.untilClosed();
    const final = parseResponse(received.subarray('HTTP/1.1 100 Continue\r\n\r\n'.length), true);
    expect(final?.status).toBe(201);
    expect((await stored(name))?.equals(body)).toBe(true);
  });

  test.each([
    ['too large', 413, `Content-Length: ${MAX_UPLOAD_BYTES + 1}\r\n`],
    ['a browser form', 415, 'Content-Length: 1000\r\nContent-Type: multipart/form-data; boundary=x\r\n'],
    ['no length at all', 411, ''],
  ])('a refused upload (%s) gets %i instead of 100, and the body is never asked for', async (_name, status, headers) => {
    const name = newName();
    const client = await converse(server.address);
    client.write(head('POST', `/files/${name}`, `${headers}Expect: 100-continue\r\nConnection: close\r\n`));
    const received = await client.untilClosed();
    expect(received.toString('latin1')).not.toContain('100 Continue');
    expect(parseResponse(received, true)?.status).toBe(status);
    expectNothingStored(name);
    await expectStillServing();
  });

  test('an expectation other than 100-continue: 417', async () => {
    expectRefused(await sendRaw(server.address, head('POST', `/files/${newName()}`, 'Content-Length: 3\r\nExpect: 200-ok\r\n')), 417);
    await expectStillServing();
  });
});

describe('what the server refuses', () => {
  const post = (name: string, extra: string, body = '') => `${head('POST', `/files/${name}`, extra)}${body}`;

  test.each([
    ['both Content-Length and Transfer-Encoding', 400, 'Content-Length: 5\r\nTransfer-Encoding: chunked\r\n', '5\r\nhello\r\n0\r\n\r\n'],
    ['a Content-Length that is not a number', 400, 'Content-Length: 5 bytes\r\n', 'hello'],
    ['a negative Content-Length', 400, 'Content-Length: -5\r\n', 'hello'],
    ['two Content-Lengths that disagree', 400, 'Content-Length: 5\r\nContent-Length: 6\r\n', 'hello!'],
    ['a Transfer-Encoding we cannot undo', 501, 'Transfer-Encoding: gzip\r\n', ''],
    ['a body larger than the limit, from its Content-Length alone', 413, `Content-Length: ${MAX_UPLOAD_BYTES + 1}\r\n`, ''],
    ['a chunk larger than the limit, from its size line alone', 413, 'Transfer-Encoding: chunked\r\n', `${(MAX_UPLOAD_BYTES + 1).toString(16)}\r\nthe rest never comes`],
    ['a multipart/form-data body', 415, 'Content-Length: 200\r\nContent-Type: multipart/form-data; boundary=b\r\n', '--b\r\nContent-Disposition: form-data'],
    ['a Content-Type that is not a media type', 415, 'Content-Length: 5\r\nContent-Type: text\r\n', 'hello'],
    ['a chunk size that is not hex', 400, 'Transfer-Encoding: chunked\r\n', 'zz\r\nhello\r\n0\r\n\r\n'],
    ['a chunk size line that never ends', 400, 'Transfer-Encoding: chunked\r\n', '1'.repeat(2000)],
    ['a chunk longer than its size says', 400, 'Transfer-Encoding: chunked\r\n', '5\r\nhello, and more\r\n0\r\n\r\n'],
  ])('%s: %i, nothing stored, the connection closed', async (_name, status, headers, body) => {
    const name = newName();
    expectRefused(await sendRaw(server.address, post(name, headers, body)), status);
    expectNothingStored(name);
    await expectStillServing();
  });

  test('a chunked body that grows past the limit: 413 as soon as it does, and what was stored so far is deleted', async () => {
    const name = newName();
    const chunk = `100000\r\n${'c'.repeat(0x100000)}\r\n`;
    const exchange = await sendRaw(server.address, [head('POST', `/files/${name}`, 'Transfer-Encoding: chunked\r\n'), ...Array.from({ length: 9 }, () => chunk)], {
      pauseMs: 1,
      timeoutMs: 10_000,
    });
    expectRefused(exchange, 413);
    expectNothingStored(name);
    await expectStillServing();
  });

  test('no length on a POST: 411, and since there is no body to skip, the connection carries on', async () => {
    const name = newName();
    const exchange = await sendRaw(server.address, `${post(name, '')}${head('GET', '/headers', 'Connection: close\r\n')}`);
    expect(splitResponses(exchange.received).map((response) => response.status)).toEqual([411, 200]);
    expectNothingStored(name);
  });

  test('a header of 100 KB: 431, and the server carries on', async () => {
    const exchange = await sendRaw(server.address, post(newName(), `X-Big: ${'b'.repeat(100 * 1024)}\r\nContent-Length: 2\r\n`, 'hi'));
    expectRefused(exchange, 431);
    await expectStillServing();
  });
});

describe('a client that stops half-way', () => {
  test('closing its side after 300 KB of 1 MB: 400, no file and no temporary file', async () => {
    const name = newName();
    const exchange = await sendRaw(server.address, [head('POST', `/files/${name}`, 'Content-Length: 1048576\r\n'), randomBytes(300 * 1024)], { endAfterWrite: true });
    expectRefused(exchange, 400);
    expect(exchange.response?.body.toString()).toContain('stopped sending after 307200 bytes of 1048576 bytes');
    expectNothingStored(name);
    await expectStillServing();
  });

  test('dropping the connection in the middle of a chunked body: no file and no temporary file', async () => {
    const name = newName();
    const client = await converse(server.address);
    client.write(head('POST', `/files/${name}`, 'Transfer-Encoding: chunked\r\n'));
    client.write(`10000\r\n${'x'.repeat(0x10000)}\r\n10000\r\n${'y'.repeat(0x8000)}`);
    await waitForLogLine(/^\(refused\) 400 ERR_(INCOMPLETE_BODY|CONNECTION_RESET)$/, () => client.destroy());
    // The refusal is logged when the handler has given up, and it cleans up before giving up.
    expectNothingStored(name);
    await expectStillServing();
  });

  test('going quiet in the middle of a body: 408 after the idle timeout, nothing stored', async () => {
    const name = newName();
    const exchange = await sendRaw(server.address, [head('PUT', `/files/${name}`, 'Content-Length: 100\r\n'), 'only part of it']);
    expectRefused(exchange, 408);
    expectNothingStored(name);
    await expectStillServing();
  });
});

describe('a client that stops reading', () => {
  test('asks for files and reads none of the answers: cut off after the idle timeout, and the server keeps serving', async () => {
    const name = newName();
    const body = randomBytes(6 * 1024 * 1024);
    expect((await request(server.address, { method: 'PUT', path: `/files/${name}`, body })).response?.status).toBe(201);
    // Four answers of 6 MB: more than the system's buffers hold, so the server has to wait for this client.
    const socket = net.connect(server.address.port, server.address.host);
    await once(socket, 'connect');
    socket.pause();
    socket.write(head('GET', `/files/${name}`, '').repeat(4));
    let closed = false;
    socket.on('close', () => (closed = true));
    socket.on('error', () => {});
    // Silent for many idle timeouts; then read whatever the server let through before it gave up.
    await new Promise((resolve) => setTimeout(resolve, 10 * TEST_IDLE_TIMEOUT_MS));
    let received = 0;
    socket.on('data', (data: Buffer) => (received += data.length));
    socket.resume();
    for (let i = 0; i < 150 && !closed; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    socket.destroy();
    expect(closed).toBe(true);
    expect(received).toBeLessThan(4 * body.length);
    await expectStillServing();
  });
});

/** Calls `act` (once the line count is known), then waits until a log line matches `pattern`. */
async function waitForLogLine(pattern: RegExp, act: () => void): Promise<void> {
  const before = server.lines.length;
  act();
  for (let i = 0; i < 100; i++) {
    if (server.lines.slice(before).some((line) => pattern.test(line))) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`No log line matched ${pattern}; the log has: ${JSON.stringify(server.lines.slice(before))}`);
}

describe('names that could escape the folder', () => {
  test.each([
    '../escape.txt',
    '..%2fescape.txt',
    '%2e%2e%2fescape.txt',
    '..',
    'a/../../escape.txt',
    'sub/escape.txt',
    '..\\escape.txt',
    '.hidden',
    'escape.txt.',
    'a%00b',
    'c:escape.txt',
    'con.txt',
    'NUL',
    'x'.repeat(101),
    '',
  ])('POST and GET /files/%s: 400, nothing written anywhere', async (name) => {
    const before = server.storedNames();
    const body = random.text();
    const upload = await sendRaw(server.address, `${head('POST', `/files/${name}`, `Content-Length: ${body.length}\r\nConnection: close\r\n`)}${body}`);
    expect(upload.response?.status).toBe(400);
    const download = await sendRaw(server.address, head('GET', `/files/${name}`, 'Connection: close\r\n'));
    expect(download.response?.status).toBe(400);
    expect(server.storedNames()).toEqual(before);
    expect(server.namesBesideFilesDir()).toEqual([]);
    await expectStillServing();
  });

  test('a safe name that was never stored: 404', async () => {
    const { response } = await request(server.address, { path: `/files/${newName()}` });
    expect(response?.status).toBe(404);
  });
});

describe('the pages', () => {
  test('GET / lists the stored files, with links, and shows the curl commands', async () => {
    const name = newName('txt');
    await request(server.address, { method: 'PUT', path: `/files/${name}`, body: 'listed' });
    const { response } = await request(server.address, { path: '/' });
    expect(response?.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response?.text).toContain(`<a href="/files/${name}">${name}</a> (6 bytes)`);
    expect(response?.text).toContain('curl -i -T notes.txt');
    expect(response?.text).not.toContain('.upload-');
  });

  test('GET / escapes the Host header it quotes in the commands', async () => {
    const exchange = await sendRaw(server.address, 'GET / HTTP/1.1\r\nHost: <b>x</b>\r\nConnection: close\r\n\r\n');
    expect(exchange.response?.body.toString()).toContain('http://&lt;b&gt;x&lt;/b&gt;/files/');
    expect(exchange.response?.body.toString()).not.toContain('<b>x</b>');
  });

  test('GET /headers shows the headers as read: by name, repeated ones kept, Accept as a list, Content-Type parameters', async () => {
    const [tagA, tagB] = [random.word(), random.word()];
    const userAgent = `Tester/${random.int(1, 9)}.0 (X11, Linux)`;
    const exchange = await sendRaw(
      server.address,
      `GET /headers HTTP/1.1\r\nHost: test\r\nuser-AGENT: ${userAgent}\r\nX-Tag: ${tagA}\r\nx-tag: ${tagB}\r\nAccept: text/html, text/plain;q=0.9, "odd,one"/x\r\nContent-Type: Text/Plain; Charset="utf-8"\r\nConnection: close\r\n\r\n`,
    );
    const text = exchange.response?.body.toString() ?? '';
    expect(exchange.response?.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(text).toContain(`  user-AGENT: ${userAgent}`);
    expect(text).toContain(`User-Agent    one value, commas and all: ${userAgent}`);
    expect(text).toContain('Accept        a list of 3 items');
    expect(text).toMatch(/\n {18}text\/html\n {18}text\/plain \(q=0\.9\)\n {18}"\\"odd,one\\"\/x" \(not a valid media type\)\n/);
    expect(text).toContain('Content-Type  text/plain (charset=utf-8)');
    expect(text).toContain(`x-tag: "${tagA}", "${tagB}"`);
  });
});

describe('the log', () => {
  test('one line per request, a line for each upload stored, and refusals with their code', async () => {
    const name = newName('txt');
    server.lines.length = 0;
    await request(server.address, { method: 'PUT', path: `/files/${name}`, body: 'four' });
    await sendRaw(server.address, head('POST', `/files/${name}`, 'Content-Length: 5\r\nTransfer-Encoding: chunked\r\n'));
    await sendRaw(server.address, [head('POST', `/files/${name}`, 'Content-Length: 10\r\n'), 'half'], { endAfterWrite: true });
    expect(server.lines).toEqual([
      expect.stringMatching(new RegExp(`^127\\.0\\.0\\.1:\\d+ stored 4 bytes as /files/${name}$`)),
      `PUT /files/${name} 201`,
      '(refused) 400 ERR_LENGTH_AND_ENCODING',
      '(refused) 400 ERR_INCOMPLETE_BODY',
      `POST /files/${name} 400`,
    ]);
  });
});
