/**
 * Who is signed in: a table kept by the server, from random session ids to names.
 *
 * HTTP forgets everything between two requests. After a successful sign-in, the server makes up
 * a session id, remembers "this id is alice", and gives the id to the browser in a cookie. Every
 * later request carries the cookie, and the server looks the id up. The cookie holds no name and
 * no rights, only a key to a row on the server, so:
 *
 * - the id must be impossible to guess: 32 random bytes from the operating system (randomBytes),
 *   not a counter and not Math.random. 2^256 possible ids; nobody finds a live one by trying.
 * - the server can end a session whenever it likes (sign-out, expiry), and a copy of the cookie
 *   kept somewhere is worth nothing afterwards. A cookie that said `user=alice` could not be
 *   taken back.
 *
 * The table is in memory. When the board restarts, everyone is signed out; see the page for what
 * a shared store (a file, a database) would change.
 */
import { randomBytes } from 'node:crypto';

export interface Session {
  readonly id: string;
  readonly name: string;
  /** When it was made, in milliseconds (Date.now()): the absolute limit counts from here. */
  readonly createdAt: number;
  /** The last request that used it: the idle limit counts from here. */
  lastSeenAt: number;
}

/** Signed out after 30 minutes without a request: a computer left alone in a library. */
export const IDLE_LIMIT_MS = 30 * 60 * 1000;
/**
 * Signed out 12 hours after signing in, however busy: a stolen cookie stops working within a
 * day, even if the thief keeps using it. This is also the cookie's Max-Age.
 */
export const ABSOLUTE_LIMIT_MS = 12 * 60 * 60 * 1000;

export interface SessionLimits {
  idleMs?: number;
  absoluteMs?: number;
  /** The clock. Tests pass their own, to move time on without waiting for it. */
  now?: () => number;
}

export class SessionStore {
  readonly idleMs: number;
  readonly absoluteMs: number;
  readonly #now: () => number;
  readonly #sessions = new Map<string, Session>();

  constructor({ idleMs = IDLE_LIMIT_MS, absoluteMs = ABSOLUTE_LIMIT_MS, now = Date.now }: SessionLimits = {}) {
    this.idleMs = idleMs;
    this.absoluteMs = absoluteMs;
    this.#now = now;
  }

  /** The live session with this id, which now counts as used; undefined if none, or if it expired. */
  find(id: string): Session | undefined {
    const session = this.#sessions.get(id);
    if (!session) return undefined;
    const now = this.#now();
    if (this.#expired(session, now)) {
      this.#sessions.delete(id);
      return undefined;
    }
    session.lastSeenAt = now;
    return session;
  }

  /**
   * A new session for `name`, after a successful sign-in, and the end of the one the browser had
   * before, if any. Always a new id: never give the old one a new name.
   *
   * Otherwise an attacker could sign in themselves, plant their own session cookie in your browser
   * (a page on another port of localhost can set cookies for localhost), and wait. You sign in,
   * the server writes "alice" on the attacker's id, and the attacker's copy of the cookie is now
   * you. This is session fixation. A fresh id at sign-in makes the planted one worthless.
   */
  signIn(name: string, previousId?: string): Session {
    if (previousId !== undefined) this.#sessions.delete(previousId);
    const now = this.#now();
    this.#sweep(now);
    const session: Session = { id: randomBytes(32).toString('base64url'), name, createdAt: now, lastSeenAt: now };
    this.#sessions.set(session.id, session);
    return session;
  }

  /** Sign-out: the id stops working here, on the server, whatever the browser does with its cookie. */
  end(id: string): void {
    this.#sessions.delete(id);
  }

  /** How many sessions are live, for the tests. */
  get size(): number {
    this.#sweep(this.#now());
    return this.#sessions.size;
  }

  #expired(session: Session, now: number): boolean {
    return now - session.lastSeenAt >= this.idleMs || now - session.createdAt >= this.absoluteMs;
  }

  /** Forgets every expired session, so that sessions nobody comes back for do not pile up. */
  #sweep(now: number): void {
    for (const session of this.#sessions.values()) {
      if (this.#expired(session, now)) this.#sessions.delete(session.id);
    }
  }
}
