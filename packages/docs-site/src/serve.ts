/**
 * A small static file server for the built site, on node:http. It is the file server of lesson 4
 * in miniature: decode the path once, refuse anything that leaves the site's folder, and send
 * each file with its type and length.
 */
import { createReadStream, statSync, type Stats } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
};

export type SiteServer = { url: string; close(): Promise<void> };

/** Serves `folder` on 127.0.0.1 at `port` (0: any free port). */
export function serveSite(folder: string, port: number): Promise<SiteServer> {
  const server = http.createServer((request, response) => {
    const file = fileFor(folder, request.url ?? '/');
    const stats = file === undefined ? undefined : statsOf(file);
    if (file === undefined || stats === undefined) {
      const notFound = path.join(folder, '404.html');
      const size = statsOf(notFound)?.size;
      response.writeHead(404, { 'Content-Type': TYPES['.html']!, 'Content-Length': size ?? 0 });
      if (request.method === 'HEAD' || size === undefined) response.end();
      else createReadStream(notFound).pipe(response);
      return;
    }
    // The browser may keep a copy, but must ask each time whether it is still current: after a
    // rebuild it gets the new file, otherwise a short 304 (and mermaid is not sent again).
    const etag = `"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}"`;
    if (request.headers['if-none-match'] === etag) {
      response.writeHead(304, { ETag: etag, 'Cache-Control': 'no-cache' });
      response.end();
      return;
    }
    response.writeHead(200, {
      'Content-Type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': stats.size,
      'Cache-Control': 'no-cache',
      ETag: etag,
    });
    if (request.method === 'HEAD') response.end();
    else createReadStream(file).pipe(response);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port: actual } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${actual}/`,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

/** The file a URL names inside the site's folder, or undefined for a path that tries to leave it. */
function fileFor(folder: string, url: string): string | undefined {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url, 'http://site').pathname);
  } catch {
    return undefined; // a malformed %-escape
  }
  if (pathname.includes('\0')) return undefined;
  const file = path.join(folder, pathname.endsWith('/') ? `${pathname}index.html` : pathname);
  const inside = path.relative(folder, file);
  if (inside.startsWith('..') || path.isAbsolute(inside)) return undefined;
  return file;
}

function statsOf(file: string): Stats | undefined {
  try {
    const stats = statSync(file);
    return stats.isFile() ? stats : undefined;
  } catch {
    return undefined;
  }
}
