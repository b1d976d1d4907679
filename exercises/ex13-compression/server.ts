// Exercise 13: compression. Read README.md in this folder first.
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

const port = Number(process.env.PORT ?? 8080);
// 127.0.0.1: only this computer can reach the server. HOST=0.0.0.0 opens it to your network.
const host = process.env.HOST || '127.0.0.1';
const publicDir = path.resolve('public');

// You will need these two: each turns a Buffer into its compressed form.
const gzip = promisify(zlib.gzip);
const brotliCompress = promisify(zlib.brotliCompress);

/**
 * The coding to answer in, from the request's Accept-Encoding header: 'br', 'gzip', 'identity'
 * (the body as it is), or null when the client accepts none of them (the server then says 406).
 * `header` is undefined when the request has no Accept-Encoding.
 */
function chooseEncoding(header: string | undefined): 'br' | 'gzip' | 'identity' | null {
  // TODO: read the list ("gzip;q=0.5, br, *;q=0"): each item is a coding and an optional
  //       weight q (1 when left out, 0 means "never"). Pick br or gzip when the client accepts
  //       them, the higher weight first, br when they weigh the same. See README.md for identity,
  //       "*" and when to answer null.
  void header;
  return 'identity';
}

/** Sends a text answer, compressed when the client accepts it. */
async function sendText(req: http.IncomingMessage, res: http.ServerResponse, contentType: string, body: Buffer): Promise<void> {
  const coding = chooseEncoding(req.headers['accept-encoding']);
  // TODO: if coding is null, answer 406 Not Acceptable.
  // TODO: if coding is 'br' or 'gzip', compress the body, say so in Content-Encoding, and make
  //       Content-Length the length of the compressed bytes.
  // TODO: every text answer says Vary: Accept-Encoding, compressed or not.
  void coding;
  res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': body.length });
  res.end(body);
}

const server = http.createServer(async (req, res) => {
  console.log(req.method, req.url, req.headers['accept-encoding'] ?? '');
  const url = req.url ?? '/';

  // GET /echo/<text>: the text back, as plain text. (You do not need to change this part.)
  if (url.startsWith('/echo/')) {
    let text: string;
    try {
      text = decodeURIComponent(url.slice('/echo/'.length));
    } catch {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': 17 });
      res.end('Bad percent-code\n');
      return;
    }
    return sendText(req, res, 'text/plain; charset=utf-8', Buffer.from(text));
  }

  // Files from public/: / is index.html. Only names without slashes or dots in front, so no
  // path can lead out of public/ (ex06 shows the full check).
  const name = url === '/' ? 'index.html' : url.slice(1);
  if (!/^[a-z0-9-]+\.(html|png)$/i.test(name)) return notFound(res);
  let body: Buffer;
  try {
    body = await readFile(path.join(publicDir, name));
  } catch {
    return notFound(res);
  }
  if (name.endsWith('.png')) {
    // A PNG is compressed already: it goes as it is, whatever the client accepts.
    res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': body.length });
    res.end(body);
    return;
  }
  return sendText(req, res, 'text/html; charset=utf-8', body);
});

function notFound(res: http.ServerResponse): void {
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': 10 });
  res.end('Not found\n');
}

server.listen(port, host, () => {
  console.log(`Listening on http://${host}:${port}/`);
});
