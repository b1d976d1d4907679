/**
 * The message board: a page anyone can read, a form anyone can post to, and a button that clears
 * it all. It is the first server in the workbook that keeps what it is told, and the first that
 * takes input from strangers, so most of this lesson is about saying no in the right way.
 *
 *   GET  /          the board (HEAD too)
 *   POST /messages  add the message in the form field `message`, then 303 back to /
 *   POST /clear     remove every message, then 303 back to /
 *   GET  /events    new in lesson 11: the live view, a stream of server-sent events (live-events.ts)
 *   GET  /live.js   new in lesson 11: the page's script that reads it (live.js)
 *
 * Anything else gets 404, or 405 when the path exists but the method does not.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { writeLogLine } from 'lesson-02-happy-server/src/log-writer.ts';
import { LiveEvents } from './live-events.ts';
import { failureLogLine, requestLogLine } from './log.ts';
import { CLEAR_PATH, EVENTS_PATH, POST_PATH, renderBoard, SCRIPT_PATH } from './page.ts';
import { readForm } from './read-form.ts';
import { crossSiteReason } from './same-origin.ts';
import { loadBoard, type Board } from './store.ts';

/** data/messages.jsonl inside this package, unless BOARD_FILE says otherwise. */
export const DEFAULT_BOARD_FILE = fileURLToPath(new URL('../../data/messages.jsonl', import.meta.url));

/**
 * Sent with the page, as a second line of defence. escapeHtml already makes every message plain
 * text; if one ever slipped through, this tells the browser to run no script but our own
 * /live.js (an inline <script> in a message would not run), to open no stream but ours, load
 * nothing from elsewhere, send forms only to us, and show the page in no other site's frame (so
 * no other site can lay it under a fake button and trick you into pressing Clear).
 */
export const CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";

/** The page's script, read once at start: it is part of the program, not of the data. */
const LIVE_SCRIPT = readFileSync(new URL('./live.js', import.meta.url));

export interface BoardServerOptions {
  /** The board file. Defaults to BOARD_FILE from the environment, then DEFAULT_BOARD_FILE. */
  file?: string;
  /**
   * Where each log line goes. Defaults to the terminal. Pass `false` for silence, or your own
   * function to collect the lines (the tests do both).
   */
  log?: ((line: string) => void) | false;
  /** The open live views and their recent events. The tests pass their own, to look inside. */
  live?: LiveEvents;
}

type Handler = (request: http.IncomingMessage, response: http.ServerResponse, board: Board, live: LiveEvents) => Promise<void> | void;

/** Each case says which requests it takes; the first one that matches handles the request. */
const routes: Array<{ method: 'GET' | 'POST'; path: string; handle: Handler }> = [
  { method: 'GET', path: '/', handle: showBoard },
  { method: 'POST', path: POST_PATH, handle: postMessage },
  { method: 'POST', path: CLEAR_PATH, handle: clearBoard },
  { method: 'GET', path: EVENTS_PATH, handle: (request, response, _board, live) => live.open(request, response) },
  { method: 'GET', path: SCRIPT_PATH, handle: sendScript },
];

/** Loads the board file before anything else, and throws a BoardFileError if it cannot be used. */
export function createServer(options: BoardServerOptions = {}): http.Server {
  const log = options.log === false ? () => {} : (options.log ?? writeLogLine);
  const board = loadBoard(options.file ?? process.env.BOARD_FILE ?? DEFAULT_BOARD_FILE, log);
  const live = options.live ?? new LiveEvents({ log });

  const server = http.createServer((request, response) => {
    const url = request.url ?? '/';
    response.on('finish', () => log(requestLogLine(request.method ?? '', url, response.statusCode)));

    handle(request, response, board, live).catch((error: NodeJS.ErrnoException) => {
      // A client that hung up half-way through its request needs no answer.
      if (error.code === 'ECONNRESET') return;
      log(failureLogLine(error));
      if (response.headersSent) response.destroy();
      else sendText(response, 500, 'Sorry, the board could not do that. Nothing was changed; please try again.');
    });
  });
  // An open stream is an open connection, and server.close() waits for every connection to end:
  // with one tab open it would wait for ever. So closing the server ends the live views first.
  const closeServer = server.close.bind(server);
  server.close = (callback?: (error?: Error) => void) => {
    live.close();
    return closeServer(callback);
  };
  return server;
}

async function handle(request: http.IncomingMessage, response: http.ServerResponse, board: Board, live: LiveEvents): Promise<void> {
  // The query string is not part of the path: /?page=2 is still the board.
  const path = (request.url ?? '/').split('?')[0] ?? '/';
  // HEAD is a GET without the body; node leaves the body out by itself.
  const method = request.method === 'HEAD' ? 'GET' : request.method;

  const onPath = routes.filter((route) => route.path === path);
  const route = onPath.find((candidate) => candidate.method === method);
  if (onPath.length === 0) {
    return sendText(response, 404, `There is nothing at ${path}. The board is at /.`);
  }
  if (!route) {
    // 405 must say which methods do work here. A GET never changes anything, so a link or a
    // typed address cannot post or clear by accident.
    const allowed = onPath.flatMap((candidate) => (candidate.method === 'GET' ? ['GET', 'HEAD'] : [candidate.method]));
    response.setHeader('Allow', allowed.join(', '));
    return sendText(response, 405, `${request.method} is not allowed on ${path}. Allowed: ${allowed.join(', ')}.`);
  }
  if (route.method === 'POST') {
    const reason = crossSiteReason(request.headers);
    if (reason) return sendText(response, 403, `Refused: ${reason}. Nothing was changed.`);
  }
  await route.handle(request, response, board, live);
}

function showBoard(_request: http.IncomingMessage, response: http.ServerResponse, board: Board, live: LiveEvents): void {
  sendPage(response, 200, renderBoard({ messages: board.messages, lastEventId: live.lastId }));
}

function sendScript(_request: http.IncomingMessage, response: http.ServerResponse): void {
  response.writeHead(200, {
    'Content-Type': 'text/javascript; charset=utf-8',
    'Content-Length': LIVE_SCRIPT.length,
    'X-Content-Type-Options': 'nosniff',
  });
  response.end(LIVE_SCRIPT);
}

async function postMessage(request: http.IncomingMessage, response: http.ServerResponse, board: Board, live: LiveEvents): Promise<void> {
  const form = await readForm(request);
  if (!form.ok) return sendText(response, form.status, `Refused: ${form.reason}. Nothing was saved.`);

  const fields = form.fields.getAll('message');
  if (fields.length !== 1) {
    return sendText(response, 400, `Refused: the form needs exactly one "message" field, and it has ${fields.length}. Nothing was saved.`);
  }
  // Browsers send a textarea's line breaks as \r\n; we keep \n. Spaces around a message mean nothing.
  const text = (fields[0] ?? '').replaceAll('\r\n', '\n').trim();
  if (text === '') {
    // Not an error in the request's form, but in what it says: show the board again, with the
    // reason where the person is looking. 422 is "understood, but cannot do it".
    const error = 'Your message was empty, so it was not saved. Write something, then press Save.';
    return sendPage(response, 422, renderBoard({ messages: board.messages, lastEventId: live.lastId, error }));
  }

  const message = await board.post(text);
  // Told to every open tab once it is on disk, never before: what the live view shows is saved.
  // Nothing else runs between the push inside post() and this line (only promise steps), so a
  // page rendered meanwhile cannot show the message with an older lastId, and get it twice.
  live.publish('message', message);
  backToBoard(response);
}

async function clearBoard(request: http.IncomingMessage, response: http.ServerResponse, board: Board, live: LiveEvents): Promise<void> {
  // The Clear button's form has no fields, but it is still a form, with the same limits.
  const form = await readForm(request);
  if (!form.ok) return sendText(response, form.status, `Refused: ${form.reason}. Nothing was cleared.`);
  await board.clear();
  live.publish('clear', {});
  backToBoard(response);
}

/**
 * Post/redirect/get. Had we answered the POST with the page itself (as the source material did), the page in
 * the browser would be the result of a POST, and a reload would send the message again (after a
 * "Confirm form resubmission?" box nobody reads). 303 See Other says "the result is at Location:
 * go and GET it". The browser does, and the page on screen is now the result of a GET: a reload
 * only fetches it again.
 */
function backToBoard(response: http.ServerResponse): void {
  response.writeHead(303, { Location: '/', 'Content-Length': 0 });
  response.end();
}

function sendPage(response: http.ServerResponse, status: number, html: string): void {
  response.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  });
  response.end(html);
}

/** For refusals and errors: a sentence that curl shows as it is, and a browser shows as a page. */
function sendText(response: http.ServerResponse, status: number, text: string): void {
  response.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    // The client may still be sending a body we refused. Rather than read all of it to find where
    // the next request starts, we hang up after this answer.
    Connection: 'close',
  });
  response.end(text);
}
