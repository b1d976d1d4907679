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
import { writeLogLine } from 'lesson-02-happy-server/src/log-writer.ts';
import { isNotModified } from 'lesson-04-file-server/src/conditional.ts';
import { sendErrorPage } from 'lesson-04-file-server/src/error-page.ts';
import { type Found, findFile } from 'lesson-04-file-server/src/find-file.ts';
import { failureLogLine, requestLogLine } from 'lesson-04-file-server/src/log.ts';
import { sendFolderRedirect } from 'lesson-04-file-server/src/redirect.ts';
import { resolvePath } from 'lesson-04-file-server/src/resolve-path.ts';
import { answerBrokenRequests, DEMO_SITE, type FileServerOptions, sendNotFound } from 'lesson-04-file-server/src/server.ts';
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
  const server = http.createServer(createRequestListener(options));
  // As in lesson 4, with lesson 4's own code: bytes node cannot parse get one answer, and the
  // connection closes.
  answerBrokenRequests(server, options.log === false ? () => {} : (options.log ?? writeLogLine));
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
