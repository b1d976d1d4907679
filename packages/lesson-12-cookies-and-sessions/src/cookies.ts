/**
 * Cookies, by hand: the `Set-Cookie` header a server sends, and the `Cookie` header the browser
 * sends back. The rules are RFC 6265's.
 *
 * A cookie is a name and a value that the browser keeps for a site and sends back with every
 * request to it. The server asks with one header per cookie:
 *
 *     Set-Cookie: session=abc123; Path=/; Max-Age=43200; HttpOnly; SameSite=Lax
 *
 * and from then on the browser adds, to each request that matches:
 *
 *     Cookie: session=abc123; theme=dark
 *
 * Only `name=value` comes back. The attributes after it are instructions for the browser (where
 * to send the cookie, for how long, to whom), and the server never sees them again.
 */

/** A name is an HTTP token: letters, digits and ``!#$%&'*+-.^_`|~``. No spaces, no `=`, no `;`. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * The characters a value may hold (RFC 6265's cookie-octet): visible ASCII except `"`, `,`, `;`
 * and `\`. A `;` would end the value and start an attribute: a value `x; Domain=evil.example`
 * that went out unchecked would set a Domain we never chose. So formatSetCookie refuses such a
 * value instead of sending it. Anything else (spaces, é, JSON) must be encoded first, for example
 * as base64url, which only uses letters, digits, `-` and `_`.
 */
const COOKIE_VALUE = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*$/;

/** A Path is any text without `;` or control characters: it ends at the next `;`, like a value. */
const PATH = /^\/[\x20-\x3A\x3C-\x7E]*$/;

export interface CookieAttributes {
  /** Send the cookie only for paths that start with this one. `/` means the whole site. */
  path?: string;
  /**
   * Keep it for this many seconds, then forget it. 0 deletes it at once. Without Max-Age (or
   * Expires), it is a "session cookie": gone when the browser is closed (or, in browsers that
   * restore tabs, perhaps not).
   */
  maxAge?: number;
  /** The older way to say the same with a date. If both are there, browsers use Max-Age. */
  expires?: Date;
  /** Scripts on the page cannot read it (`document.cookie` does not show it). */
  httpOnly?: boolean;
  /** Sent only over HTTPS, never over plain http where anyone on the network can read it. */
  secure?: boolean;
  /** Whether requests that other sites start carry the cookie. See the lesson's page. */
  sameSite?: 'Strict' | 'Lax' | 'None';
}

/** A cookie we were asked to set cannot be written as a header. It is our bug, not the visitor's. */
export class CookieError extends Error {
  readonly code = 'ERR_COOKIE';
}

/** One `Set-Cookie` header's value. Throws a CookieError rather than send a header we did not mean. */
export function formatSetCookie(name: string, value: string, attributes: CookieAttributes = {}): string {
  if (!TOKEN.test(name)) throw new CookieError(`a cookie name must be a token, and ${JSON.stringify(name)} is not`);
  if (!COOKIE_VALUE.test(value)) {
    throw new CookieError(`a cookie value may not hold spaces, quotes, commas, semicolons, backslashes or non-ASCII: ${JSON.stringify(value)}`);
  }
  const parts = [`${name}=${value}`];
  if (attributes.path !== undefined) {
    if (!PATH.test(attributes.path)) throw new CookieError(`a cookie Path must start with / and hold no ; : ${JSON.stringify(attributes.path)}`);
    parts.push(`Path=${attributes.path}`);
  }
  if (attributes.maxAge !== undefined) {
    if (!Number.isInteger(attributes.maxAge)) throw new CookieError(`Max-Age is a whole number of seconds, not ${attributes.maxAge}`);
    parts.push(`Max-Age=${attributes.maxAge}`);
  }
  // toUTCString gives the date format HTTP uses: Wed, 02 Dec 2026 17:04:05 GMT.
  if (attributes.expires !== undefined) parts.push(`Expires=${attributes.expires.toUTCString()}`);
  if (attributes.httpOnly) parts.push('HttpOnly');
  if (attributes.secure) parts.push('Secure');
  if (attributes.sameSite !== undefined) parts.push(`SameSite=${attributes.sameSite}`);
  return parts.join('; ');
}

/**
 * Every cookie in a `Cookie` header, by name. The header comes from the client, so it may hold
 * anything at all; nothing here throws.
 *
 * - Pairs are separated by `;` (and a space, usually). Node joins two Cookie headers the same way.
 * - A pair without `=`, with an empty or bad name, or with a value holding characters a cookie
 *   cannot have, is skipped: the others still count.
 * - A value in double quotes counts without them (RFC 6265 allows `name="value"`).
 * - The same name twice: the first one wins. Browsers send the cookie with the longest Path
 *   first, and the first is also what most servers take. Never assume a name comes only once:
 *   a page on another port of the same host can set a cookie of the same name (see the page).
 */
export function parseCookieHeader(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (header === undefined) return cookies;
  for (const pair of header.split(';')) {
    const equals = pair.indexOf('=');
    if (equals === -1) continue;
    const name = pair.slice(0, equals).trim();
    let value = pair.slice(equals + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (!TOKEN.test(name) || !COOKIE_VALUE.test(value)) continue;
    if (!cookies.has(name)) cookies.set(name, value);
  }
  return cookies;
}
