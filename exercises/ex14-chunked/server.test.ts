import net from 'node:net';
import { describe, test } from 'vitest';
import { decodeChunked, escapeStart, parseResponse, random, Reply, useProgram, type Address } from '@workbook/testkit';

const server = useProgram(import.meta.url, 'server.ts');

// ---- What the tests send and expect ----

/**
 * A word with letters of two and three bytes in UTF-8, so a size counted in characters is wrong,
 * and long enough that a line is more than 15 bytes, so a size in decimal is wrong too.
 */
function aWord(): string {
  return `${random.word()}-grüße→${random.word()}`;
}

const countPath = (n: number, word: string) => `/count/${n}?word=${encodeURIComponent(word)}`;

/** The body /count/n?word=w should have: "1 w\n2 w\n...". */
function linesOf(n: number, word: string): string {
  return Array.from({ length: n }, (_, i) => `${i + 1} ${word}\n`).join('');
}

function get(target: string, extra = ''): string {
  return `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n${extra}\r\n`;
}
const lastGet = (target: string) => get(target, 'Connection: close\r\n');

/**
 * Every response that came back on one connection, each as a Reply of its own. A client finds
 * where a chunked response ends by its last chunk, and where another ends by its Content-Length.
 * Fails unless exactly `expected` responses came back.
 */
function responsesOf(reply: Reply, expected: number): Reply[] {
  const { exchange } = reply;
  if (exchange.kind !== 'raw') throw new Error('responsesOf needs a raw exchange');
  const { received } = exchange;
  const replies: Reply[] = [];
  let start = 0;
  while (start < received.length) {
    const headEnd = received.indexOf('\r\n\r\n', start);
    if (headEnd === -1) break;
    const bodyStart = headEnd + 4;
    const head = parseResponse(received.subarray(start, bodyStart), false, true);
    const length = head?.headers['content-length'];
    const chunked = /chunked/i.test(head?.headers['transfer-encoding'] ?? '');
    const decoded = chunked ? decodeChunked(received.subarray(bodyStart), exchange.closedByServer) : undefined;
    // A chunked body that does not end well runs to the end of what came: the check then says why.
    const end = decoded ? (decoded.complete ? bodyStart + decoded.length : received.length) : length !== undefined ? bodyStart + Number(length) : received.length;
    const closedAfter = end >= received.length && exchange.closedByServer;
    replies.push(new Reply({ ...exchange, received: received.subarray(start, end), response: parseResponse(received.subarray(start, end), closedAfter) }));
    if (end <= start) break;
    start = end;
  }
  if (replies.length !== expected) {
    // A response whose framing is off swallows the ones after it: its framing is the news. One
    // with no Content-Length here should have been chunked: say that, not "add a Content-Length".
    for (const one of replies) {
      if (one.headers['content-length'] === undefined) one.expectChunked();
      one.expectWellFramed();
    }
    reply.fail(
      `expected ${expected} responses on this connection, but ${replies.length} came back.`,
      '',
      replies.length < expected
        ? 'After the last chunk "0\\r\\n\\r\\n", keep the connection open (return "keep-alive"): the next request comes on the same connection.'
        : 'Close the connection after a response to a request that says Connection: close.',
    );
  }
  return replies;
}

/**
 * Sends `request` on a socket of our own and gives back what had arrived when the first chunk of
 * data was complete, so a test can tell a body sent bit by bit from one sent all at the end.
 */
function whenFirstChunkArrives(address: Address, request: string): Promise<{ received: Buffer; complete: boolean } | null> {
  return new Promise((resolve) => {
    const pieces: Buffer[] = [];
    const socket = net.connect({ host: address.host, port: address.port });
    const done = (result: { received: Buffer; complete: boolean } | null) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done(null), 5000);
    socket.on('connect', () => socket.write(request));
    socket.on('data', (data) => {
      pieces.push(data);
      const received = Buffer.concat(pieces);
      const response = parseResponse(received, false);
      // A body that is not chunked at all counts from its first byte.
      const started = response?.chunks ? response.chunks.length > 0 : (response?.body.length ?? 0) > 0;
      if (started || response?.complete) done({ received, complete: response?.complete ?? false });
    });
    socket.on('error', () => done(null));
    socket.on('end', () => done(null));
  });
}

// ---- The checks ----

describe('a count, in chunks', () => {
  test('each line is its own chunk, its size in hex and counted in bytes', async () => {
    const [n, word] = [random.int(3, 8), aWord()];
    const reply = await server.raw(lastGet(countPath(n, word)));
    reply
      .expectStatus(200)
      .expectHeader('content-type', /^text\/plain;\s*charset=utf-8$/i)
      .expectChunked(n)
      .expectBody(linesOf(n, word));
  });

  test('a client library (undici) reads the same lines', async () => {
    const [n, word] = [random.int(2, 6), aWord()];
    const reply = await server.get(countPath(n, word));
    reply.expectStatus(200).expectChunked().expectBody(linesOf(n, word));
  });

  test('one line makes one chunk, and the zero chunk ends it', async () => {
    const word = aWord();
    const reply = await server.raw(lastGet(countPath(1, word)));
    reply.expectStatus(200).expectChunked(1).expectBody(linesOf(1, word));
  });

  test('the lines go out one at a time, as they are made, not all at the end', async () => {
    const [n, word] = [random.int(10, 14), aWord()];
    const request = lastGet(countPath(n, word));
    const reply = await server.raw(request);
    reply.expectStatus(200).expectChunked(n);
    const program = server.program;
    const first = program && (await whenFirstChunkArrives(program, request));
    if (!first) return reply.fail('a second request for the same count got no first chunk within 5 seconds.');
    if (first.complete) {
      reply.fail(
        `all ${n} lines had arrived by the time the first chunk was there.`,
        `What had arrived when the first chunk was complete:\n  ${escapeStart(first.received, 600)}`,
        'Write each line as soon as the loop hands it to you. Collecting the lines and writing them at the end makes the client wait for all of them.',
      );
    }
  });
});

describe('the connection after the body', () => {
  test('the connection stays open after the zero chunk: a second request on it is answered', async () => {
    const [first, second] = [
      { n: random.int(2, 4), word: aWord() },
      { n: random.int(2, 4), word: aWord() },
    ];
    // The second request goes out after the first answer has had time to arrive whole.
    const reply = await server.raw([get(countPath(first.n, first.word)), lastGet(countPath(second.n, second.word))], { pauseMs: 400 });
    const [one, two] = responsesOf(reply, 2);
    one?.expectStatus(200).expectChunked(first.n).expectBody(linesOf(first.n, first.word));
    two?.expectStatus(200).expectChunked(second.n).expectBody(linesOf(second.n, second.word));
  });

  test('two requests in one write are answered in order, each in its own chunks', async () => {
    const [first, second] = [
      { n: random.int(2, 4), word: aWord() },
      { n: random.int(2, 4), word: aWord() },
    ];
    const reply = await server.raw(get(countPath(first.n, first.word)) + lastGet(countPath(second.n, second.word)));
    const [one, two] = responsesOf(reply, 2);
    one?.expectStatus(200).expectChunked(first.n).expectBody(linesOf(first.n, first.word));
    two?.expectStatus(200).expectChunked(second.n).expectBody(linesOf(second.n, second.word));
  });

  test('Connection: close: the zero chunk, then the server closes', async () => {
    const [n, word] = [random.int(2, 5), aWord()];
    const reply = await server.raw(lastGet(countPath(n, word)));
    reply.expectStatus(200).expectChunked(n).expectClosed();
  });

  test('an HTTP/1.0 request gets the lines without chunks, and the close ends the body', async () => {
    const [n, word] = [random.int(2, 5), aWord()];
    const reply = await server.raw(`GET ${countPath(n, word)} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n`);
    reply.expectStatus(200);
    if (reply.headers['transfer-encoding'] !== undefined) {
      reply.fail(
        `expected no Transfer-Encoding for an HTTP/1.0 request, but it is ${JSON.stringify(reply.headers['transfer-encoding'])}.`,
        '',
        'HTTP/1.0 has no chunked encoding: a 1.0 client would show the chunk sizes as part of the text. Send it the lines as they are, and close the connection at the end.',
      );
    }
    reply.expectNoHeader('content-length').expectClosed().expectBody(linesOf(n, word));
  });
});

describe('other requests', () => {
  test('a path that is not /count gets a 404 with Content-Length', async () => {
    const reply = await server.raw(lastGet(random.path()));
    reply.expectStatus(404).expectWellFramed().expectHeader('content-length', /^\d+$/);
  });

  test('a bad count gets 400, and the server keeps serving', async () => {
    for (const target of ['/count/abc', '/count/0', '/count/1000', '/count/-3', `/count/2?word=${'x'.repeat(200)}`]) {
      (await server.raw(lastGet(target))).expectStatus(400).expectWellFramed();
    }
    const [n, word] = [random.int(2, 4), aWord()];
    (await server.raw(lastGet(countPath(n, word)))).expectStatus(200).expectChunked(n).expectBody(linesOf(n, word));
  });

  test('a request that is not HTTP gets 400, and the next connection is served', async () => {
    (await server.raw(`${random.word()} ${random.word()}\r\n\r\n`)).expectStatus(400).expectWellFramed().expectClosed();
    const [n, word] = [random.int(2, 4), aWord()];
    (await server.raw(lastGet(countPath(n, word)))).expectStatus(200).expectChunked(n).expectBody(linesOf(n, word));
  });

  test('a client that leaves in the middle of a count does not stop the server', async () => {
    // The first request only makes sure the server runs, so that our own socket has somewhere to go.
    (await server.raw(lastGet(countPath(1, aWord())))).expectStatus(200);
    const program = server.program;
    // Our own socket: it reads the first chunk of a long count, then hangs up while the count goes on.
    if (program) await whenFirstChunkArrives(program, lastGet(countPath(100, aWord())));
    await new Promise((wake) => setTimeout(wake, 200));
    const [n, word] = [random.int(2, 4), aWord()];
    const after = await server.raw(lastGet(countPath(n, word)));
    if (server.program !== program) after.fail('the server stopped (and was started again) after a client left in the middle of a count.');
    after.expectStatus(200).expectChunked(n).expectBody(linesOf(n, word));
  });

  test('two clients at once each get their own lines', async () => {
    const [first, second] = [
      { n: random.int(3, 6), word: aWord() },
      { n: random.int(3, 6), word: aWord() },
    ];
    const [one, two] = await Promise.all([server.raw(lastGet(countPath(first.n, first.word))), server.raw(lastGet(countPath(second.n, second.word)))]);
    one.expectStatus(200).expectChunked(first.n).expectBody(linesOf(first.n, first.word));
    two.expectStatus(200).expectChunked(second.n).expectBody(linesOf(second.n, second.word));
  });
});
