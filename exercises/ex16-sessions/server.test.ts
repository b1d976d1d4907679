import { createHash, createHmac } from 'node:crypto';
import { describe, test } from 'vitest';
import { expectCookie, expectCookieCleared, random, setCookiesOf, useProgram, type ProgramUnderTest, type Reply } from '@workbook/testkit';

// The key the tests give the server, new each run: a server that signs with a key of its own
// making, or one written in its code, fails the signature check.
const secret = `test-secret-${random.word()}-${random.int(100_000, 999_999)}`;
const server = useProgram(import.meta.url, 'server.ts', { SESSION_SECRET: secret });

/** A session cookie, taken apart: `session=<id>.<signature>`. */
interface Session {
  /** `session=<id>.<signature>`, ready for a Cookie header. */
  pair: string;
  value: string;
  id: string;
  signature: string;
}

const COOKIE_HINT = 'Send the cookie as the README shows: Set-Cookie: session=<id>.<signature>; Path=/; HttpOnly; SameSite=Lax, where <signature> is sign(id).';

/** The session cookie the reply sets, with its attributes checked, taken apart at its last dot. */
function sessionOf(reply: Reply): Session {
  const cookie = expectCookie(reply, 'session', { path: '/', httpOnly: true, sameSite: ['Lax', 'Strict'] });
  const dot = cookie.value.lastIndexOf('.');
  if (dot < 1 || dot === cookie.value.length - 1) {
    reply.fail(
      `the cookie "session" should hold <id>.<signature>, but its value is ${JSON.stringify(cookie.value)}.`,
      '',
      `Put the id, a dot, and the id's signature in the cookie: \`\${id}.\${sign(id)}\`. ${COOKIE_HINT}`,
    );
  }
  return { pair: cookie.pair, value: cookie.value, id: cookie.value.slice(0, dot), signature: cookie.value.slice(dot + 1) };
}

/** GET /, with this Cookie header (or none). */
function visit(cookie?: string, on: ProgramUnderTest = server): Promise<Reply> {
  return on.get('/', cookie === undefined ? {} : { headers: { cookie } });
}

/** A visitor's first GET /: a new session, and its cookie. */
async function newVisitor(on: ProgramUnderTest = server): Promise<Session> {
  return sessionOf((await visit(undefined, on)).expectStatus(200));
}

/** The number of visits the page says: `<span id="visits">3</span>`, as the starter's page has it. */
function visitsOn(reply: Reply): number {
  reply.expectStatus(200);
  const shown = /<span id="visits">(\d+)<\/span>/.exec(reply.text)?.[1];
  if (shown === undefined) {
    reply.fail('the page does not show the visits as <span id="visits">N</span>.', '', "Keep the starter's makePage(session): it shows session.visits in that span.");
  }
  return Number(shown);
}

function expectVisits(reply: Reply, expected: number, hint: string): void {
  const shown = visitsOn(reply);
  if (shown !== expected) reply.fail(`expected the page to say ${expected} visits, but it says ${shown}.`, '', hint);
}

/** A reply with the same session: no Set-Cookie for it, or one with the same value. */
function expectSameSession(reply: Reply, session: Session, hint: string): void {
  const again = setCookiesOf(reply).findLast((cookie) => cookie.name === 'session');
  if (again && again.value !== session.value) {
    reply.fail(`a request with a valid session cookie got a new one: ${JSON.stringify(again.value)} instead of ${JSON.stringify(session.value)}.`, '', hint);
  }
}

/** GET /me, read as JSON: `{ "name": "Ada", "visits": 3 }`, or `{ "name": null, ... }`. */
async function whoIs(cookie: string | undefined): Promise<{ reply: Reply; name: unknown; visits: unknown }> {
  const reply = (await server.get('/me', cookie === undefined ? {} : { headers: { cookie } })).expectStatus(200);
  try {
    const { name, visits } = JSON.parse(reply.text) as { name?: unknown; visits?: unknown };
    return { reply, name, visits };
  } catch {
    return reply.fail('the body is not JSON.', '', 'Answer GET /me with JSON, as the starter does: sendJson(res, 200, { name, visits }).');
  }
}

/** POST /login with the form `name=...`, sent with this Cookie header (or none): 303 and a session cookie. */
async function login(name: string, cookie?: string): Promise<Session> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', ...(cookie !== undefined && { cookie }) };
  const reply = await server.request({ method: 'POST', path: '/login', headers, body: new URLSearchParams({ name }).toString() });
  reply.expectStatus(303);
  return sessionOf(reply);
}

async function logout(cookie: string): Promise<Reply> {
  const headers = { 'content-type': 'application/x-www-form-urlencoded', cookie };
  return (await server.request({ method: 'POST', path: '/logout', headers, body: '' })).expectStatus(303);
}

function hmac(key: string, id: string, encoding: 'base64url' | 'hex' = 'base64url'): string {
  return createHmac('sha256', key).update(id).digest(encoding);
}

/** The same text with the character at `at` swapped for another one of base64url. */
function changedAt(text: string, at: number): string {
  const old = text[at] ?? 'A';
  return text.slice(0, at) + (old === 'Q' ? 'R' : 'Q') + text.slice(at + 1);
}

function randomName(): string {
  const word = random.word();
  return word.charAt(0).toUpperCase() + word.slice(1);
}

// ---- The cookie ----

test('the first visit gets a cookie: session=<id>.<signature>; Path=/; HttpOnly; SameSite=Lax', async () => {
  const reply = await visit();
  sessionOf(reply.expectStatus(200));
  expectVisits(reply, 1, 'A new session starts at 0 visits, and this page load is its first.');
});

test('the signature is the HMAC-SHA256 of the id, keyed with SESSION_SECRET, in base64url', async () => {
  const reply = (await visit()).expectStatus(200);
  const { id, signature } = sessionOf(reply);
  const right = hmac(secret, id);
  if (signature === right) return;
  const why =
    signature === hmac(secret, id, 'hex')
      ? "That is the right HMAC, written in hex. The README asks for base64url, which is shorter: .digest('base64url')."
      : signature === createHash('sha256').update(id).digest('base64url') || signature === createHash('sha256').update(id).digest('hex')
        ? 'That is the SHA-256 of the id with no key: anyone can compute it, so anyone can sign any id. Use createHmac, with the secret as its key.'
        : signature === hmac('', id)
          ? 'That is the HMAC with an empty key. Take the key from process.env.SESSION_SECRET (the tests set it).'
          : "Sign with createHmac('sha256', secret).update(id).digest('base64url'), where secret is process.env.SESSION_SECRET (the tests set it), and sign the id alone.";
  reply.fail(
    `the cookie's signature is not the HMAC-SHA256 of its id with the key in SESSION_SECRET.`,
    `The id:                ${JSON.stringify(id)}\nIts signature:         ${JSON.stringify(signature)}\nThe HMAC, in base64url: ${JSON.stringify(right)}`,
    why,
  );
});

test('session ids are random: not a counter, not the time', async () => {
  const ids: string[] = [];
  for (let i = 0; i < 6; i++) ids.push((await newVisitor()).id);
  const last = await visit();
  const list = `The ids of six new visitors, one after the other:\n${ids.map((id) => `  ${id}`).join('\n')}`;
  const hint = "Make each id of 16 random bytes from the system: randomBytes(16).toString('base64url'), from node:crypto. Never a counter, the time, or Math.random().";
  if (new Set(ids).size < ids.length) last.fail('two new visitors got the same session id.', list, hint);
  const short = ids.find((id) => id.length < 16);
  if (short !== undefined) last.fail(`the session id ${JSON.stringify(short)} is too short to be hard to guess: ${short.length} characters.`, list, hint);
  // Two random ids share a character in the same place now and then; ids from a counter or a
  // clock share most of theirs.
  for (let i = 1; i < ids.length; i++) {
    const [a, b] = [ids[i - 1]!, ids[i]!];
    const same = [...a].filter((char, at) => b[at] === char).length;
    if (same * 2 >= Math.min(a.length, b.length)) {
      last.fail(`the ids ${JSON.stringify(a)} and ${JSON.stringify(b)} are ${same} characters alike: the next one is easy to guess from them.`, list, hint);
    }
  }
});

// ---- Counting ----

test('each visit with the cookie counts one more, in the same session', async () => {
  const session = await newVisitor();
  for (let expected = 2; expected <= 4; expected++) {
    const reply = await visit(session.pair);
    const hint =
      visitsOn(reply) === 1
        ? 'Each visit looks like a first one: read the "session" cookie from req.headers.cookie (readCookies), check its signature (verify), and find its session in your Map.'
        : 'Add 1 to the session’s visits on each GET /, once.';
    expectVisits(reply, expected, hint);
    expectSameSession(reply, session, 'A visitor who sent a cookie you made still has that session: send a new cookie only to a new visitor.');
  }
});

test('two visitors are counted apart', async () => {
  const [ada, bob] = [await newVisitor(), await newVisitor()];
  await visit(ada.pair);
  await visit(ada.pair);
  const hint = 'Keep one Session per id, in a Map<string, Session>, and count on the session of this request’s cookie.';
  expectVisits(await visit(bob.pair), 2, hint);
  expectVisits(await visit(ada.pair), 4, hint);
});

// ---- Signing in and out ----

test('POST /login signs in: 303, a session cookie, and GET /me names who signed in', async () => {
  const name = randomName();
  const session = await login(name);
  const { reply, name: shown } = await whoIs(session.pair);
  if (shown !== name) {
    reply.fail(
      `after POST /login with name=${name}, GET /me should name ${JSON.stringify(name)}, but it says ${JSON.stringify(shown)}.`,
      '',
      'Keep the name in the new session (session.name = name) and send that session’s cookie with the 303.',
    );
  }
});

test('a login starts a new session under a new id, and the old id signs nobody in', async () => {
  const before = await newVisitor();
  await visit(before.pair);
  const name = randomName();
  const after = await login(name, before.pair);
  const { reply, name: stillShown } = await whoIs(before.pair);
  if (after.id === before.id) {
    reply.fail(
      `POST /login kept the session id ${JSON.stringify(before.id)}: the cookie from before the login now signs in as ${name}.`,
      '',
      'Whoever planted that id in the browser (a link, a shared computer) would be signed in too. At login, start a new session under a new id, copy the visits over, and delete the old one.',
    );
  }
  if (stillShown !== null) {
    reply.fail(
      `the cookie from before the login still names ${JSON.stringify(stillShown)} in GET /me.`,
      '',
      'Delete the old session at login (sessions.delete(oldId)): only the new id is signed in.',
    );
  }
  const { reply: now, name: shown, visits } = await whoIs(after.pair);
  if (shown !== name)
    now.fail(`GET /me with the new cookie should name ${JSON.stringify(name)}, but it says ${JSON.stringify(shown)}.`, '', 'Keep the name in the new session.');
  if (visits !== 2)
    now.fail(`the visitor had 2 visits before the login, but the new session has ${JSON.stringify(visits)}.`, '', 'Copy the visits from the old session to the new one.');
});

test('POST /logout ends the session on the server: its cookie, sent again, is a new visitor', async () => {
  const name = randomName();
  const session = await login(name);
  await logout(session.pair);
  // The replay: a copy of the cookie, kept from before the logout.
  const { reply, name: shown } = await whoIs(session.pair);
  if (shown !== null) {
    reply.fail(
      `after POST /logout, the same cookie sent again still signs in as ${JSON.stringify(shown)}.`,
      '',
      'Telling the browser to forget the cookie is not enough: a copy of it (a stolen one, or one in another tab) still works. Delete the session on the server: sessions.delete(id).',
    );
  }
  const page = await visit(session.pair);
  expectVisits(page, 1, 'A cookie whose session has ended is a new visitor: a new session, starting at 1.');
  const fresh = sessionOf(page);
  if (fresh.id === session.id) page.fail(`the ended session's id ${JSON.stringify(session.id)} came back to life.`, '', 'A new session gets a new random id.');
});

test('POST /logout also tells the browser to forget the cookie: Max-Age=0', async () => {
  const session = await login(randomName());
  expectCookieCleared(await logout(session.pair), 'session');
});

// ---- Cookies the server did not make ----

describe('a cookie the server did not sign is refused, and is a new visitor', () => {
  /**
   * Sends `value` as the session cookie: GET /me must name nobody, and GET / must treat it as a
   * new visitor (a new session under another id, at 1 visit).
   */
  async function expectRefused(value: string, what: string, hint: string): Promise<void> {
    const { reply, name } = await whoIs(`session=${value}`);
    if (name !== null) reply.fail(`${what} was taken for the session of ${JSON.stringify(name)}.`, '', hint);
    const page = await visit(`session=${value}`);
    expectVisits(page, 1, `The server took ${what} for a session. ${hint}`);
    const fresh = sessionOf(page);
    if (value.split('.')[0] === fresh.id) page.fail(`${what} got its id back in a new cookie, signed: the server signed an id a stranger chose.`, '', hint);
  }

  /** A visitor who signed in: the one the forged cookies try to be. */
  async function victim(): Promise<Session> {
    return login(randomName());
  }

  const VERIFY_HINT = "Check every cookie's signature before you look its id up: verify(value) makes sign(id) again and compares it with timingSafeEqual.";

  test("another visitor's id, with a made-up signature", async () => {
    const { id, signature } = await victim();
    const madeUp = hmac(`guess-${random.word()}`, `${random.int(1, 1e9)}`).slice(0, signature.length);
    await expectRefused(`${id}.${madeUp}`, "a cookie with another visitor's id and a made-up signature", VERIFY_HINT);
  });

  test("another visitor's id, with the attacker's own (valid) signature", async () => {
    const { id } = await victim();
    const own = await newVisitor();
    await expectRefused(
      `${id}.${own.signature}`,
      "a cookie with another visitor's id and the signature of the attacker's own id",
      `${VERIFY_HINT} A signature belongs to one id.`,
    );
  });

  test('a signature with one character changed', async () => {
    const { id, signature } = await victim();
    await expectRefused(`${id}.${changedAt(signature, Math.floor(signature.length / 2))}`, 'a cookie whose signature has one character changed', VERIFY_HINT);
  });

  test('no signature at all: the id alone, or with a dot and nothing after it', async () => {
    const { id } = await victim();
    const hint = 'A cookie with no signature is not one of yours: verify returns undefined when there is no "." or nothing after it.';
    await expectRefused(id, 'a cookie with only the id, no signature', hint);
    await expectRefused(`${id}.`, 'a cookie with the id, a dot and no signature', hint);
  });

  test('an id signed with another key', async () => {
    const { id } = await victim();
    await expectRefused(`${id}.${hmac(`another-${random.word()}`, id)}`, 'a cookie signed with another key', `${VERIFY_HINT} The key is process.env.SESSION_SECRET.`);
  });
});

// ---- A Cookie header the server did not expect ----

describe('a Cookie header the server did not expect', () => {
  test('other cookies around the session do not hide it (a browser sends every localhost app its cookies)', async () => {
    const session = await newVisitor();
    const header = `theme=dark; _ga=GA1.2.${random.int(1, 1e6)}.${random.int(1, 1e6)}; flag; empty=; ${session.pair}; a=b=c; session_other=x`;
    const reply = await visit(header);
    expectVisits(
      reply,
      2,
      'Split the Cookie header at ";", trim the spaces, cut each part at its first "=": the session is one cookie among others. A part with no "=" is skipped, not an error.',
    );
    expectSameSession(reply, session, 'The "session" cookie was there, among others: it is the same visitor.');
  });

  test('garbage in the Cookie header is a new visitor, never an error', async () => {
    const garbage = [
      ';;;',
      '=',
      'session',
      'session=',
      'session=.',
      'session=..',
      'session=a.b.c',
      'session=%E0%A4%A',
      `session=${'.'.repeat(100)}`,
      'session="quoted.value"',
      `=session=${random.word()}`,
    ];
    const hint =
      'A cookie you cannot read is no session: readCookies skips what it cannot split, verify returns undefined, and the visitor gets a new session. Never decodeURIComponent a cookie: it throws on "%E0%A4%A".';
    for (const header of garbage) {
      const reply = await visit(header);
      reply.expectResponse();
      if (reply.status !== 200) reply.fail(`a Cookie header of ${JSON.stringify(header)} got ${reply.status} instead of the page for a new visitor.`, '', hint);
      expectVisits(reply, 1, hint);
      sessionOf(reply);
    }
    // Bytes that are no text at all, which only a raw request can send.
    const raw = await server.raw(['GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: session=\xff\xfe.\x80\x81; \xe9=\xe9\r\nConnection: close\r\n\r\n']);
    raw.expectResponse();
    if (raw.status !== 200) raw.fail(`a Cookie header with bytes that are not text got ${raw.status} instead of the page for a new visitor.`, '', hint);
  });

  test('a Cookie header of 12 KB still finds the session; one of 40 KB gets 431, and the server keeps serving', async () => {
    const session = await newVisitor();
    const filler = Array.from({ length: 300 }, (_, at) => `c${at}=${'x'.repeat(32)}`).join('; ');
    const reply = await visit(`${filler}; ${session.pair}`);
    expectVisits(reply, 2, 'Look at every part of the Cookie header: the session may be the last of many.');
    // Past 16 KB of head, node itself answers 431 (Request Header Fields Too Large): the server
    // never sees the request, and must go on serving the next one.
    const huge = await server.raw([`GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: big=${'y'.repeat(40 * 1024)}\r\nConnection: close\r\n\r\n`]);
    huge.expectResponse();
    if (huge.status !== 431 && huge.status !== 400) huge.fail(`a Cookie header of 40 KB got ${huge.status}; node answers 431 for a head that large.`);
    expectVisits(await visit(session.pair), 3, 'After a request that was too large, the server goes on as before.');
  });
});

// ---- Without SESSION_SECRET ----

describe('without SESSION_SECRET', () => {
  const keyless = useProgram(import.meta.url, 'server.ts', { SESSION_SECRET: '' });

  test('the server still starts, and signs with a random key of its own, not one anybody can guess', async () => {
    const reply = (await visit(undefined, keyless)).expectStatus(200);
    const { pair, id, signature } = sessionOf(reply);
    const guessable = ['', 'secret', 'undefined', 'changeme', 'keyboard cat', 'dev', 'development', 'session', 'session-secret', 'workbook', secret];
    const guessed = guessable.find((key) => hmac(key, id) === signature || hmac(key, id, 'hex') === signature);
    if (guessed !== undefined) {
      reply.fail(
        `without SESSION_SECRET, the cookie is signed with ${guessed === '' ? 'an empty key' : `the key ${JSON.stringify(guessed)}`}, which anybody can try.`,
        '',
        "When process.env.SESSION_SECRET is unset or empty, make a random key at start: randomBytes(32).toString('base64url'). The sessions live in memory and end with the server anyway.",
      );
    }
    expectVisits(await visit(pair, keyless), 2, 'The cookie signed with the random key works like any other.');
  });
});
