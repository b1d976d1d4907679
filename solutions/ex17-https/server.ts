// Exercise 17: HTTPS, solved.
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

// As in lesson 13: PORT is plain HTTP, where visitors who type http:// arrive, and HTTPS_PORT is
// for the server over TLS.
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

// Without them there is nothing to serve HTTPS with: say what to do, rather than a stack trace.
if (!existsSync(certFile) || !existsSync(keyFile)) {
  console.error(`There is no certificate in ${certDir} yet. Make one with:\n  pnpm workbook cert\nand start the server again.`);
  process.exit(1);
}

// The names the certificate is for: the only ones we send visitors on to.
const ourNames = ['localhost', '127.0.0.1', '[::1]'];

const publicDir = path.resolve('public');
const errorPage = path.join(publicDir, 'Error.html');

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
};

// The certificate tells every client who we are; the key proves the certificate is ours.
const server = https.createServer({ key: readFileSync(keyFile), cert: readFileSync(certFile) }, handle);

async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  console.log(req.method, req.url);
  // Five minutes, not a year: the browser keeps the promise for every port of localhost, and the
  // other exercises speak plain HTTP there.
  res.setHeader('Strict-Transport-Security', 'max-age=300');

  const file = await findFile(req.url ?? '/');
  if (file === path.join(publicDir, 'index.html')) {
    // Remembers that this browser has been here. HttpOnly: no script on the page reads it.
    // Secure: the browser sends it back over https:// only, never in the clear.
    res.setHeader('Set-Cookie', 'visited=yes; Path=/; Secure; HttpOnly; SameSite=Lax');
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

/** The name in a Host header (without its port), or null when it is not one we answer for. */
function ourNameIn(hostHeader: string | undefined): string | null {
  if (!hostHeader) return null;
  try {
    // The URL parser splits off the port, and reads capitals and odd spellings as a browser does.
    const name = new URL(`http://${hostHeader}/`).hostname;
    return ourNames.includes(name) ? name : null;
  } catch {
    return null; // not a host name at all
  }
}

// The plain-HTTP port serves nothing: it only sends visitors to the same address over HTTPS.
const redirectServer = http.createServer((req, res) => {
  // A POST's body is not ours to read: after a 308 the browser sends it again, to https://.
  req.resume();
  const name = ourNameIn(req.headers.host);
  const target = req.url ?? '/';
  // The name comes from the client. Copied blindly, Host: evil.example would send our visitors
  // there; and a request line without a leading / (GET http://evil.example/) is no path of ours.
  if (!name || !target.startsWith('/')) {
    res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(`This server answers for ${ourNames.join(', ')} only.\n`);
    return;
  }
  // 308, not 301: after a 301 a browser may turn a POST into a GET and drop the form.
  res.writeHead(308, { Location: `https://${name}:${httpsPort}${target}`, 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(`This site is on https://${name}:${httpsPort}${target}\n`);
});

redirectServer.listen(port, host, () => {
  console.log(`Sending http://${host}:${port}/ on to https://${host}:${httpsPort}/`);
});

server.listen(httpsPort, host, () => {
  console.log(`Listening on https://${host}:${httpsPort}/`);
});
