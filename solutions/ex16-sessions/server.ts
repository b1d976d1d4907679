// Exercise 16: sessions, solved.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';

const port = Number(process.env.PORT ?? 8080);
// 127.0.0.1: only this computer can reach the server. HOST=0.0.0.0 opens it to your network.
const host = process.env.HOST || '127.0.0.1';

/**
 * The key every cookie is signed with. Whoever knows it can sign any id, so it never goes in the
 * code or in git: it comes from the environment. Without one, the server makes a random key at
 * start. That costs nothing here: the sessions live in memory and end with the server anyway,
 * and a random key is one nobody can look up (a default such as "secret" is on every list).
 */
const secret = process.env.SESSION_SECRET || randomBytes(32).toString('base64url');
if (!process.env.SESSION_SECRET) console.log('SESSION_SECRET is not set: cookies are signed with a random key made at start.');

/** The name of the cookie that carries the session. */
const COOKIE = 'session';

interface Session {
  /** How many times this visitor loaded the page. */
  visits: number;
  /** Who signed in, or undefined while nobody has. */
  name?: string;
}

/**
 * Every session, by its id. The browser holds only the id (in the cookie); what it stands for
 * stays here, where no visitor can change it. Deleting an entry ends that session for good,
 * whatever cookie comes back later.
 */
const sessions = new Map<string, Session>();

async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  const found = findSession(req);

  if (req.method === 'GET' && path === '/') {
    const current = found ?? startSession();
    current.session.visits += 1;
    // Only a new session needs its cookie: the browser already holds the old one.
    if (!found) setSessionCookie(res, current.id);
    return sendPage(res, makePage(current.session));
  }

  if (req.method === 'GET' && path === '/me') {
    return sendJson(res, 200, { name: found?.session.name ?? null, visits: found?.session.visits ?? 0 });
  }

  if (req.method === 'POST' && path === '/login') {
    const form = await readForm(req);
    if (form === undefined) return sendText(res, 413, 'A form may be at most 10 KB.');
    const name = form.get('name')?.trim() ?? '';
    if (name === '') return sendText(res, 400, 'The form has no name in it. Type a name, then press Sign in.');
    if (name.length > MAX_NAME_LENGTH) return sendText(res, 400, `A name may be at most ${MAX_NAME_LENGTH} characters.`);
    // A new id at login, never the old one with a name added. Someone may have planted the old
    // id in this browser (a link, a shared computer): with a new one, what they hold is worth
    // nothing. What the session held (the visits) moves over; the old id is forgotten.
    if (found) sessions.delete(found.id);
    const fresh = startSession();
    fresh.session.visits = found?.session.visits ?? 0;
    fresh.session.name = name;
    setSessionCookie(res, fresh.id);
    return backHome(res);
  }

  if (req.method === 'POST' && path === '/logout') {
    await readForm(req);
    // The end of the session is decided here, on the server: a copy of the cookie kept somewhere
    // (a stolen one, or the browser's own) now points at nothing.
    if (found) sessions.delete(found.id);
    // And the browser may forget it too: the same cookie, empty, already expired.
    res.setHeader('Set-Cookie', `${COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax`);
    return backHome(res);
  }

  sendText(res, 404, 'Not found. The page is at /.');
}

/** A new, empty session under a new id. */
function startSession(): { id: string; session: Session } {
  // 16 random bytes from the system's generator: nobody can guess the next id from the last one,
  // as they could with a counter or the time.
  const id = randomBytes(16).toString('base64url');
  const session: Session = { visits: 0 };
  sessions.set(id, session);
  return { id, session };
}

/**
 * The request's session, or undefined when it has none we know: no cookie, a cookie we did not
 * sign, or one whose session has ended. All three are a new visitor, never an error: a browser
 * on localhost sends cookies from every other program that ran on localhost, whatever the port.
 */
function findSession(req: http.IncomingMessage): { id: string; session: Session } | undefined {
  const value = readCookies(req.headers.cookie).get(COOKIE);
  const id = value === undefined ? undefined : verify(value);
  const session = id === undefined ? undefined : sessions.get(id);
  return id !== undefined && session !== undefined ? { id, session } : undefined;
}

/**
 * The Cookie header taken apart: `a=1; session=abc.xyz` becomes { a: '1', session: 'abc.xyz' }.
 * A part with no name is skipped, and the first of two cookies with one name wins (the browser
 * puts the one with the longer Path first). Values are kept as they came, not percent-decoded:
 * ours never need it, and decodeURIComponent throws on a stranger's "%zz".
 */
function readCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const equals = part.indexOf('=');
    if (equals === -1) continue;
    const name = part.slice(0, equals).trim();
    if (name !== '' && !cookies.has(name)) cookies.set(name, part.slice(equals + 1).trim());
  }
  return cookies;
}

/** The signature of an id: HMAC-SHA256 with the secret as its key, in base64url (no "." in it). */
function sign(id: string): string {
  return createHmac('sha256', secret).update(id).digest('base64url');
}

/**
 * The id in a cookie value `<id>.<signature>`, if the signature is the one we would make for it;
 * otherwise undefined. Only the holder of the secret can make that signature, so a changed id, a
 * changed signature or a missing one all end here.
 */
function verify(value: string): string | undefined {
  const dot = value.lastIndexOf('.');
  if (dot < 1) return undefined;
  const id = value.slice(0, dot);
  const given = Buffer.from(value.slice(dot + 1));
  const expected = Buffer.from(sign(id));
  // timingSafeEqual takes as long for a signature wrong in its first byte as in its last, so the
  // time of the answer tells an attacker nothing. It needs two Buffers of one length; the length
  // of a signature is no secret.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return id;
}

/**
 * Path=/: the cookie goes with every request to this server, not only to the path that set it.
 * HttpOnly: scripts on the page cannot read it, so a script a stranger slips in cannot steal it.
 * SameSite=Lax: a form on another web site that posts here comes without it.
 */
function setSessionCookie(res: http.ServerResponse, id: string): void {
  res.setHeader('Set-Cookie', `${COOKIE}=${id}.${sign(id)}; Path=/; HttpOnly; SameSite=Lax`);
}

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
