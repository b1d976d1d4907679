/**
 * Reads the cookies a server sets, and checks their attributes, with failures that say what the
 * attribute is for.
 *
 *   const session = expectCookie(reply, 'session', { httpOnly: true, sameSite: ['Lax', 'Strict'], path: '/' });
 *   await server.get('/', { headers: { cookie: session.pair } });
 *
 * node and undici join repeated headers with ", ", and a Set-Cookie may itself hold a comma (in
 * `Expires=Wed, 02 Dec 2026 ...`), so the lines are split again only before a `name=`.
 */
import type { Reply } from './reply.ts';

export interface SetCookie {
  name: string;
  value: string;
  /** The attributes, names in lower case: `{ path: '/', httponly: '', samesite: 'Lax' }`. */
  attributes: Record<string, string>;
  /** `name=value`, ready to send back in a Cookie header. */
  pair: string;
  /** The Set-Cookie line as it came. */
  line: string;
}

export interface CookieExpectations {
  httpOnly?: boolean;
  /** One value, or the values that are all right: `['Lax', 'Strict']`. */
  sameSite?: string | string[];
  path?: string;
}

/** One Set-Cookie line taken apart; undefined when it has no `name=` at its start. */
export function parseSetCookie(line: string): SetCookie | undefined {
  const [first = '', ...rest] = line.split(';');
  const equals = first.indexOf('=');
  if (equals < 1) return undefined;
  const name = first.slice(0, equals).trim();
  const value = first.slice(equals + 1).trim();
  const attributes: Record<string, string> = {};
  for (const part of rest) {
    const at = part.indexOf('=');
    const key = (at === -1 ? part : part.slice(0, at)).trim().toLowerCase();
    if (key) attributes[key] = at === -1 ? '' : part.slice(at + 1).trim();
  }
  return { name, value, attributes, pair: `${name}=${value}`, line: line.trim() };
}

/** Every cookie the reply sets, in order. */
export function setCookiesOf(reply: Reply): SetCookie[] {
  const joined = reply.headers['set-cookie'];
  if (joined === undefined) return [];
  return joined
    .split(/,\s*(?=[^;,=\s]+=)/)
    .map(parseSetCookie)
    .filter((cookie): cookie is SetCookie => cookie !== undefined);
}

/** True when the cookie tells the browser to forget it: Max-Age=0 (or less), or an Expires in the past. */
export function clearsCookie(cookie: SetCookie): boolean {
  const maxAge = cookie.attributes['max-age'];
  if (maxAge !== undefined && /^-?\d+$/.test(maxAge)) return Number(maxAge) <= 0;
  const expires = cookie.attributes.expires;
  return expires !== undefined && Date.parse(expires) < Date.now();
}

const shown = (cookie: SetCookie) => `Set-Cookie: ${cookie.line}`;

function othersSet(reply: Reply, name: string): string {
  const others = setCookiesOf(reply).filter((cookie) => cookie.name !== name);
  return others.length ? `It sets other cookies: ${others.map((cookie) => JSON.stringify(cookie.name)).join(', ')}.` : '';
}

/** The cookie `name` that the reply sets, with the attributes asked for; the failure names what is missing and why it matters. */
export function expectCookie(reply: Reply, name: string, wanted: CookieExpectations = {}): SetCookie {
  reply.expectResponse();
  const cookie = setCookiesOf(reply).findLast((candidate) => candidate.name === name);
  if (!cookie) {
    reply.fail(
      `expected a Set-Cookie header for the cookie "${name}", but there is none.`,
      othersSet(reply, name),
      `Send the cookie in the head of the answer: res.setHeader('Set-Cookie', \`${name}=\${value}; Path=/; HttpOnly; SameSite=Lax\`). The browser sends it back in the Cookie header of every request after this one.`,
    );
  }
  if (wanted.httpOnly && !('httponly' in cookie.attributes)) {
    reply.fail(
      `the cookie "${name}" is not HttpOnly.`,
      shown(cookie),
      `Add "; HttpOnly" to the Set-Cookie line. Without it, every script on the page can read the cookie with document.cookie: one message with a <script> in it, and a stranger has the session.`,
    );
  }
  if (wanted.sameSite !== undefined) {
    const allowed = [wanted.sameSite].flat();
    const value = cookie.attributes.samesite;
    if (value === undefined || !allowed.some((one) => one.toLowerCase() === value.toLowerCase())) {
      reply.fail(
        `expected the cookie "${name}" to have SameSite=${allowed.join(' or SameSite=')}, but ${value === undefined ? 'it has no SameSite' : `it has SameSite=${value}`}.`,
        shown(cookie),
        `Add "; SameSite=${allowed[0]}" to the Set-Cookie line. It keeps the browser from sending the cookie with a form that another web site posts to yours, so that site cannot act in the visitor's name.`,
      );
    }
  }
  if (wanted.path !== undefined && cookie.attributes.path !== wanted.path) {
    const path = cookie.attributes.path;
    reply.fail(
      `expected the cookie "${name}" to have Path=${wanted.path}, but ${path === undefined ? 'it has no Path' : `it has Path=${path}`}.`,
      shown(cookie),
      `Add "; Path=${wanted.path}" to the Set-Cookie line. Without it, the browser sends the cookie back only below the folder of the request that set it: one set by /account/login goes to /account/... and nowhere else.`,
    );
  }
  return cookie;
}

/** The reply tells the browser to forget the cookie `name`: Set-Cookie with Max-Age=0 (or an Expires in the past). */
export function expectCookieCleared(reply: Reply, name: string): SetCookie {
  reply.expectResponse();
  const cookie = setCookiesOf(reply).findLast((candidate) => candidate.name === name);
  const hint = `To make the browser forget a cookie, set it again, empty, with the same Path and Max-Age=0: res.setHeader('Set-Cookie', '${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax').`;
  if (!cookie) reply.fail(`expected a Set-Cookie header that clears the cookie "${name}", but there is none.`, othersSet(reply, name), hint);
  if (!clearsCookie(cookie)) reply.fail(`the Set-Cookie for "${name}" does not clear it: it has no Max-Age=0 and no Expires in the past.`, shown(cookie), hint);
  return cookie;
}

/** The reply sets no cookie `name`. */
export function expectNoCookie(reply: Reply, name: string, hint = ''): void {
  reply.expectResponse();
  const cookie = setCookiesOf(reply).findLast((candidate) => candidate.name === name);
  if (cookie) reply.fail(`expected no Set-Cookie for "${name}", but the answer sets it.`, shown(cookie), hint);
}
