// Exercise 16: sessions. Read README.md in this folder first.
// The plumbing is ready: the routes, the form, the page. The TODOs are the idea: a cookie that
// carries a signed session id, and the sessions themselves, kept here on the server.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';

const port = Number(process.env.PORT ?? 8080);
// 127.0.0.1: only this computer can reach the server. HOST=0.0.0.0 opens it to your network.
const host = process.env.HOST || '127.0.0.1';

// TODO 1: the key the cookies are signed with: process.env.SESSION_SECRET. When it is not set
//         (or empty), make a random one at start, randomBytes(32).toString('base64url'), and print
//         a line that says so. Never a key written in the code: anyone who reads it can sign.
const secret = process.env.SESSION_SECRET ?? '';

/** The name of the cookie that carries the session. */
const COOKIE = 'session';

interface Session {
  /** How many times this visitor loaded the page. */
  visits: number;
  /** Who signed in, or undefined while nobody has. */
  name?: string;
}

// TODO 2: every session, by its id: a Map<string, Session>. The browser holds only the id.

async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  // TODO 3: this request's session: the "session" cookie from the Cookie header (readCookies),
  //         its id if the signature is right (verify), and the session kept under that id.
  //         No cookie, a wrong signature, an id you do not know: all the same, no session.
  //         As it is, every request is a stranger, and nothing is remembered.
  const session: Session = { visits: 0 };

  if (req.method === 'GET' && path === '/') {
    // TODO 4: a visitor without a session gets a new one, under a new random id
    //         (randomBytes(16).toString('base64url')), and its cookie (setSessionCookie).
    session.visits += 1;
    return sendPage(res, makePage(session));
  }

  if (req.method === 'GET' && path === '/me') {
    return sendJson(res, 200, { name: session.name ?? null, visits: session.visits });
  }

  if (req.method === 'POST' && path === '/login') {
    const form = await readForm(req);
    if (form === undefined) return sendText(res, 413, 'A form may be at most 10 KB.');
    const name = form.get('name')?.trim() ?? '';
    if (name === '') return sendText(res, 400, 'The form has no name in it. Type a name, then press Sign in.');
    if (name.length > MAX_NAME_LENGTH) return sendText(res, 400, `A name may be at most ${MAX_NAME_LENGTH} characters.`);
    // TODO 5: start a NEW session, under a new id, never the old id with a name added. Copy the
    //         visits over, keep the name in it, forget the old id, and send the new cookie.
    return backHome(res);
  }

  if (req.method === 'POST' && path === '/logout') {
    await readForm(req);
    // TODO 6: delete the session on the server, so that the cookie, sent again, is worth
    //         nothing. Then tell the browser to forget it: the same cookie, empty, with Max-Age=0.
    return backHome(res);
  }

  sendText(res, 404, 'Not found. The page is at /.');
}

/**
 * TODO 7: the Cookie header taken apart: "a=1; session=abc.xyz" gives a=1 and session=abc.xyz.
 * Split at ";", then each part at its first "=", and trim the spaces. Skip a part with no "=" or
 * no name. Keep the values as they came (no decodeURIComponent: it throws on a stranger's "%zz").
 */
function readCookies(header: string | undefined): Map<string, string> {
  return new Map();
}

/** TODO 8: the signature of an id: createHmac('sha256', secret).update(id).digest('base64url'). */
function sign(id: string): string {
  return '';
}

/**
 * TODO 9: the id in a cookie value "<id>.<signature>", if the signature is the one sign(id) makes;
 * otherwise undefined. Compare the two as Buffers with timingSafeEqual (check their lengths
 * first: it throws when they differ). No ".", an empty id, a wrong signature: undefined.
 */
function verify(value: string): string | undefined {
  return undefined;
}

/**
 * TODO 10: send the cookie: Set-Cookie: session=<id>.<signature>; Path=/; HttpOnly; SameSite=Lax
 * (res.setHeader('Set-Cookie', ...)). README.md says what each attribute is for.
 */
function setSessionCookie(res: http.ServerResponse, id: string): void {}

// ---- Given: you do not need to change anything below this line. ----

const MAX_NAME_LENGTH = 40;
const MAX_FORM_BYTES = 10 * 1024;

/** The page: the visits, and a form to sign in, or who is signed in and a button to sign out. */
function makePage(session: Session): string {
  const who =
    session.name === undefined
      ? `<form method="post" action="/login">
<label>Your name <input id="name" name="name" maxlength="${MAX_NAME_LENGTH}" required></label>
<button type="submit">Sign in</button>
</form>`
      : `<p id="who">Signed in as <strong>${escapeHtml(session.name)}</strong>.</p>
<form method="post" action="/logout"><button type="submit">Sign out</button></form>`;
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Sessions</title></head>
<body>
<h1>Welcome back</h1>
<p>You have loaded this page <span id="visits">${session.visits}</span> times.</p>
${who}
</body>
</html>
`;
}

/** Swaps the five characters that mean something in HTML for entities that just show them. */
function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;') // first: the entities below start with an & of their own
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** The form in the request body, or undefined when it is larger than MAX_FORM_BYTES. */
function readForm(req: http.IncomingMessage): Promise<URLSearchParams | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit we keep nothing more, so a huge body cannot fill our memory.
      if (size <= MAX_FORM_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size <= MAX_FORM_BYTES ? new URLSearchParams(Buffer.concat(chunks).toString('utf8')) : undefined));
    req.on('error', reject);
  });
}

/** Post/redirect/get: the browser goes back to the page with a GET. */
function backHome(res: http.ServerResponse): void {
  res.writeHead(303, { Location: '/', 'Content-Length': 0 });
  res.end();
}

function sendPage(res: http.ServerResponse, html: string): void {
  // A page made for one visitor: no cache may keep it and show it to the next.
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(html), 'Cache-Control': 'no-store' });
  res.end(html);
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  const json = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(json), 'Cache-Control': 'no-store' });
  res.end(json);
}

function sendText(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

const server = http.createServer((req, res) => {
  console.log(req.method, req.url);
  handle(req, res).catch((error: Error) => {
    // A client that hangs up half-way must not stop the server.
    console.error(error.message);
    if (!res.headersSent) sendText(res, 500, 'Something went wrong.');
  });
});

server.listen(port, host, () => {
  console.log(`Sessions: http://${host}:${port}/`);
});
