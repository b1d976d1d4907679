/**
 * Step 3: lesson 4's file server, with a memory of what the file system said.
 *
 * Lesson 4 asks the disk twice for every request (`realpath`, then `stat`) and works out the same
 * headers every time. For a site whose files rarely change, that is the same question with the
 * same answer, thousands of times a second. Here the answer is kept (file-cache.ts), and each use
 * is checked with one fast `stat` (check-on-use.ts), so a change on disk is seen at once.
 *
 * Compare this file with lesson 4's server.ts: the cases are the same and in the same order.
 * What is new is the lookup before case 2 and the `cacheFile` after case 4. Everything else is
 * lesson 4's own code, imported.
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
import { type CachedFile, cacheFile } from './cached-file.ts';
import { hasSettled, SETTLE_MS } from './check-on-use.ts';
import { FileCache } from './file-cache.ts';
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

  // New: have we seen this very target before, and is its file unchanged? Then cases 2 to 4
  // would only find what they found last time. The same target always resolves to the same path
  // (resolve-path.ts reads nothing but the string), and the check has just walked that path again.
  const target = request.url ?? '/';
  let file = cache.get(target);

  if (file === undefined) {
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

    // New: remember what we found.
    // A file saved a moment ago is sent, but not kept yet (see hasSettled).
    file = await cacheFile(checkPath, found);
    if (hasSettled(file.snapshot, settleMs)) cache.set(target, file);
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
