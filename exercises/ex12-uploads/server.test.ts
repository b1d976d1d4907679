import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import net from 'node:net';
import path from 'node:path';
import { afterAll, describe, test } from 'vitest';
import {
  CheckFailure,
  escapeStart,
  formatReceived,
  hintFor,
  hostPort,
  parseResponse,
  random,
  Reply,
  scratchFolder,
  useProgram,
  type Chunk,
  type Program,
  type RawExchange,
} from '@workbook/testkit';

// Each run gets a folder of its own: <root>/files is the server's FILES_DIR, and <root> itself is
// "outside", where nothing may ever be written. Two files wait for a GET that should not reach
// them: a secret next to the folder, and a hidden file (a leading dot) inside it.
const root = mkdtempSync(path.join(scratchFolder(), 'workbook-ex12-'));
const filesDir = path.join(root, 'files');
mkdirSync(filesDir);
const secret = { name: `secret-${random.word()}.txt`, text: `not for download: ${random.text()}` };
writeFileSync(path.join(root, secret.name), secret.text);
const hidden = { name: `.hidden-${random.word()}`, text: `hidden, not for download: ${random.text()}` };
const hiddenFile = path.join(filesDir, hidden.name);
writeFileSync(hiddenFile, hidden.text);

const server = useProgram(import.meta.url, 'server.ts', { FILES_DIR: filesDir });
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The limit the README states: 20 MB. */
const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

// ---- What the tests send ----

/** A name nobody has uploaded yet in this run, such as `maple47-orbit12.bin`. */
function newName(): string {
  return `${random.word()}-${random.word()}.bin`;
}

/** `size` bytes from the run's seed, every value from 0 to 255: a server that treats them as text mangles them. */
function randomBytes(size: number): Buffer {
  const bytes = Buffer.alloc(size);
  for (let at = 0; at + 4 <= size; at += 4) bytes.writeUInt32LE(random.int(0, 0xffffffff), at);
  for (let at = size - (size % 4); at < size; at++) bytes[at] = random.int(0, 255);
  return bytes;
}

/** The head of an upload; `target` goes on the wire exactly as written. */
function uploadHead(target: string, headers: Record<string, string | number>): string {
  const lines = Object.entries(headers).map(([header, value]) => `${header}: ${value}\r\n`);
  return `POST /files/${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n${lines.join('')}Connection: close\r\n\r\n`;
}

/** `body` cut into `count` pieces of about the same size, each to be sent as a write of its own. */
function inPieces(body: Buffer, count: number): Buffer[] {
  const size = Math.ceil(body.length / count) || 1;
  const pieces: Buffer[] = [];
  for (let at = 0; at < body.length; at += size) pieces.push(body.subarray(at, at + size));
  return pieces;
}

/** The same pieces in chunked framing: each as `<size in hex>\r\n<bytes>\r\n`, then `0\r\n\r\n`. */
function chunked(pieces: Buffer[]): Buffer[] {
  const framed = pieces.map((piece) => Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')]));
  return [...framed, Buffer.from('0\r\n\r\n')];
}

interface UploadOptions {
  /** How many writes the body is sent in (default 1). */
  pieces?: number;
  /** Transfer-Encoding: chunked instead of a Content-Length. */
  chunked?: boolean;
}

/** POSTs `body` to /files/<target>, as raw bytes: a head, then the body in pieces. */
async function upload(target: string, body: Buffer, options: UploadOptions = {}): Promise<UploadReply> {
  const pieces = inPieces(body, options.pieces ?? 1);
  const chunks = options.chunked
    ? [uploadHead(target, { 'Transfer-Encoding': 'chunked' }), ...chunked(pieces)]
    : [uploadHead(target, { 'Content-Length': body.length }), ...pieces];
  const reply = await server.raw(chunks, { pauseMs: 2, until: 'response', timeoutMs: 10_000 });
  return UploadReply.of(reply, options.chunked ? 'chunked' : 'length');
}

// ---- How a failure is told ----

/**
 * A Reply whose failures show an upload the way a person can read it: the head in full, then the
 * body only by its size and its first bytes (five megabytes of escaped bytes help nobody), and
 * the curl command that sends the same by hand.
 */
class UploadReply extends Reply {
  byHand = '';

  static of(reply: Reply, framing: 'length' | 'chunked' | 'none'): UploadReply {
    const upload = new UploadReply(reply.exchange, reply.crash);
    const url = `http://${hostPort(reply.exchange.address)}${requestLine(reply.exchange).split(' ')[1] ?? '/'}`;
    if (framing === 'length') upload.byHand = `curl -i --data-binary @some-file ${url}`;
    if (framing === 'chunked') upload.byHand = `curl -i -H 'Transfer-Encoding: chunked' --data-binary @some-file ${url}`;
    return upload;
  }

  override fail(summary: string, details = '', hint = ''): never {
    const sections = [`${requestLine(this.exchange)}: ${summary}`];
    if (details) sections.push(details);
    if (this.exchange.kind === 'raw') sections.push(describeWrites(this.exchange));
    if (this.byHand) sections.push(`To send the same by hand:\n  ${this.byHand}`);
    sections.push(nothingYet(this.exchange) ? 'What came back: nothing yet.' : formatReceived(this.exchange));
    if (this.crash) sections.push(this.crash);
    const why = hint || hintFor(this.exchange);
    if (why) sections.push(`Hint: ${why}`);
    if (random.used) sections.push(`(The random names and bytes came from seed ${random.seed}: WORKBOOK_SEED=${random.seed} repeats them.)`);
    const failure = new CheckFailure(sections.join('\n\n'));
    // Point at the check that failed, not at this method.
    failure.stack = failure.stack
      ?.split('\n')
      .filter((line) => !line.includes('UploadReply.fail'))
      .join('\n');
    throw failure;
  }
}

function requestLine(exchange: Reply['exchange']): string {
  if (exchange.kind === 'http') return `${exchange.sent.method} ${exchange.sent.path}`;
  return (exchange.sent[0]?.toString('latin1') ?? '').split('\r\n')[0] ?? '';
}

/** An upload told mid-way: the server has not answered, and nothing has gone wrong either. */
function nothingYet(exchange: Reply['exchange']): boolean {
  return exchange.kind === 'raw' && exchange.received.length === 0 && !exchange.closedByServer && !exchange.timedOut && !exchange.error;
}

/** The writes of a raw exchange: the first two and the last in full or in part, the others counted. */
function describeWrites(exchange: RawExchange): string {
  const writes = exchange.sent;
  const total = writes.reduce((sum, write) => sum + write.length, 0);
  // The head in full; of the body, enough to see it is bytes, not text.
  const show = (write: Buffer, index: number) => `  ${escapeStart(write, index === 0 ? 400 : 40)}`;
  const last = writes.length - 1;
  const lines =
    writes.length <= 4 ? writes.map(show) : [show(writes[0]!, 0), show(writes[1]!, 1), `  … ${writes.length - 3} more writes like the one above …`, show(writes[last]!, last)];
  const how = writes.length === 1 ? 'in one write' : `in ${writes.length} separate writes`;
  return `What was sent to ${hostPort(exchange.address)}, ${total} bytes ${how}:\n${lines.join('\n')}`;
}

// ---- The folder ----

/** What is in FILES_DIR now: each name with its size. */
function listing(): Map<string, number> {
  return new Map(readdirSync(filesDir).map((name) => [name, sizeOf(path.join(filesDir, name))]));
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0; // gone between the listing and the look
  }
}

/** The entries of FILES_DIR that were not there `before`, as `name (size bytes)`. */
function newEntries(before: Map<string, number>): string[] {
  return [...listing()].filter(([name]) => !before.has(name)).map(([name, size]) => `${name} (${size} bytes)`);
}

/** Every file under <root> that is outside FILES_DIR and is not the planted secret: each was written by an escape. */
function outsideTheFolder(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (full === filesDir || full === path.join(root, secret.name)) continue;
      if (entry.isDirectory()) walk(full);
      else found.push(path.relative(root, full));
    }
  };
  walk(root);
  return found;
}

/** Checks `condition` every 20 ms until it holds, or until `ms` have passed; says which. */
async function waitFor(condition: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((wake) => setTimeout(wake, 20));
  }
  return true;
}

// ---- An upload the test sends a step at a time ----

interface OpenUpload {
  /** Sends more of the request; resolves once the bytes are handed to the system. */
  send(bytes: Chunk): Promise<void>;
  /** Hangs up in the middle, as a client that gives up (or loses its network) does. */
  hangUp(): void;
  /** Waits for the server's answer, after the whole request has been sent. */
  answer(): Promise<UploadReply>;
  /** The exchange so far, to tell a failure with. */
  reply(): UploadReply;
}

/** Opens a connection and sends `head`. The rest comes when the test says so, not on a timer. */
async function openUpload(head: string): Promise<OpenUpload> {
  // useProgram restarts a program that crashed in an earlier test: an exchange through it first.
  if (!server.program || server.program.exit) await server.get('/files/');
  const program = server.program as Program;
  const address = { host: program.host, port: program.port };
  const sent: Buffer[] = [];
  const received: Buffer[] = [];
  let closed = false;
  let error: RawExchange['error'];
  const started = performance.now();

  const socket = net.connect({ ...address, allowHalfOpen: true });
  socket.setNoDelay(true);
  socket.on('data', (data: Buffer) => received.push(data));
  socket.on('close', () => (closed = true));
  socket.on('error', (failure: NodeJS.ErrnoException) => (error ??= { code: failure.code ?? 'ERROR', message: failure.message }));
  await once(socket, 'connect');

  const exchange = (timedOut: boolean): RawExchange => {
    const bytes = Buffer.concat(received);
    return {
      kind: 'raw',
      address,
      sent,
      received: bytes,
      response: parseResponse(bytes, closed, false),
      closedByServer: closed,
      timedOut,
      ...(error && { error }),
      writesBeforeAnswer: sent.length,
      elapsedMs: Math.round(performance.now() - started),
    };
  };
  const send = (bytes: Chunk) =>
    new Promise<void>((resolve) => {
      const buffer = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes;
      sent.push(buffer);
      if (socket.destroyed) resolve();
      else socket.write(buffer, () => resolve());
    });

  await send(head);
  return {
    send,
    hangUp: () => socket.destroy(),
    answer: async () => {
      const complete = () => closed || parseResponse(Buffer.concat(received), false, false)?.complete === true;
      const arrived = await waitFor(complete, 10_000);
      socket.destroy();
      return UploadReply.of(new Reply(exchange(!arrived)), 'length');
    },
    reply: () => UploadReply.of(new Reply(exchange(false)), 'length'),
  };
}

/** Sends the pieces one after the other, each a write of its own. */
async function sendAll(open: OpenUpload, pieces: Buffer[]): Promise<void> {
  for (const piece of pieces) await open.send(piece);
}

/** True once some file that was not in the folder `before` has bytes in it: the server writes as the body arrives. */
function somethingWritten(before: Map<string, number>): () => boolean {
  return () => [...listing()].some(([name, size]) => !before.has(name) && size > 0);
}

// ---- Checks shared by several tests ----

/** The file is stored: GET gives back exactly these bytes, as bytes, with their length. */
async function expectStored(name: string, body: Buffer, after: string): Promise<void> {
  const reply = await server.get(`/files/${name}`);
  reply.expectResponse();
  if (reply.status !== 200) {
    reply.fail(
      `${after}, GET should give the file back with 200, but the status is ${reply.status}.`,
      '',
      'Store the body in FILES_DIR under the name from the path, and send that file back for GET /files/<name>.',
    );
  }
  reply.expectBody(body);
}

/** The server still answers: GET of a name nobody uploaded gets 404. */
async function expectStillServing(after: string): Promise<void> {
  const reply = await server.get(`/files/${newName()}`);
  reply.expectResponse();
  if (reply.status !== 404) {
    reply.fail(`${after}, GET of a name nobody uploaded should get 404, but the status is ${reply.status}.`, '', 'A missing file is a 404, whatever came before.');
  }
}

function isRefusal(status: number | undefined): boolean {
  return status !== undefined && status >= 400 && status <= 499;
}

const NAME_HINT =
  'Check the name before you use it, and refuse (400) every name that is not a plain file name: ' +
  'allow letters, digits, ".", "_" and "-", and no leading dot. A name checked that way has no "/", "\\", "%" or NUL to hide in.';

// ---- Storing and getting back ----

test('POST /files/<name> stores the body and answers 201 Created with Location: /files/<name>', async () => {
  const name = newName();
  const reply = await upload(name, randomBytes(random.int(1000, 5000)));
  reply.expectResponse();
  if (reply.status !== 201) {
    reply.fail(
      `expected status 201 (Created), but got ${reply.status}.`,
      '',
      'A POST that stored a new file answers 201 Created, and says where it is with a Location header.',
    );
  }
  reply.expectHeader('location', `/files/${name}`);
});

test('GET /files/<name> returns the stored bytes exactly, as application/octet-stream with a correct Content-Length', async () => {
  const name = newName();
  const body = randomBytes(random.int(50_000, 100_000));
  const stored = await upload(name, body, { pieces: 4 });
  stored.expectResponse();
  if (stored.status === undefined || stored.status >= 300)
    stored.fail(`the upload was not accepted: status ${stored.status}.`, '', 'A POST to /files/<name> stores the body and answers 201.');
  await expectStored(name, body, 'after an upload');
  const reply = await server.get(`/files/${name}`);
  const type = reply.headers['content-type'];
  if (type?.toLowerCase() !== 'application/octet-stream') {
    reply.fail(
      `expected Content-Type: application/octet-stream, but ${type === undefined ? 'there is none' : `it is ${JSON.stringify(type)}`}.`,
      '',
      'An uploaded file is bytes, and the server cannot know what they mean: application/octet-stream says "just bytes" (with no charset, as they are not text).',
    );
  }
  reply.expectHeader('content-length', String(body.length));
});

test('GET of a name nobody uploaded answers 404', async () => {
  const reply = await server.get(`/files/${newName()}`);
  reply.expectResponse();
  if (reply.status !== 404) reply.fail(`expected status 404 (Not Found), but got ${reply.status}.`, '', 'Nothing was stored under this name: answer 404 Not Found.');
});

test('a body of several MB, sent in 80 pieces, is stored byte for byte', async () => {
  const name = newName();
  const body = randomBytes(5 * 1024 * 1024 + random.int(1, 1000));
  const reply = await upload(name, body, { pieces: 80 });
  reply.expectResponse();
  if (reply.status === undefined || reply.status >= 300) {
    reply.fail(
      `expected the upload to be stored (201), but got status ${reply.status}.`,
      '',
      'Keep reading until the whole body has arrived: it comes in many pieces, and Content-Length says how many bytes to expect.',
    );
  }
  await expectStored(name, body, 'after an upload of several MB');
});

test('a chunked upload (Transfer-Encoding: chunked) is stored byte for byte', async () => {
  const name = newName();
  const body = randomBytes(1024 * 1024 + random.int(1, 1000));
  const reply = await upload(name, body, { pieces: 20, chunked: true });
  reply.expectResponse();
  if (reply.status === undefined || reply.status >= 300) {
    reply.fail(
      `expected the chunked upload to be stored (201), but got status ${reply.status}.`,
      '',
      'A chunked body has no Content-Length. node reads the chunks for you: read req to its end, as for any other body.',
    );
  }
  await expectStored(name, body, 'after a chunked upload');
});

// ---- Streaming, and what a cut-off upload leaves ----

test('the body goes to disk as it arrives, under a temporary name, not whole into memory first', async () => {
  const name = newName();
  const body = randomBytes(4 * 1024 * 1024);
  const before = listing();
  const open = await openUpload(uploadHead(name, { 'Content-Length': body.length }));
  const pieces = inPieces(body, 40);
  await sendAll(open, pieces.slice(0, 20));

  if (!(await waitFor(somethingWritten(before), 5000))) {
    open.hangUp();
    open
      .reply()
      .fail(
        'half of the body (2 MB) had arrived, and after 5 seconds not a byte of it was in the folder (FILES_DIR).',
        `The folder held: ${[...listing().keys()].join(', ') || '(nothing)'}`,
        'Write each piece to disk as it arrives, instead of collecting the whole body in memory: ' +
          'await pipeline(req, createWriteStream(temp)), from node:stream/promises and node:fs, ' +
          'with temp a new name inside FILES_DIR (not in os.tmpdir(): the rename must stay in one folder).',
      );
  }
  if (listing().has(name)) {
    open.hangUp();
    open
      .reply()
      .fail(
        `half of the body had arrived, and the folder already has a file named ${name}: a GET now would get half a file.`,
        '',
        'Write the body under a temporary name in the same folder (one starting with a dot, say), and rename it to the real name only when the body is complete.',
      );
  }
  const meanwhile = await server.get(`/files/${name}`);
  meanwhile.expectResponse();
  if (meanwhile.status !== 404) {
    meanwhile.fail(
      `while the upload of ${name} was half-way, GET should answer 404 (not stored yet), but the status is ${meanwhile.status}.`,
      '',
      'A file is stored once its body is complete: until then its name must not exist.',
    );
  }

  await sendAll(open, pieces.slice(20));
  const reply = await open.answer();
  reply.expectResponse();
  if (reply.status === undefined || reply.status >= 300) reply.fail(`expected the upload to be stored (201), but got status ${reply.status}.`);
  await expectStored(name, body, 'after an upload that went to disk in pieces');
});

test('an upload cut off half-way leaves no file under its name, and no temporary file', async () => {
  const name = newName();
  const body = randomBytes(2 * 1024 * 1024);
  const before = listing();
  const open = await openUpload(uploadHead(name, { 'Content-Length': body.length }));
  await sendAll(open, inPieces(body, 20).slice(0, 10));
  // A server that streams has started a file by now; one that does not has nothing to clean up.
  await waitFor(somethingWritten(before), 2000);
  open.hangUp();

  // The server notices the hang-up a moment later: give it that moment.
  if (!(await waitFor(() => newEntries(before).length === 0, 5000))) {
    open
      .reply()
      .fail(
        `the client sent half of a ${body.length}-byte body and hung up, but the folder still holds what it left.`,
        `New in the folder since the upload started: ${newEntries(before).join(', ')}`,
        'When the body breaks off, pipeline() rejects: catch that, and delete the temporary file (rm(temp, { force: true })). ' +
          'Rename it to the real name only after pipeline() has resolved.',
      );
  }
  const reply = await server.get(`/files/${name}`);
  reply.expectResponse();
  if (reply.status !== 404) reply.fail(`an upload of ${name} was cut off half-way, so GET should answer 404, but the status is ${reply.status}.`);
  await expectStillServing('after an upload that was cut off');
});

test('a POST to a name that exists replaces the file whole, and only once the new body is complete', async () => {
  const name = newName();
  const first = randomBytes(random.int(10_000, 20_000));
  const stored = await upload(name, first);
  stored.expectResponse();
  if (stored.status === undefined || stored.status >= 300) stored.fail(`the first upload was not accepted: status ${stored.status}.`);

  const second = randomBytes(2 * 1024 * 1024);
  const before = listing();
  const open = await openUpload(uploadHead(name, { 'Content-Length': second.length }));
  const pieces = inPieces(second, 20);
  await sendAll(open, pieces.slice(0, 10));
  await waitFor(somethingWritten(before), 2000);

  const meanwhile = await server.get(`/files/${name}`);
  meanwhile.expectResponse();
  if (meanwhile.status !== 200 || !meanwhile.body.equals(first)) {
    meanwhile.fail(
      `while a second upload to ${name} was half-way, GET should still give the first file, whole.`,
      `The first file has ${first.length} bytes; this answer has status ${meanwhile.status} and ${meanwhile.body.length} bytes.`,
      'Write the new body under a temporary name, and rename it over the old file only when it is complete: a rename swaps the whole file at once.',
    );
  }

  await sendAll(open, pieces.slice(10));
  const reply = await open.answer();
  reply.expectResponse();
  if (reply.status === undefined || reply.status >= 300) {
    reply.fail(
      `expected the second upload to replace the file (201), but got status ${reply.status}.`,
      '',
      'The README says what a POST to an existing name does: it replaces the file.',
    );
  }
  await expectStored(name, second, 'after a second upload to the same name');
});

// ---- Lengths: none, and too much ----

test('a POST with no Content-Length that is not chunked gets 411 Length Required', async () => {
  const name = newName();
  const reply = UploadReply.of(await server.raw(uploadHead(name, {}), { until: 'response' }), 'none');
  reply.expectResponse();
  if (reply.status !== 411) {
    reply.fail(
      `expected status 411 (Length Required), but got ${reply.status}.`,
      '',
      'Without Content-Length and without Transfer-Encoding: chunked, nobody can tell where an upload ends. ' +
        "Look at req.headers['content-length'] and req.headers['transfer-encoding'], and answer 411 when both are missing.",
    );
  }
  if (listing().has(name)) reply.fail(`the server answered 411, but stored a file named ${name} anyway.`);
});

test('a Content-Length over 20 MB gets 413 at once, before a byte of the body is sent', async () => {
  for (const length of [MAX_UPLOAD_BYTES + 1, random.int(100, 900) * 1024 * 1024]) {
    const name = newName();
    // Only the head: a server that waits for the body before it looks at its length never answers.
    const reply = UploadReply.of(await server.raw(uploadHead(name, { 'Content-Length': length }), { until: 'response', timeoutMs: 3000 }), 'none');
    if (reply.exchange.kind !== 'raw' || !reply.exchange.response?.complete) {
      reply.fail(
        `the head said Content-Length: ${length} and no body followed. Expected 413 at once, but no answer came in 3 seconds: the server is still waiting for that body.`,
        '',
        `Look at req.headers['content-length'] first: over ${MAX_UPLOAD_BYTES} bytes (20 MB), answer 413 without reading the body. ` +
          'A server that waits for the whole body would let anyone fill its memory or its disk.',
      );
    }
    if (reply.status !== 413) {
      reply.fail(`expected status 413 (Content Too Large), but got ${reply.status}.`, '', `A Content-Length over ${MAX_UPLOAD_BYTES} bytes (20 MB) gets 413.`);
    }
    if (listing().has(name)) reply.fail(`the server answered 413, but a file named ${name} is in the folder.`);
  }
  await expectStillServing('after two uploads that were too large');
});

test('a chunked upload that grows past 20 MB is refused, and nothing of it is kept', async () => {
  const name = newName();
  const before = listing();
  const piece = randomBytes(1024 * 1024);
  const pieces = Array.from({ length: 21 }, () => piece);
  const reply = UploadReply.of(
    await server.raw([uploadHead(name, { 'Transfer-Encoding': 'chunked' }), ...chunked(pieces)], { pauseMs: 2, until: 'response', timeoutMs: 10_000 }),
    'chunked',
  );
  // Refused in words (413) or by hanging up: either way, not stored.
  const status = reply.status;
  if (status !== undefined && status < 400) {
    reply.fail(
      `a chunked body of 21 MB (more than the 20 MB limit) was accepted with status ${status}.`,
      '',
      'A chunked body gives no length in advance: count the bytes as they pass, and stop with 413 once they go past the limit ' +
        '(a Transform stream in the pipeline can count them).',
    );
  }
  if (!(await waitFor(() => newEntries(before).length === 0, 5000))) {
    reply.fail(
      'the chunked body went past the 20 MB limit, but the folder still holds what it left.',
      `New in the folder since the upload started: ${newEntries(before).join(', ')}`,
      'When the upload is refused, delete the temporary file as you do for an upload that was cut off.',
    );
  }
  await expectStillServing('after a chunked upload that was too large');
});

// ---- Names ----

/** POSTs a small body to each target: each must be refused, and nothing may be written outside the folder. */
async function expectUploadsRefused(targets: string[]): Promise<void> {
  for (const target of targets) {
    const reply = UploadReply.of(await upload(target, Buffer.from(`escape attempt ${random.word()}\n`)), 'none');
    reply.expectResponse();
    const outside = outsideTheFolder();
    if (outside.length) {
      for (const file of outside) rmSync(path.join(root, file), { force: true });
      reply.fail(`the upload was written OUTSIDE the files folder, as ${outside.map((file) => `<files>/../${file}`).join(', ')}.`, '', NAME_HINT);
    }
    if (readFileSync(hiddenFile, 'utf8') !== hidden.text) {
      writeFileSync(hiddenFile, hidden.text);
      reply.fail(`the upload changed ${hidden.name}, a hidden file in the folder that no client may touch.`, '', NAME_HINT);
    }
    if (!isRefusal(reply.status))
      reply.fail(`the name ${JSON.stringify(target)} should be refused with a 4xx (400 is right), but the status is ${reply.status}.`, '', NAME_HINT);
  }
}

/** GETs each target: each must be refused, without a byte of the secret or the hidden file. */
async function expectDownloadsRefused(targets: string[]): Promise<void> {
  for (const target of targets) {
    const reply = await server.raw(`GET /files/${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    reply.expectResponse();
    for (const planted of [secret, hidden]) {
      if (reply.text.includes(planted.text)) reply.fail(`the answer holds ${planted.name}, a file that no GET may reach.`, '', NAME_HINT);
    }
    if (!isRefusal(reply.status))
      reply.fail(`the name ${JSON.stringify(target)} should be refused with a 4xx (400 or 404), but the status is ${reply.status}.`, '', NAME_HINT);
  }
}

describe('names that could lead out of the folder are refused', () => {
  test('.. in the name', async () => {
    await expectUploadsRefused([`../escaped-${random.word()}.txt`, '..']);
    await expectDownloadsRefused([`../${secret.name}`]);
    await expectStillServing('after names with ..');
  });

  test('encoded slashes and dots: %2f, %2e%2e', async () => {
    await expectUploadsRefused([`..%2fescaped-${random.word()}.txt`, `%2e%2e%2fescaped-${random.word()}.txt`, `%2E%2E/escaped-${random.word()}.txt`]);
    await expectDownloadsRefused([`..%2f${secret.name}`, `%2e%2e%2f${secret.name}`]);
    await expectStillServing('after names with %2f and %2e%2e');
  });

  test('backslashes, plain or encoded (%5c)', async () => {
    await expectUploadsRefused([`..%5cescaped-${random.word()}.txt`, `..\\escaped-${random.word()}.txt`]);
    await expectDownloadsRefused([`..%5c${secret.name}`, `..\\${secret.name}`]);
    await expectStillServing('after names with backslashes');
  });

  test('a NUL byte (%00), and the server keeps serving', async () => {
    await expectUploadsRefused(['%00', `${random.word()}%00.txt`]);
    await expectDownloadsRefused([`${secret.name}%00`]);
    await expectStillServing('after names with %00');
  });

  test('a leading dot: hidden files, and the temporary ones', async () => {
    await expectUploadsRefused(['.env', `.upload-${random.word()}`, hidden.name]);
    await expectDownloadsRefused([hidden.name]);
    await expectStillServing('after names with a leading dot');
  });
});
