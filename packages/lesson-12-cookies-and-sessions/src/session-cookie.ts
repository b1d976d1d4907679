/**
 * The session cookie: how a session id travels to the browser and back, and which attributes it
 * carries.
 *
 *     Set-Cookie: session=<id>.<signature>; Path=/; Max-Age=43200; HttpOnly; SameSite=Lax
 *
 * - `Path=/`: for every page of the board, not only the one that set it.
 * - `Max-Age`: the browser forgets it when the server would stop taking it anyway (12 hours). The
 *   server does not trust the browser to forget: SessionStore checks the time itself.
 * - `HttpOnly`: no script on the page can read it. A script that slipped past escapeHtml could
 *   otherwise send `document.cookie` to someone else, who would then be you.
 * - `SameSite=Lax`: a POST that another site starts (a form on evil.example aimed at our /clear)
 *   comes without the cookie, so it arrives signed out. A plain link from another site still
 *   carries it, so following a link to the board shows you signed in. `Strict` would drop it there
 *   too. This is one of the two locks against cross-site requests; the origin check is the other.
 * - `Secure` (lesson 13, with the secureCookies option): only ever sent over HTTPS.
 *
 * The value is the id, signed (see signed-value.ts), so a made-up or changed cookie is refused
 * before the store is even asked.
 */
import type { IncomingMessage } from 'node:http';
import { formatSetCookie, parseCookieHeader } from './cookies.ts';
import type { Session, SessionStore } from './sessions.ts';
import { sign, unsign } from './signed-value.ts';

export const SESSION_COOKIE = 'session';

export interface SessionCookies {
  store: SessionStore;
  secret: string | Buffer;
  /** Add `Secure`: the board is served over HTTPS (lesson 13). */
  secure: boolean;
}

/** The id the request's session cookie names, if its signature is ours. Not yet checked in the store. */
export function sessionIdFrom(request: IncomingMessage, { secret }: SessionCookies): string | undefined {
  const value = parseCookieHeader(request.headers.cookie).get(SESSION_COOKIE);
  return value === undefined ? undefined : unsign(value, secret);
}

/** The live session this request belongs to, or undefined: signed out, expired, forged or ended. */
export function sessionOf(request: IncomingMessage, cookies: SessionCookies): Session | undefined {
  const id = sessionIdFrom(request, cookies);
  return id === undefined ? undefined : cookies.store.find(id);
}

/** The Set-Cookie header that gives the browser this session. */
export function sessionCookie(session: Session, { store, secret, secure }: SessionCookies): string {
  return formatSetCookie(SESSION_COOKIE, sign(session.id, secret), {
    path: '/',
    maxAge: Math.floor(store.absoluteMs / 1000),
    httpOnly: true,
    secure,
    sameSite: 'Lax',
  });
}

/**
 * The Set-Cookie header that makes the browser forget the cookie: the same name and Path, an empty
 * value, and Max-Age=0. Only a courtesy: the session already ended on the server.
 */
export function expiredSessionCookie({ secure }: SessionCookies): string {
  return formatSetCookie(SESSION_COOKIE, '', { path: '/', maxAge: 0, httpOnly: true, secure, sameSite: 'Lax' });
}
