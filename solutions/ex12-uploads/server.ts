// Exercise 12: uploads, solved.
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const port = Number(process.env.PORT ?? 8080);
// 127.0.0.1: only this computer can reach the server. HOST=0.0.0.0 opens it to your network.
const host = process.env.HOST || '127.0.0.1';

// Where uploads are kept. The tests give each run a temporary folder in FILES_DIR; by hand, the
// files go to files/ next to this file (its .gitignore keeps them out of git). Absolute, so
// every path below is plainly inside it.
const filesDir = path.resolve(process.env.FILES_DIR ?? 'files');

/** The largest body this server takes: 20 MB. */
const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

/**
 * The names a client may use: letters, digits, `.`, `_` and `-`, not starting with a dot, at most
 * 100 characters. Said the other way round, a name never holds a `/` or a `\` (so it names no
 * folder), a `%` (so no encoded slash or dot can hide in it), a NUL, or a leading dot (`..`, a
 * hidden file, and our own temporary files). Saying which names are fine is safer than listing the
 * bad ones: nobody can think of every bad spelling, and one missed is one file written anywhere.
 */
const SAFE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$/;

/** The start of every temporary file's name. A leading dot: no client can ask for one by name. */
const TEMP_PREFIX = '.upload-';

async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  // The raw path, not decoded: the name is checked exactly as it was sent (see SAFE_NAME).
  const [target = '/'] = (req.url ?? '/').split('?');
  if (!target.startsWith('/files/')) return sendText(res, 404, 'Not found. Files live at /files/<name>.');

  const name = target.slice('/files/'.length);
  if (!SAFE_NAME.test(name)) {
    return sendText(res, 400, 'A file name may hold letters, digits, ".", "_" and "-", must not start with a dot, and has at most 100 characters.');
  }
  // Always inside filesDir: a safe name is a single plain file name.
  const file = path.join(filesDir, name);

  if (req.method === 'GET') return sendFile(res, file);
  if (req.method === 'POST') return receiveUpload(req, res, name, file);
  res.setHeader('Allow', 'GET, POST');
  sendText(res, 405, 'Use GET to download a file and POST to upload one.');
}

/**
 * GET: the stored bytes, exactly, a piece at a time. The file is opened once, and its size and its
 * bytes both come from that opening: an upload that renames a new version over it meanwhile does
 * not change what this answer sends, so the Content-Length stays true.
 */
async function sendFile(res: http.ServerResponse, file: string): Promise<void> {
  const opened = await open(file, 'r').catch(() => undefined);
  if (opened === undefined) return sendText(res, 404, 'No file has been uploaded under this name.');
  try {
    const info = await opened.stat();
    if (!info.isFile()) return sendText(res, 404, 'No file has been uploaded under this name.');
    // Bytes, not text: the client gets them as they were sent, and decides what they are.
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': info.size });
    await pipeline(opened.createReadStream({ autoClose: false }), res);
  } catch {
    // The client left half-way (or the disk failed): the headers are out, so cut the connection.
    res.destroy();
  } finally {
    await opened.close();
  }
}

/**
 * POST: the body goes to disk as it arrives, never whole into memory. It is written under a
 * temporary name in the same folder and renamed to its real name only once the last byte is in:
 *
 *   body ──► .upload-<random> (growing) ──complete?──► rename to <name> ──► 201 Created
 *                                        └─cut off?──► delete it, and <name> is untouched
 *
 * A rename within one folder is atomic: a GET sees the old file or the new one, never half of
 * one. So a POST to a name that exists replaces that file, whole, when the new body is complete.
 */
async function receiveUpload(req: http.IncomingMessage, res: http.ServerResponse, name: string, file: string): Promise<void> {
  // node has already read the framing (lesson 9 does it by hand), so these two headers say how
  // the body ends: after Content-Length bytes, or at the last chunk.
  const length = req.headers['content-length'];
  const chunked = req.headers['transfer-encoding'] !== undefined;
  if (length === undefined && !chunked) {
    return sendText(res, 411, 'An upload needs a Content-Length (or Transfer-Encoding: chunked), so the server knows where it ends.');
  }
  // Refused from the head alone: the client need not send a byte of the body.
  if (length !== undefined && Number(length) > MAX_UPLOAD_BYTES) return tooLarge(res);

  // A client that sent "Expect: 100-continue" (curl does, for large files) waits for this before
  // it sends the body. It goes out only now, after the checks: a refused upload never gets it.
  if (/^100-continue$/i.test(req.headers.expect ?? '')) res.writeContinue();

  const temp = path.join(filesDir, `${TEMP_PREFIX}${randomUUID()}`);
  try {
    // pipeline waits for the disk before it takes the next piece (backpressure), and on any
    // error, a client hanging up among them, it stops every stream and rejects.
    await pipeline(req, limitTo(MAX_UPLOAD_BYTES), createWriteStream(temp, { flags: 'wx' }));
    await rename(temp, file);
  } catch (error) {
    // A partial upload is not an upload: nothing of it may stay behind.
    await rm(temp, { force: true, maxRetries: 3 });
    if (error instanceof TooLarge) return tooLarge(res);
    // The client hung up (node calls that ECONNRESET): nobody is left to answer. Anything else
    // is our own failure, the disk say: a 500.
    if ((error as NodeJS.ErrnoException).code === 'ECONNRESET') return;
    throw error;
  }
  res.setHeader('Location', `/files/${name}`);
  sendText(res, 201, `Stored ${name}: GET /files/${name} gives it back.`);
}

/** Thrown by limitTo when a body grows past its limit. */
class TooLarge extends Error {}

/**
 * Passes the body on unchanged, and stops it once it grows past `maxBytes`. A chunked body says
 * nothing of its size in advance, so counting as it arrives is the only way to stop a client that
 * would fill the disk.
 */
function limitTo(maxBytes: number): Transform {
  let received = 0;
  return new Transform({
    transform(piece: Buffer, _encoding, done) {
      received += piece.length;
      if (received > maxBytes) done(new TooLarge(`The body is larger than ${maxBytes} bytes.`));
      else done(null, piece);
    },
  });
}

/**
 * 413, and the connection closes after it: the rest of the body is not worth reading. A body
 * stopped half-way by limitTo has, most often, taken the connection with it (pipeline stops req,
 * and node cuts the socket): that client sees the connection close instead, and nothing is kept.
 */
function tooLarge(res: http.ServerResponse): void {
  if (res.headersSent || res.destroyed) return;
  res.setHeader('Connection', 'close');
  sendText(res, 413, `An upload may be at most ${MAX_UPLOAD_BYTES / (1024 * 1024)} MB.`);
}

function sendText(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(`${text}\n`) });
  res.end(`${text}\n`);
}

/** Temporary files left by uploads that a crash cut off: nobody can finish them now. */
function removeLeftovers(): void {
  for (const entry of readdirSync(filesDir)) {
    if (entry.startsWith(TEMP_PREFIX)) rmSync(path.join(filesDir, entry), { force: true });
  }
}

mkdirSync(filesDir, { recursive: true });
removeLeftovers();

const server = http.createServer();
const answer = (req: http.IncomingMessage, res: http.ServerResponse) => {
  console.log(req.method, req.url);
  handle(req, res).catch((error: Error) => {
    // A full disk, say: the server answers 500 and keeps serving.
    console.error(error.message);
    if (!res.headersSent && !res.destroyed) sendText(res, 500, 'Something went wrong while storing the file.');
    else res.destroy();
  });
};
server.on('request', answer);
// Without this listener node answers "100 Continue" itself, before our checks have run.
server.on('checkContinue', answer);

server.listen(port, host, () => {
  console.log(`Uploads go to ${filesDir}; the server listens on http://${host}:${port}/files/`);
});
