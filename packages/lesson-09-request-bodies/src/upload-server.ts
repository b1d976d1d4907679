/**
 * The upload server: files sent in the body of a request, stored, and sent back.
 *
 *     POST /files/<name>   (or PUT)  stores the body under <name> (replacing one of that name): 201, with Location
 *     GET  /files/<name>             the stored bytes, exactly, as application/octet-stream
 *     HEAD (any of the GETs)         the same head, without the body: curl -I asks this way
 *     GET  /                         the stored files, and curl commands to try
 *     GET  /headers                  the request's headers, as the server read them
 *
 * Built on this lesson's library, whose handler gets the body in pieces (request-body.ts). Before
 * it reads a single piece, the upload handler makes its own checks, each with its status:
 *
 *     a name that is not safe            400   (safe-name.ts)
 *     neither Content-Length nor chunked 411   we want to know where the body ends
 *     multipart/form-data                415   a browser form's wrapping, not a file
 *
 * A refusal here is sent without reading the body: the library then closes the connection,
 * and a client that sent `Expect: 100-continue` never gets its 100, so it never sends the body.
 * The library's own checks (both framings, a bad length, too large, bad chunks) come before
 * the handler, or from the `for await` as the body arrives.
 */
import { mkdirSync } from 'node:fs';
import type net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseMediaType } from './content-type.ts';
import { headersReport } from './headers-report.ts';
import { indexPage, listFiles } from './index-page.ts';
import { isSafeName, SAFE_NAME_RULE } from './safe-name.ts';
import { saveUpload } from './save-upload.ts';
import { sendFile } from './send-file.ts';
import { createServer as createHttpServer, type Handler, type Request, type Response } from './server.ts';

/** `data/` in this package: git ignores it, so uploads never end up in a commit. */
export const DEFAULT_FILES_DIR = fileURLToPath(new URL('../data/', import.meta.url));

export interface UploadServerOptions {
  /** Where uploads are stored (default: this package's `data/` folder). Created if missing. */
  filesDir?: string;
  /** The largest upload accepted, in bytes (default 100 MiB; larger gets 413). */
  maxUploadBytes?: number;
  /** Where each log line goes. Defaults to the terminal; `false` for silence. */
  log?: ((line: string) => void) | false;
  /** Passed on to the library, so tests can use a short timeout. */
  idleTimeoutMs?: number;
}

export function createServer(options: UploadServerOptions = {}): net.Server {
  const filesDir = path.resolve(options.filesDir ?? DEFAULT_FILES_DIR);
  mkdirSync(filesDir, { recursive: true });

  const get: Handler = async (request, response) => {
    const route = pathOf(request.target);
    if (route === '/') {
      const host = request.headers.get('host') ?? '127.0.0.1:8080';
      return sendText(response, 'text/html; charset=utf-8', indexPage(await listFiles(filesDir), host));
    }
    if (route === '/headers') return sendText(response, 'text/plain; charset=utf-8', headersReport(request));
    const name = fileName(route);
    if (name === undefined) return response.sendError(404, 'Nothing here. Files are at /files/<name>; the list is at /.');
    if (!isSafeName(name)) return response.sendError(400, SAFE_NAME_RULE);
    return sendFile(response, path.join(filesDir, name), name);
  };

  const upload: Handler = async (request, response) => {
    const name = fileName(pathOf(request.target));
    if (name === undefined) return response.sendError(404, 'Uploads go to /files/<name>.');
    if (!isSafeName(name)) return response.sendError(400, SAFE_NAME_RULE);
    const refusal = refuseBody(request);
    if (refusal) return response.sendError(refusal.status, refusal.explanation);

    const stored = await saveUpload(request.body, filesDir, name);
    const location = `/files/${name}`;
    response.logMessage(`stored ${stored} bytes as ${location}`);
    // 201 Created, also when it replaced a file of that name: a new version was made.
    response.sendResponse(201);
    response.sendHeader('Location', location);
    const text = `Stored ${stored} bytes at ${location}\n`;
    response.sendHeader('Content-Type', 'text/plain; charset=utf-8');
    response.sendHeader('Content-Length', Buffer.byteLength(text));
    response.endHeaders();
    response.write(text);
  };

  return createHttpServer({
    serverVersion: 'UploadServer/1.0',
    // HEAD is GET without the body: the library counts the bytes and sends none (lesson 6).
    handlers: { GET: get, HEAD: get, POST: upload, PUT: upload },
    maxBodyBytes: options.maxUploadBytes ?? 100 * 1024 * 1024,
    ...(options.log !== undefined && { log: options.log }),
    ...(options.idleTimeoutMs !== undefined && { idleTimeoutMs: options.idleTimeoutMs }),
  });
}

/** The route's own rules for a body, checked before a byte of it is read. */
function refuseBody(request: Request): { status: number; explanation: string } | undefined {
  const { headers } = request;
  // A request with neither header has, by the rules, an empty body. For an upload that is
  // almost always a mistake (or a client that meant to close the connection to end it, as in
  // HTTP/1.0), so we ask for a length instead of storing an empty file.
  if (!headers.has('content-length') && !headers.has('transfer-encoding')) {
    return { status: 411, explanation: 'Send the file with a Content-Length (curl --data-binary @file) or chunked (curl -T file).' };
  }
  const contentType = headers.get('content-type');
  if (contentType === undefined) return undefined;
  const type = parseMediaType(contentType);
  if (type === undefined) return { status: 415, explanation: `The Content-Type "${contentType}" is not a media type like application/octet-stream.` };
  if (type.type.startsWith('multipart/')) {
    return { status: 415, explanation: `This server stores a body as it is; ${type.type} wraps the file in parts. Send the file itself: curl -T file.` };
  }
  return undefined;
}

/** The path of the target, without its query: `/files/a.txt?x=1` is `/files/a.txt`. */
function pathOf(target: string): string {
  return target.split('?', 1)[0] ?? target;
}

/** `/files/<name>` gives `<name>` exactly as sent: not decoded, so `%2e%2e` stays unsafe. */
function fileName(route: string): string | undefined {
  return route.startsWith('/files/') ? route.slice('/files/'.length) : undefined;
}

function sendText(response: Response, type: string, text: string): void {
  response.sendResponse(200);
  response.sendHeader('Content-Type', type);
  response.sendHeader('Content-Length', Buffer.byteLength(text));
  response.endHeaders();
  response.write(text);
}
