/**
 * The message board of lesson 5, now with names: anyone can read it, but to post you sign in, each
 * message shows who wrote it, only its author can delete it, and only the admin can clear the board.
 *
 *   GET  /                 the board (HEAD too)
 *   GET  /sign-up          the form for a new name and password
 *   POST /sign-up          make the account, sign in, then 303 back to /
 *   GET  /sign-in          the form for a name and password
 *   POST /sign-in          check them, start a session (a new id, always), then 303 back to /
 *   POST /sign-out         end the session, then 303 back to /
 *   POST /messages         signed in: add the message in the form field `message`, then 303 back to /
 *   POST /messages/delete  signed in: delete the message whose id is in the field `id`, if it is yours
 *   POST /clear            the admin only: remove every message, then 303 back to /
 *
 * Anything else gets 404, or 405 when the path exists but the method does not.
 *
 * Built with node:http, like lesson 5, not with lesson 6's library: what this lesson adds is two
 * headers (Cookie in, Set-Cookie out) and some checks, and seeing them by hand is the point.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { TLSSocket } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { writeLogLine } from 'lesson-02-happy-server/src/log-writer.ts';
import { checkSignIn, NAME_RULE, signUp, WRONG_SIGN_IN } from './accounts.ts';
import { failureLogLine, requestLogLine, sessionsLogLine } from './log.ts';
import { CLEAR_PATH, DELETE_PATH, POST_PATH, renderBoard, SIGN_IN_PATH, SIGN_OUT_PATH, SIGN_UP_PATH, type Viewer } from './page.ts';
import { readForm } from './read-form.ts';
import { crossSiteReason } from './same-origin.ts';
import { expiredSessionCookie, sessionCookie, sessionIdFrom, sessionOf, type SessionCookies } from './session-cookie.ts';
import { SessionStore, type Session, type SessionLimits } from './sessions.ts';
import { renderSignIn } from './sign-in-page.ts';
import { loadBoard, type Board } from './store.ts';

/** data/messages.jsonl inside this package, unless BOARD_FILE says otherwise. */
export const DEFAULT_BOARD_FILE = fileURLToPath(new URL('../data/messages.jsonl', import.meta.url));

/**
 * Sent with the page, as a second line of defence. escapeHtml already makes every message plain
 * text; if one ever slipped through, this tells the browser to run no script at all, load nothing
 * from elsewhere, send forms only to us, and show the page in no other site's frame (so no other
 * site can lay it under a fake button and trick you into pressing Clear).
 */
export const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";

export interface BoardServerOptions {
  /** The board file. Defaults to BOARD_FILE from the environment, then DEFAULT_BOARD_FILE. */
  file?: string;
  /**
   * Where each log line goes. Defaults to the terminal. Pass `false` for silence, or your own
   * function to collect the lines (the tests do both).
   */
  log?: ((line: string) => void) | false;
  /**
   * Send the session cookie with `Secure`, so the browser only ever sends it back over HTTPS.
   * Off by default: this board speaks plain http, and a Secure cookie would never come back to
   * it. Lesson 13 serves the same board over HTTPS and turns it on.
   */
  secureCookies?: boolean;
  /**
   * The name of the account that may clear the board. Defaults to BOARD_ADMIN from the
   * environment; without either, nobody can clear it. Sign up with that name yourself before you
   * let anyone else near the board: whoever signs up first with it is the admin.
   */
  admin?: string;
  /**
   * The key that signs session cookies. Defaults to SESSION_SECRET from the environment (at least
   * 32 characters), else 32 random bytes made at start, which is fine here: the sessions live in
   * memory and end with the process anyway.
   */
  secret?: string;
  /** How long sessions last, and the clock they are measured with (the tests bring their own). */
  sessions?: SessionLimits;
}

/** A setting the board cannot start with. The message says what is wrong and what would be right. */
export class SettingError extends Error {
  readonly code = 'ERR_BOARD_SETTING';
}

/** Shorter than this, a secret could be guessed; 32 random characters are far out of reach. */
export const MIN_SECRET_CHARS = 32;

/** Everything a handler needs besides the request: the board, the sessions, and who is asking. */
interface Visit {
  board: Board;
  cookies: SessionCookies;
  admin: string | undefined;
  /** The live session the request's cookie names, or undefined when signed out. */
  session: Session | undefined;
}

type Handler = (request: http.IncomingMessage, response: http.ServerResponse, visit: Visit) => Promise<void> | void;

interface Route {
  method: 'GET' | 'POST';
  path: string;
  handle: Handler;
  /** Only for someone signed in: anyone else gets 403 before the body is read. */
  signedIn?: true;
}

/** Each case says which requests it takes; the first one that matches handles the request. */
const routes: Route[] = [
  { method: 'GET', path: '/', handle: showBoard },
  { method: 'GET', path: SIGN_UP_PATH, handle: (_request, response) => sendPage(response, 200, renderSignIn({ mode: 'sign-up' })) },
  { method: 'POST', path: SIGN_UP_PATH, handle: signUpAndIn },
  { method: 'GET', path: SIGN_IN_PATH, handle: (_request, response) => sendPage(response, 200, renderSignIn({ mode: 'sign-in' })) },
  { method: 'POST', path: SIGN_IN_PATH, handle: signIn },
  { method: 'POST', path: SIGN_OUT_PATH, handle: signOut },
  { method: 'POST', path: POST_PATH, handle: postMessage, signedIn: true },
  { method: 'POST', path: DELETE_PATH, handle: deleteMessage, signedIn: true },
  { method: 'POST', path: CLEAR_PATH, handle: clearBoard, signedIn: true },
];

/** The board over plain http. Loads the board file first, and throws a BoardFileError if it cannot be used. */
export function createServer(options: BoardServerOptions = {}): http.Server {
  return http.createServer(createBoardHandler(options));
}

/**
 * The board as a request listener, without a server around it, so that another server (an
 * https.Server, in lesson 13) can answer with it. Loads the board file at once, like createServer,
 * and throws a SettingError for a BOARD_ADMIN or SESSION_SECRET it cannot use.
 */
export function createBoardHandler(options: BoardServerOptions): http.RequestListener {
  const log = options.log === false ? () => {} : (options.log ?? writeLogLine);
  const admin = adminName(options.admin ?? process.env.BOARD_ADMIN);
  const secret = sessionSecret(options.secret ?? process.env.SESSION_SECRET);
  const board = loadBoard(options.file ?? process.env.BOARD_FILE ?? DEFAULT_BOARD_FILE, log);
  // The sessions belong to this one board: a second board in the same process has its own.
  const cookies: SessionCookies = { store: new SessionStore(options.sessions), secret, secure: options.secureCookies ?? false };
  log(sessionsLogLine(admin, !(options.secret ?? process.env.SESSION_SECRET)));

  return (request, response) => {
    const url = request.url ?? '/';
    response.on('finish', () => log(requestLogLine(request.method ?? '', url, response.statusCode)));

    handle(request, response, { board, cookies, admin, session: undefined }).catch((error: NodeJS.ErrnoException) => {
      // A client that hung up half-way through its request needs no answer.
      if (error.code === 'ECONNRESET') return;
      log(failureLogLine(error));
      if (response.headersSent) response.destroy();
      else sendText(response, 500, 'Sorry, the board could not do that. Nothing was changed; please try again.');
    });
  };
}

/** BOARD_ADMIN: empty means nobody; a name nobody could sign up with is a mistake to point out. */
function adminName(name: string | undefined): string | undefined {
  if (name === undefined || name === '') return undefined;
  if (!NAME_RULE.test(name)) {
    throw new SettingError(`BOARD_ADMIN=${JSON.stringify(name)} can never sign up: a name is 1 to 24 lowercase letters, digits, - or _. Set BOARD_ADMIN=alice, say.`);
  }
  return name;
}

function sessionSecret(secret: string | undefined): string | Buffer {
  if (secret === undefined || secret === '') return randomBytes(32);
  if (secret.length < MIN_SECRET_CHARS) {
    throw new SettingError(
      `SESSION_SECRET is ${secret.length} characters long, and must be at least ${MIN_SECRET_CHARS}: a short secret can be guessed, ` +
        "and then anyone can sign cookies. Make one with: node -e \"console.log(require('node:crypto').randomBytes(32).toString('base64url'))\"",
    );
  }
  return secret;
}

async function handle(request: http.IncomingMessage, response: http.ServerResponse, visit: Visit): Promise<void> {
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
    // A request that came in over TLS (lesson 13's https.Server) was sent from an https:// page.
    const scheme = (request.socket as TLSSocket).encrypted ? 'https' : 'http';
    const reason = crossSiteReason(request.headers, scheme);
    if (reason) return sendText(response, 403, `Refused: ${reason}. Nothing was changed.`);
  }
  // New in this lesson: who is asking. A missing, forged, tampered, ended or expired cookie all
  // come out the same: nobody.
  visit.session = sessionOf(request, visit.cookies);
  if (route.signedIn && !visit.session) {
    return sendText(response, 403, `Refused: you are not signed in (or your session has ended). Sign in at ${SIGN_IN_PATH}, then try again. Nothing was changed.`);
  }
  await route.handle(request, response, visit);
}

function viewerOf({ session, admin }: Visit): Viewer | undefined {
  return session ? { name: session.name, admin: session.name === admin } : undefined;
}

function showBoard(_request: http.IncomingMessage, response: http.ServerResponse, visit: Visit): void {
  sendPage(response, 200, renderBoard({ messages: visit.board.messages, viewer: viewerOf(visit) }));
}

async function postMessage(request: http.IncomingMessage, response: http.ServerResponse, visit: Visit): Promise<void> {
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
    return sendPage(response, 422, renderBoard({ messages: visit.board.messages, viewer: viewerOf(visit), error }));
  }

  // The author is whoever the session says, never a field of the form: a form says what it likes.
  await visit.board.post(visit.session?.name ?? '', text);
  backToBoard(response);
}

async function deleteMessage(request: http.IncomingMessage, response: http.ServerResponse, visit: Visit): Promise<void> {
  const form = await readForm(request);
  if (!form.ok) return sendText(response, form.status, `Refused: ${form.reason}. Nothing was deleted.`);
  const id = oneField(form.fields, 'id');
  const message = visit.board.messages.find((candidate) => candidate.id === id);
  if (id === undefined || !message) return sendText(response, 404, 'There is no such message (it may have been deleted already). Nothing was deleted.');
  // The Delete button is only on your own messages, but anyone can send this form with any id.
  if (message.author !== visit.session?.name) {
    return sendText(response, 403, `Refused: only ${message.author}, who wrote that message, can delete it. Nothing was deleted.`);
  }
  await visit.board.delete(message.id);
  backToBoard(response);
}

async function clearBoard(request: http.IncomingMessage, response: http.ServerResponse, visit: Visit): Promise<void> {
  if (visit.admin === undefined || visit.session?.name !== visit.admin) {
    return sendText(response, 403, 'Refused: only the admin can clear the board. Nothing was cleared.');
  }
  // The Clear button's form has no fields, but it is still a form, with the same limits.
  const form = await readForm(request);
  if (!form.ok) return sendText(response, form.status, `Refused: ${form.reason}. Nothing was cleared.`);
  await visit.board.clear();
  backToBoard(response);
}

async function signUpAndIn(request: http.IncomingMessage, response: http.ServerResponse, visit: Visit): Promise<void> {
  const credentials = await readCredentials(request, response);
  if (!credentials) return;
  const result = await signUp(visit.board, credentials.name, credentials.password);
  if (!result.ok) return sendPage(response, 422, renderSignIn({ mode: 'sign-up', error: result.reason, name: credentials.name }));
  startSession(request, response, visit, result.name);
}

async function signIn(request: http.IncomingMessage, response: http.ServerResponse, visit: Visit): Promise<void> {
  const credentials = await readCredentials(request, response);
  if (!credentials) return;
  const name = await checkSignIn(visit.board, credentials.name, credentials.password);
  // 403, not 401: 401 is for HTTP's own sign-in (the Authorization header), and must say how to
  // do that. The same answer for an unknown name and a wrong password (see accounts.ts).
  if (name === undefined) return sendPage(response, 403, renderSignIn({ mode: 'sign-in', error: WRONG_SIGN_IN, name: credentials.name }));
  startSession(request, response, visit, name);
}

/**
 * A fresh session and its cookie. The session the browser came with, if any, is ended: never
 * carry an id across a sign-in (session fixation, see sessions.ts).
 */
function startSession(request: http.IncomingMessage, response: http.ServerResponse, visit: Visit, name: string): void {
  const session = visit.cookies.store.signIn(name, sessionIdFrom(request, visit.cookies));
  response.setHeader('Set-Cookie', sessionCookie(session, visit.cookies));
  backToBoard(response);
}

async function signOut(request: http.IncomingMessage, response: http.ServerResponse, visit: Visit): Promise<void> {
  const form = await readForm(request);
  if (!form.ok) return sendText(response, form.status, `Refused: ${form.reason}.`);
  // Ended here, on the server: a copy of the cookie, kept anywhere, opens nothing from now on.
  if (visit.session) visit.cookies.store.end(visit.session.id);
  response.setHeader('Set-Cookie', expiredSessionCookie(visit.cookies));
  backToBoard(response);
}

/** The name and password of a sign-in or sign-up form; undefined once a refusal has been sent. */
async function readCredentials(request: http.IncomingMessage, response: http.ServerResponse): Promise<{ name: string; password: string } | undefined> {
  const form = await readForm(request);
  if (!form.ok) {
    sendText(response, form.status, `Refused: ${form.reason}.`);
    return undefined;
  }
  const name = oneField(form.fields, 'name');
  const password = oneField(form.fields, 'password');
  if (name === undefined || password === undefined) {
    sendText(response, 400, 'Refused: the form needs exactly one "name" and one "password" field.');
    return undefined;
  }
  // People type "Alice " as readily as "alice"; a password is taken exactly as typed.
  return { name: name.trim().toLowerCase(), password };
}

function oneField(fields: URLSearchParams, name: string): string | undefined {
  const values = fields.getAll(name);
  return values.length === 1 ? values[0] : undefined;
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
    // New: the page says who is signed in, so it is one person's page. No cache (a proxy's, or the
    // browser's after sign-out) may keep it and show it to someone else.
    'Cache-Control': 'no-store',
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
