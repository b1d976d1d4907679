import net from 'node:net';
import { afterEach, beforeEach, test } from 'vitest';
import { CheckFailure, escapeBytes, firstDifference, freePort, programFile, programFolder, random, runProgram, type RunResult } from '@workbook/testkit';

// The client is a program that runs and exits, so the tests run it once per check, against a
// small server that each check starts for itself on 127.0.0.1.
const client = programFile(import.meta.url, 'client.ts');
const exerciseDir = programFolder(import.meta.url);
const TIME_LIMIT_MS = 8000;
/** What a decoder writes for bytes that are not valid UTF-8: "\ufffd", three bytes. */
const REPLACEMENT = Buffer.from('\ufffd', 'utf8');

interface Outcome {
  url: string;
  /** What the test server sent, piece by piece, and the pause between pieces. */
  answer: Buffer[];
  pauseMs: number;
  /** What the test server received from the client; null when no server was listening. */
  received: Buffer | null;
  run: RunResult;
}

const servers = new Set<{ server: net.Server; sockets: Set<net.Socket> }>();
afterEach(async () => {
  for (const { server, sockets } of servers) {
    sockets.forEach((socket) => socket.destroy());
    await new Promise((resolve) => server.close(resolve));
  }
  servers.clear();
});
// A failure names the random seed only when its own check drew random values.
beforeEach(() => {
  random.used = false;
});

/**
 * Starts a server that waits for the client's whole request head (up to the blank line), then
 * writes `answer` one piece at a time, `pauseMs` apart, and closes the connection. Then runs the
 * client on `path` of that server.
 */
async function fetchWithClient(path: string, answer: Array<string | Buffer>, pauseMs = 0): Promise<Outcome> {
  const pieces = answer.map((piece) => (typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece));
  const chunks: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  // allowHalfOpen: a client may end its side once the request is sent (socket.end(request)) and
  // still expect the whole answer. Without it, node would close our side too, mid-answer.
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('error', () => {});
    socket.on('data', async (chunk) => {
      const before = Buffer.concat(chunks).includes('\r\n\r\n');
      chunks.push(chunk);
      if (before || !Buffer.concat(chunks).includes('\r\n\r\n')) return;
      for (const [index, piece] of pieces.entries()) {
        if (index > 0) await new Promise((wake) => setTimeout(wake, pauseMs));
        if (socket.destroyed) return;
        socket.write(piece);
      }
      socket.end();
    });
  });
  servers.add({ server, sockets });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}${path}`;
  const run = await runProgram({ file: client, args: [url], cwd: exerciseDir, timeoutMs: TIME_LIMIT_MS });
  return { url, answer: pieces, pauseMs, received: Buffer.concat(chunks), run };
}

/** Bytes as the tests show them: \r and \n written out, and bytes above 127 as \xNN. */
function show(bytes: Buffer): string {
  return escapeBytes(bytes).replace(/[\x80-\xff]/g, (char) => `\\x${char.charCodeAt(0).toString(16)}`);
}

/** The whole story of one run, for a failure message. */
function story({ url, answer, pauseMs, received, run }: Outcome): string {
  const lines = ['The test ran your client like this:', `  pnpm workbook run ex11 -- ${url}`, ''];
  if (received === null) {
    lines.push('Nothing was listening at that address: the test made sure of it.');
  } else if (received.length === 0) {
    lines.push('The test server received nothing from your client.');
  } else {
    lines.push('The test server received from your client:', `  ${show(received)}`);
    if (!received.includes('\r\n\r\n')) {
      lines.push('', 'That request never ended with the blank line "\\r\\n\\r\\n", so the server never answered.');
    } else {
      const how = answer.length > 1 && pauseMs > 0 ? `, in ${answer.length} pieces ${pauseMs} ms apart` : '';
      lines.push('', `The test server answered${how}, then closed the connection:`, ...answer.map((piece) => `  ${show(piece)}`));
    }
  }
  const ending = run.timedOut
    ? `was still running after ${TIME_LIMIT_MS / 1000} s, so the test stopped it`
    : run.code === null
      ? `was killed by ${run.signal}`
      : `exited with code ${run.code}`;
  lines.push('', `Your client ${ending}.`, `  stdout (${run.stdout.length} bytes): ${show(run.stdout.subarray(0, 300))}${run.stdout.length > 300 ? ' …' : ''}`);
  const stderr = run.stderr
    .split('\n')
    .filter((line) => line.trim() !== '')
    .slice(-8);
  lines.push(stderr[0] ? `  stderr:\n${stderr.map((line) => `    | ${line}`).join('\n')}` : '  stderr: (nothing)');
  return lines.join('\n');
}

function fail(summary: string, outcome: Outcome, hint = ''): never {
  const sections = [summary, story(outcome)];
  if (hint) sections.push(`Hint: ${hint}`);
  if (random.used) sections.push(`(The random paths and texts came from seed ${random.seed}: WORKBOOK_SEED=${random.seed} repeats them.)`);
  const failure = new CheckFailure(sections.join('\n\n'));
  // Point at the check that failed, not at the helpers of this file.
  failure.stack = failure.stack
    ?.split('\n')
    .filter((line) => !/^\s+at (fail|expect\w+) /.test(line))
    .join('\n');
  throw failure;
}

/** Expected above received, with a caret under the first byte that differs. */
function diff(expected: Buffer, received: Buffer): string {
  const at = firstDifference(expected, received);
  const lines = [`Expected stdout: ${show(expected)}`, `Your stdout:     ${show(received.subarray(0, 300))}`];
  // The caret goes under the escaped form of that byte: count the escaped width before it.
  if (at !== -1 && at < 300) lines.push(`${' '.repeat('Your stdout:     '.length + show(received.subarray(0, at)).length - 1)}^ first difference, at byte ${at}`);
  return lines.join('\n');
}

function expectFinished(outcome: Outcome): void {
  if (!outcome.run.timedOut) return;
  if (outcome.received && !outcome.received.includes('\r\n\r\n')) {
    fail(
      'Your client never finished: the server was still waiting for the end of its request.',
      outcome,
      'End the request head with an empty line: every line ends with "\\r\\n", and after the last header comes one more "\\r\\n".',
    );
  }
  fail(
    'Your client never finished, although the server had answered and closed the connection.',
    outcome,
    "Print the body when the socket's 'end' event comes, and leave nothing else running: no timer, no second connection.",
  );
}

function expectBodyPrinted(outcome: Outcome, body: Buffer): void {
  expectFinished(outcome);
  const { run } = outcome;
  if (run.code !== 0) fail(`Expected your client to print the body and exit with code 0, but it exited with code ${run.code}.`, outcome);
  if (!run.stdout.equals(body)) {
    let hint = 'Collect every piece until the end, join them with Buffer.concat, and only then cut off the head.';
    if (run.stdout.length === 0) hint = 'Write the body with process.stdout.write(body) once the server has closed the connection.';
    else if (run.stdout.includes('HTTP/1.')) hint = 'Only the body goes to stdout: leave out the status line and the headers.';
    else if (run.stdout.includes(REPLACEMENT) && !body.includes(REPLACEMENT)) {
      hint =
        'Your stdout holds \\xef\\xbf\\xbd, the replacement character "\ufffd": a letter was cut between two pieces, and each half was decoded on its own. ' +
        'Keep the pieces as Buffers, join them with Buffer.concat, and never turn the body into a string.';
    }
    fail(`Expected exactly the body on stdout, byte for byte.\n\n${diff(body, run.stdout)}`, outcome, hint);
  }
}

function expectRefused(outcome: Outcome, why: string, mention?: string): void {
  expectFinished(outcome);
  const { run } = outcome;
  if (run.code !== 1) fail(`Expected exit code 1, because ${why}, but your client exited with code ${run.code}.`, outcome);
  if (run.stdout.length > 0) {
    fail(
      `Expected nothing on stdout, because ${why}, but your client printed ${run.stdout.length} bytes there.`,
      outcome,
      "A program that reads your client's stdout cannot tell half a body from a whole one. Print only when the body is complete.",
    );
  }
  const message = run.stderr.trim();
  if (message === '') fail(`Expected a message on stderr saying what went wrong (${why}), but stderr was empty.`, outcome);
  // A program that crashes also exits 1 and prints something: a stack trace. That says where the
  // program broke, not what went wrong with the fetch, so it is not the message this check wants.
  if (uncaughtError.test(message)) {
    fail(
      `Expected your client's own message on stderr (${why}), but it crashed: stderr shows an uncaught error and its stack trace.`,
      outcome,
      "Handle the failure yourself: listen for the socket's 'error' event, print one line that says what went wrong with console.error, and set process.exitCode = 1.",
    );
  }
  if (message.includes('\n')) {
    fail(
      `Expected one line on stderr saying what went wrong (${why}), but your client printed ${message.split('\n').length} lines.`,
      outcome,
      'One line, such as: Could not fetch http://...: the server answered 404 Not Found',
    );
  }
  if (mention && !message.includes(mention)) fail(`Expected the message on stderr to mention ${mention}.`, outcome);
}

/** What node prints for an error nobody caught: stack lines ("    at ..."), or its closing "Node.js v20...". */
const uncaughtError = /^\s+at .+|^Node\.js v\d+/m;

/** A random body with letters that take two and three bytes in UTF-8. */
function randomBody(): Buffer {
  return Buffer.from(`${random.text()} · Grüße → ${random.word()}\n`, 'utf8');
}

test('sends GET for the path, a Host header, and the blank line', async () => {
  const path = `${random.path()}?page=${random.int(2, 9)}`;
  const body = randomBody();
  const outcome = await fetchWithClient(path, [`HTTP/1.0 200 OK\r\nContent-Length: ${body.length}\r\n\r\n`, body]);
  expectFinished(outcome);
  const received = outcome.received ?? Buffer.alloc(0);
  if (received.length === 0)
    fail('Expected a request, but your client sent nothing.', outcome, 'Connect with net.connect(port, url.hostname) and write the request once connected.');
  if (!received.includes('\r\n\r\n')) {
    fail(
      'Expected the request head to end with a blank line, "\\r\\n\\r\\n".',
      outcome,
      'Every line of the head ends with "\\r\\n", and one more "\\r\\n" after the last header ends the head.',
    );
  }
  const [requestLine = '', ...headerLines] = received.toString('latin1').split('\r\n\r\n')[0]?.split('\r\n') ?? [];
  const host = new URL(outcome.url).host;
  if (requestLine !== `GET ${path} HTTP/1.0` && requestLine !== `GET ${path} HTTP/1.1`) {
    fail(
      `Expected the request line "GET ${path} HTTP/1.0" (HTTP/1.1 works too), but it is ${show(Buffer.from(requestLine, 'latin1'))}.`,
      outcome,
      'The path is url.pathname + url.search: the query string belongs to it.',
    );
  }
  const headers = new Map(headerLines.map((line) => [line.slice(0, line.indexOf(':')).trim().toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
  if (headers.get('host') !== host) {
    fail(
      `Expected the header "Host: ${host}", but ${headers.has('host') ? `it says "Host: ${headers.get('host')}"` : 'there is no Host header'}.`,
      outcome,
      'url.host gives the host and the port, just as the Host header wants them.',
    );
  }
  if (requestLine.endsWith('HTTP/1.1') && headers.get('connection')?.toLowerCase() !== 'close') {
    fail(
      'Your request says HTTP/1.1, so it needs the header "Connection: close": without it the server may keep the connection open, and a client that reads until the close would wait forever.',
      outcome,
    );
  }
});

test('prints the body of a 200 answer, byte for byte, and exits 0', async () => {
  const body = randomBody();
  const outcome = await fetchWithClient(random.path(), [`HTTP/1.0 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${body.length}\r\n\r\n`, body]);
  expectBodyPrinted(outcome, body);
});

test('reads until the server closes, when the answer comes in several pieces', async () => {
  const body = randomBody();
  // Cut inside the "ü" (two bytes in UTF-8), and again in the middle of the rest.
  const cut = body.indexOf('ü') + 1;
  const middle = Math.floor((cut + body.length) / 2);
  const head = `HTTP/1.0 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${body.length}\r\n\r\n`;
  const outcome = await fetchWithClient(random.path(), [head.slice(0, 20), head.slice(20), body.subarray(0, cut), body.subarray(cut, middle), body.subarray(middle)], 100);
  expectBodyPrinted(outcome, body);
});

test('a body without Content-Length ends where the connection closes', async () => {
  const body = Buffer.from(`<html><body><h1>Hello ${random.word()}</h1></body></html>\n`);
  const outcome = await fetchWithClient('/', ['HTTP/1.0 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n', body], 100);
  expectBodyPrinted(outcome, body);
});

test('a server that closes before the whole body: exit 1, a one-line message, nothing on stdout', async () => {
  const body = randomBody();
  const outcome = await fetchWithClient(random.path(), [`HTTP/1.0 200 OK\r\nContent-Length: ${body.length + 20}\r\n\r\n`, body], 50);
  expectRefused(outcome, `Content-Length promised ${body.length + 20} bytes and only ${body.length} arrived`);
});

test('a 404: exit 1, a one-line message with the status, nothing on stdout', async () => {
  const path = random.path();
  const page = `No page at ${path}\n`;
  const outcome = await fetchWithClient(path, [`HTTP/1.0 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: ${page.length}\r\n\r\n${page}`]);
  expectRefused(outcome, 'the status was 404, not 2xx', '404');
});

test('nothing listening: exit 1 and a one-line message, not a crash', async () => {
  const url = `http://127.0.0.1:${await freePort()}/`;
  const run = await runProgram({ file: client, args: [url], cwd: exerciseDir, timeoutMs: TIME_LIMIT_MS });
  expectRefused({ url, answer: [], pauseMs: 0, received: null, run }, 'the connection was refused');
});
