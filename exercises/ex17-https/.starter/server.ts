// Exercise 17: HTTPS. Read README.md in this folder first.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

// As in lesson 13: PORT is plain HTTP, where visitors who type http:// arrive, and HTTPS_PORT is
// for the server over TLS. As it is, the file server itself answers on PORT, in plain HTTP.
const port = Number(process.env.PORT ?? 8080);
const httpsPort = Number(process.env.HTTPS_PORT ?? 8443);
// 127.0.0.1: only this computer can reach the server. HOST=0.0.0.0 opens it to your network.
const host = process.env.HOST || '127.0.0.1';

// Where the certificate and its key are: the folder `pnpm workbook cert` fills, .workbook/certs in
// the workbook (two folders up from this one), unless CERT_DIR names another. The tests make a
// new certificate for every run, in a folder of their own, and name it in CERT_DIR.
const certDir = path.resolve(process.env.CERT_DIR ?? path.join('..', '..', '.workbook', 'certs'));
const certFile = path.join(certDir, 'localhost.pem');
const keyFile = path.join(certDir, 'localhost-key.pem');

// Absolute, so the check in findFile compares one absolute path with another. path.resolve
// starts from the folder the server was started in: this exercise's folder.
const publicDir = path.resolve('public');
const errorPage = path.join(publicDir, 'Error.html');

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
};

// TODO 1: serve over HTTPS. Read certFile and keyFile (readFileSync), make this
//         https.createServer({ key, cert }, handle), from node:https, and listen on httpsPort.
const server = http.createServer(handle);

async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  console.log(req.method, req.url);
  // TODO 3: tell the browser to come back over HTTPS only, for five minutes:
  //         Strict-Transport-Security: max-age=300, on every answer of the HTTPS server.

  const file = await findFile(req.url ?? '/');
  if (file === path.join(publicDir, 'index.html')) {
    // Remembers that this browser has been here. HttpOnly: no script on the page reads it.
    // TODO 4: add Secure, so the browser sends it back over https:// only.
    res.setHeader('Set-Cookie', 'visited=yes; Path=/; HttpOnly; SameSite=Lax');
  }
  if (file) await sendFile(res, 200, file);
  else await sendFile(res, 404, errorPage);
}

/** The file in public/ that a request's path names, or null when there is none to send. */
async function findFile(url: string): Promise<string | null> {
  const urlPath = url.split('?')[0] ?? '/';
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const file = path.join(publicDir, decoded === '/' ? 'index.html' : decoded);
  const way = path.relative(publicDir, file);
  if (way === '' || way === '..' || way.startsWith(`..${path.sep}`) || path.isAbsolute(way)) return null;
  try {
    return (await stat(file)).isFile() ? file : null;
  } catch {
    return null;
  }
}

/** Sends a file a piece at a time, as in ex06. */
async function sendFile(res: http.ServerResponse, status: number, file: string): Promise<void> {
  const { size } = await stat(file);
  res.writeHead(status, {
    'Content-Type': contentTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': size,
  });
  try {
    await pipeline(createReadStream(file), res);
  } catch {
    res.destroy();
  }
}

server.listen(port, host, () => {
  console.log(`Listening on http://${host}:${port}/`);
});

// TODO 2: a second server, plain HTTP (node:http), listening on port. It serves no files: it
//         answers every request with 308 and Location: https://<the same name>:<httpsPort><req.url>,
//         the same path and query, on the HTTPS port. Take the name from the Host header only if
//         it is one the certificate is for (localhost, 127.0.0.1, [::1]); any other Host is a
//         stranger's, and gets 400.
