/**
 * Step 4: step 3's server, sending.
 *
 * The cache already knows each file. This step changes how the answer leaves: the headers as a
 * ready list and a small file in one write (send-cached.ts), big files in bigger pieces, and a
 * precompressed sibling (`style.css.br`) when the client can unpack it (precompressed.ts).
 *
 * Compare this file with step 3's server.ts: the lookup now also picks the version to send,
 * and the slow path caches the file with its siblings.
 */
import { realpathSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { writeLogLine } from 'lesson-02-happy-server/src/log-writer.ts';
import { isNotModified } from 'lesson-04-file-server/src/conditional.ts';
import { sendErrorPage } from 'lesson-04-file-server/src/error-page.ts';
import { type Found, findFile } from 'lesson-04-file-server/src/find-file.ts';
import { failureLogLine, refusalLogLine, requestLogLine } from 'lesson-04-file-server/src/log.ts';
import { sendFolderRedirect } from 'lesson-04-file-server/src/redirect.ts';
import { resolvePath } from 'lesson-04-file-server/src/resolve-path.ts';
import { sendFile } from 'lesson-04-file-server/src/send-file.ts';
import { DEMO_SITE, type FileServerOptions, NOT_FOUND_PAGE } from 'lesson-04-file-server/src/server.ts';
import { hasSettled, SETTLE_MS } from '../3-cache/check-on-use.ts';
import { FileCache } from '../3-cache/file-cache.ts';
import type { CachedFile } from './cached-file.ts';
import { cacheWithSiblings, chooseVersion } from './precompressed.ts';
import { sendCachedFile } from './send-cached.ts';

export interface FastServerOptions extends FileServerOptions {
  /** The cache to use; the tests pass a small one to look inside. One per server by default. */
  cache?: FileCache<CachedFile>;
  /**
   * How long a file must have been left alone before it is kept (check-on-use.ts, SETTLE_MS).
   * Lesson 4's tests, run against this step, set 0: their sites are copied a moment before.
   */
  settleMs?: number;
}

export function createServer(options: FastServerOptions = {}): http.Server {
  const log = options.log === false ? () => {} : (options.log ?? writeLogLine);
  const server = http.createServer(createRequestListener(options));

  // As in lesson 4: a broken body after the answer has started closes the connection; before it, the 400 is the answer.
  const answering = new WeakMap<Duplex, ServerResponse>();
  server.on('request', (request: IncomingMessage, response: ServerResponse) => answering.set(request.socket, response));
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable || startedAnswering(answering.get(socket))) {
      socket.destroy();
      return;
    }
    const statusLine = statusLineFor(error.code);
    log(refusalLogLine(statusLine, error.code ?? error.message));
    socket.end(`${statusLine}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
  });

  return server;
}

export function createRequestListener(options: FastServerOptions = {}): http.RequestListener {
  const log = options.log === false ? () => {} : (options.log ?? writeLogLine);
  const root = realpathSync(options.root ?? DEMO_SITE);
  const cache = options.cache ?? new FileCache<CachedFile>();
  const settleMs = options.settleMs ?? SETTLE_MS;

  return (request, response) => {
    request.resume();
    response.on('close', () => {
      log(requestLogLine(request.method ?? '', request.url ?? '', response.statusCode, response.writableFinished));
    });

    serve(request, response, root, cache, settleMs).catch((error: unknown) => {
      log(failureLogLine(error));
      if (response.headersSent) response.destroy();
      else sendErrorPage(response, 500, 'Something went wrong inside the server. Its log says what.');
    });
  };
}

/** Lesson 4's cases, in lesson 4's order, with the cache in front of the disk. */
async function serve(request: IncomingMessage, response: ServerResponse, root: string, cache: FileCache<CachedFile>, settleMs: number): Promise<void> {
  const method = request.method ?? '';
  const withBody = method !== 'HEAD';

  // 1. Only GET and HEAD.
  if (method !== 'GET' && method !== 'HEAD') {
    return sendErrorPage(response, 405, `This server only hands out files, so ${method} is not allowed.`, { Allow: 'GET, HEAD' });
  }

  // Step 3: have we seen this very target before, and is its file unchanged? Then cases 2 to 4
  // would only find what they found last time. New: of the file and its siblings, the version
  // this client takes.
  const target = request.url ?? '/';
  const acceptEncoding = request.headers['accept-encoding'];
  const cached = cache.get(target);
  let file = cached && chooseVersion(cached, acceptEncoding);

  if (file === undefined) {
    // Not seen, or its file or chosen sibling changed: forget it and ask the disk again.
    cache.delete(target);
    // 2. From the path in the address to a path on disk, or a refusal.
    const asked = resolvePath(root, target);
    if (!asked.ok) return sendErrorPage(response, asked.status, asked.reason);

    // 3. What is there? `checkPath` is the same place as the request names it, links and all:
    //    the path the cache will check on every use.
    let checkPath = asked.filePath;
    let found: Found = await findFile(root, asked.filePath);
    if (found.kind === 'folder') {
      if (!asked.endsWithSlash) return sendFolderRedirect(response, asked.relative);
      checkPath = path.join(asked.filePath, 'index.html');
      found = await findFile(root, path.join(found.path, 'index.html'));
    } else if (asked.endsWithSlash) {
      found = { kind: 'missing' };
    }

    // 4. Nothing we may serve. Not cached: a file added later must be found at once.
    if (found.kind !== 'file') return sendNotFound(response, root, target, withBody);

    // Remember what we found, with its siblings, once all of them have settled. Should the sibling
    // change in this very moment, the plain file is the answer that is always right.
    const fresh = await cacheWithSiblings(root, checkPath, found);
    const versions = [fresh, ...Object.values(fresh.siblings)];
    if (versions.every((version) => hasSettled(version.snapshot, settleMs))) cache.set(target, fresh);
    file = chooseVersion(fresh, acceptEncoding) ?? fresh;
  }

  // 5. The browser already holds this version.
  if (isNotModified(request.headers, file.validators)) {
    response.writeHead(304, file.caching);
    response.end();
    return;
  }

  // 6. Send the file.
  await sendCachedFile(response, file, withBody);
}

/** As in lesson 4: the site's own 404.html, or a page of our own. */
async function sendNotFound(response: ServerResponse, root: string, target: string, withBody: boolean): Promise<void> {
  const page = await findFile(root, path.join(root, NOT_FOUND_PAGE));
  if (page.kind === 'file') {
    return sendFile(response, { path: page.path, size: page.stats.size }, { status: 404, withBody });
  }
  return sendErrorPage(response, 404, `There is no file at ${target} on this site.`);
}

function statusLineFor(code: string | undefined): string {
  if (code === 'HPE_HEADER_OVERFLOW') return 'HTTP/1.1 431 Request Header Fields Too Large';
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return 'HTTP/1.1 408 Request Timeout';
  return 'HTTP/1.1 400 Bad Request';
}

/** True when this answer has begun to go out while its request's body is still arriving. */
function startedAnswering(response: ServerResponse | undefined): boolean {
  return response?.headersSent === true && !response.req.complete;
}
