/**
 * The practical limit in the files benchmark: node:http and fs.createReadStream, nothing more.
 * It serves the folder in SITE_DIR on 127.0.0.1:PORT. Anything a real file server adds (content
 * types, caching headers, ranges, directory listings, logs) costs time, so a file server written
 * in Node is not expected to beat this one by much.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream';

const root = path.resolve(process.env.SITE_DIR ?? '.');

async function serve(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
  // URL folds `/../` away, and the startsWith check below catches anything that still escapes.
  const urlPath = new URL(request.url ?? '/', 'http://localhost').pathname;
  const file = path.join(root, urlPath.endsWith('/') ? `${urlPath}index.html` : urlPath);
  const info = file.startsWith(root + path.sep) ? await stat(file).catch(() => null) : null;
  if (!info?.isFile()) return void response.writeHead(404).end();
  const type = file.endsWith('.html') ? 'text/html; charset=utf-8' : 'application/octet-stream';
  response.writeHead(200, { 'Content-Type': type, 'Content-Length': info.size });
  // pipeline, not pipe: when a client hangs up half-way, the file is closed too.
  pipeline(createReadStream(file), response, () => {});
}

http.createServer((request, response) => void serve(request, response).catch(() => response.destroy())).listen(Number(process.env.PORT), '127.0.0.1');
