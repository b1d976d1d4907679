// Exercise 12: uploads. Read README.md in this folder first.
import { mkdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';

const port = Number(process.env.PORT ?? 8080);
// 127.0.0.1: only this computer can reach the server. HOST=0.0.0.0 opens it to your network.
const host = process.env.HOST || '127.0.0.1';

// Where uploads are kept. The tests set FILES_DIR to a temporary folder of their own; by hand,
// the files go to files/ next to this file (its .gitignore keeps them out of git).
const filesDir = path.resolve(process.env.FILES_DIR ?? 'files');

// TODO: refuse an upload larger than this with 413, from its Content-Length, before reading
//       a byte of its body. A chunked body gives no length: stop it when it grows past this.
const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const [target = '/'] = (req.url ?? '/').split('?');
  if (!target.startsWith('/files/')) return sendText(res, 404, 'Not found. Files live at /files/<name>.');

  // TODO: refuse (400) every name that could lead out of filesDir: "..", an encoded slash or dot
  //       (%2f, %2e%2e), a backslash, a NUL (%00), a leading dot. As it is, POST /files/..%2fx
  //       writes a file next to filesDir, and GET /files/..%2fserver.ts would read anything.
  const name = decodeURIComponent(target.slice('/files/'.length));
  const file = path.join(filesDir, name);

  if (req.method === 'GET') {
    try {
      const body = await readFile(file);
      // TODO: say what this is: Content-Type: application/octet-stream (bytes, as they came).
      res.writeHead(200, { 'Content-Length': body.length });
      res.end(body);
      return;
    } catch {
      return sendText(res, 404, 'No file has been uploaded under this name.');
    }
  }

  if (req.method === 'POST') {
    // TODO: 411 Length Required when the request has no Content-Length and is not chunked.
    // TODO: stream the body to disk as it arrives (pipeline(req, createWriteStream(...))),
    //       instead of holding all of it in memory first.
    const body = await readWholeBody(req);
    // TODO: write to a temporary name in filesDir, and rename it to `file` only once the body
    //       is complete. An upload cut off half-way must leave nothing behind.
    await writeFile(file, body);
    // TODO: answer 201 Created, with Location: /files/<name>.
    return sendText(res, 200, 'Saved.');
  }

  sendText(res, 405, 'Use GET to download a file and POST to upload one.');
}

/** The whole body, in memory: simple, and a crashed server when someone uploads 2 GB. */
function readWholeBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const pieces: Buffer[] = [];
    req.on('data', (piece: Buffer) => pieces.push(piece));
    req.on('end', () => resolve(Buffer.concat(pieces)));
    req.on('error', reject);
  });
}

// ---- Given: you do not need to change anything below this line. ----

function sendText(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(`${text}\n`) });
  res.end(`${text}\n`);
}

mkdirSync(filesDir, { recursive: true });

const server = http.createServer((req, res) => {
  console.log(req.method, req.url);
  handle(req, res).catch((error: Error) => {
    // A client that hangs up half-way, or a disk that is full, must not stop the server.
    console.error(error.message);
    if (!res.headersSent) sendText(res, 500, 'Something went wrong while storing the file.');
  });
});

server.listen(port, host, () => {
  console.log(`Uploads go to ${filesDir}; the server listens on http://${host}:${port}/files/`);
});
