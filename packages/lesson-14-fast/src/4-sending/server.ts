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
import { writeLogLine } from 'lesson-02-happy-server/src/log-writer.ts';
import { isNotModified } from 'lesson-04-file-server/src/conditional.ts';
import { sendErrorPage } from 'lesson-04-file-server/src/error-page.ts';
import { type Found, findFile } from 'lesson-04-file-server/src/find-file.ts';
import { failureLogLine, requestLogLine } from 'lesson-04-file-server/src/log.ts';
import { sendFolderRedirect } from 'lesson-04-file-server/src/redirect.ts';
import { resolvePath } from 'lesson-04-file-server/src/resolve-path.ts';
import { answerBrokenRequests, DEMO_SITE, type FileServerOptions, sendNotFound } from 'lesson-04-file-server/src/server.ts';
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
