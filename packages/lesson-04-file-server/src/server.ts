/**
 * The file server: the path of the request picks a file in the site folder, and we send it.
 *
 * In lesson 3 the server only described the request back to us. Now the path means something:
 * `/guide/caching.html` is the file `site/guide/caching.html`. That one idea brings four new
 * questions, each answered in a file of its own:
 *
 *   - Which file is that, and is it really inside the site?   resolve-path.ts, find-file.ts
 *   - What kind of file is it?                                content-type.ts
 *   - Does the browser have it already?                       conditional.ts
 *   - How do we send a big one?                               send-file.ts
 *
 * This file only puts the steps in order: `serve` below reads as the list of cases a request can
 * fall into, the first one that applies answers it.
 */
import { realpathSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { writeLogLine } from 'lesson-02-happy-server/src/log-writer.ts';
import { isNotModified, validatorsFor } from './conditional.ts';
import { sendErrorPage } from './error-page.ts';
import { findFile } from './find-file.ts';
import { failureLogLine, refusalLogLine, requestLogLine } from './log.ts';
import { sendFolderRedirect } from './redirect.ts';
import { resolvePath } from './resolve-path.ts';
import { sendFile } from './send-file.ts';

/** The demo site that comes with this lesson. */
export const DEMO_SITE = fileURLToPath(new URL('../site', import.meta.url));

/** The site's own page for "not found", looked for at the top of the site folder. */
export const NOT_FOUND_PAGE = '404.html';

export interface FileServerOptions {
  /** The folder to serve. Defaults to the demo site in this lesson's site/ folder. */
  root?: string;
  /**
   * Where each log line goes. Defaults to the terminal. Pass `false` for silence, or your own
   * function to collect the lines (the tests do both).
   */
  log?: ((line: string) => void) | false;
}

export function createServer(options: FileServerOptions = {}): http.Server {
  const log = options.log === false ? () => {} : (options.log ?? writeLogLine);
  const server = http.createServer(createRequestListener(options));
  answerBrokenRequests(server, log);
  return server;
}

/**
 * Bytes that node cannot parse as HTTP never reach the handler (see lesson 2): answer once and
 * close that connection. A raw NUL byte or a space in the path ends up here. (Lesson 14's faster
 * servers use this function as it is.)
 */
export function answerBrokenRequests(server: http.Server, log: (line: string) => void): void {
  // The answer each connection is on. If a request's body turns out to be broken once its answer
  // has started going out (a 405 goes out before the body is read), a second status line would
  // come after it, unasked: all we can do is close the connection. If the answer has not started
  // (a GET still looking for its file), the 400 is the answer.
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
}

/**
 * The file server without a server around it: what to do with each request. createServer above
 * hands it to node:http; lesson 13 hands the same function to node:https.
 */
export function createRequestListener(options: FileServerOptions = {}): http.RequestListener {
  const log = options.log === false ? () => {} : (options.log ?? writeLogLine);
  // The site folder with any links in its own path followed, once, now. find-file.ts compares
  // the real place of every file with this real root. (Throws if the folder does not exist.)
  const root = realpathSync(options.root ?? DEMO_SITE);

  return (request, response) => {
    // We never read a request body, but it must not stay stuck in the connection (lesson 2).
    request.resume();
    // 'close' comes once per response, whether it was finished or cut off: one log line each.
    response.on('close', () => {
      log(requestLogLine(request.method ?? '', request.url ?? '', response.statusCode, response.writableFinished));
    });

    serve(request, response, root).catch((error: unknown) => {
      // Every request a client can make is answered inside `serve`. Landing here means a bug of
      // ours or a failing disk: say so in the log, and give the client an honest 500.
      log(failureLogLine(error));
      if (response.headersSent) response.destroy();
      else sendErrorPage(response, 500, 'Something went wrong inside the server. Its log says what.');
    });
  };
}

/** The cases a request can fall into, in order. Each `return` is one answer. */
async function serve(request: IncomingMessage, response: ServerResponse, root: string): Promise<void> {
  const method = request.method ?? '';
  const withBody = method !== 'HEAD';

  // 1. A file server only hands files out. Any other method gets 405, and Allow lists the ones
  //    that work here.
  if (method !== 'GET' && method !== 'HEAD') {
    return sendErrorPage(response, 405, `This server only hands out files, so ${method} is not allowed.`, { Allow: 'GET, HEAD' });
  }

  // 2. From the path in the address to a path on disk, or a refusal. Nothing touches the disk
  //    before this check has passed.
  const asked = resolvePath(root, request.url ?? '/');
  if (!asked.ok) return sendErrorPage(response, asked.status, asked.reason);

  // 3. What is there? A folder asked for without its slash is sent to the slash form first;
  //    with the slash, it stands for the index.html inside it.
  let found = await findFile(root, asked.filePath);
  if (found.kind === 'folder') {
    if (!asked.endsWithSlash) return sendFolderRedirect(response, asked.relative);
    found = await findFile(root, path.join(found.path, 'index.html'));
  } else if (asked.endsWithSlash) {
    // `/index.html/` asks for a folder, and a file is not one.
    found = { kind: 'missing' };
  }

  // 4. Nothing we may serve: the site's own "not found" page.
  if (found.kind !== 'file') return sendNotFound(response, root, request.url ?? '/', withBody);

  // 5. The browser already holds this version: 304 and no body.
  const validators = validatorsFor(found.stats);
  const caching = {
    ETag: validators.etag,
    'Last-Modified': validators.lastModified,
    // "Keep it, but ask me before each use." Without this, a browser guesses how long a file
    // stays fresh and uses its copy without asking at all, and you would never see a 304.
    'Cache-Control': 'no-cache',
  };
  if (isNotModified(request.headers, validators)) {
    response.writeHead(304, caching);
    response.end();
    return;
  }

  // 6. Send the file.
  await sendFile(response, { path: found.path, size: found.stats.size }, { status: 200, headers: caching, withBody });
}

/** 404 with the site's own 404.html when it has one, and a page of our own when it has not. */
export async function sendNotFound(response: ServerResponse, root: string, target: string, withBody: boolean): Promise<void> {
  const page = await findFile(root, path.join(root, NOT_FOUND_PAGE));
  if (page.kind === 'file') {
    return sendFile(response, { path: page.path, size: page.stats.size }, { status: 404, withBody });
  }
  return sendErrorPage(response, 404, `There is no file at ${target} on this site.`);
}

/** The parser's error code says what was wrong; we answer with the status node itself would pick. */
function statusLineFor(code: string | undefined): string {
  if (code === 'HPE_HEADER_OVERFLOW') return 'HTTP/1.1 431 Request Header Fields Too Large';
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return 'HTTP/1.1 408 Request Timeout';
  return 'HTTP/1.1 400 Bad Request';
}

/** True when this answer has begun to go out while its request's body is still arriving. */
function startedAnswering(response: ServerResponse | undefined): boolean {
  return response?.headersSent === true && !response.req.complete;
}
