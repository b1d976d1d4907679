/**
 * Sessions, first on their own (the store, with a clock the test moves by hand), then over real
 * HTTP: a forged or tampered cookie, session fixation, sign-out, and expiry.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { request } from '@workbook/testkit';
import { ABSOLUTE_LIMIT_MS, IDLE_LIMIT_MS, SessionStore } from '../src/sessions.ts';
import { sign } from '../src/signed-value.ts';
import { cookieFrom, postMessage, shownMessages, signedInAs, signedUp, signInForm, signOut, someName, type Person } from './board-client.ts';
import { startBoard, type RunningBoard } from './start-server.ts';

/** A clock that only moves when the test says so. */
function handClock(start = Date.parse('2026-12-02T09:00:00.000Z')) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

const MINUTE = 60 * 1000;

describe('the store', () => {
  test('ids are 32 random bytes in base64url, a new one every time', () => {
    const store = new SessionStore();
    const ids = Array.from({ length: 100 }, () => store.signIn('alice').id);
    expect(ids.every((id) => /^[A-Za-z0-9_-]{43}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(100);
  });

  test('a session is found by its id, with its name; a made-up id finds nothing', () => {
    const store = new SessionStore();
    const session = store.signIn('alice');
    expect(store.find(session.id)?.name).toBe('alice');
    expect(store.find('made-up')).toBeUndefined();
  });

  test('signIn with the previous id ends that session: an id never changes hands', () => {
    const store = new SessionStore();
    const before = store.signIn('mallory');
    const after = store.signIn('alice', before.id);
    expect(after.id).not.toBe(before.id);
    expect(store.find(before.id)).toBeUndefined();
    expect(store.find(after.id)?.name).toBe('alice');
  });

  test('end() ends it', () => {
    const store = new SessionStore();
    const session = store.signIn('alice');
    store.end(session.id);
    expect(store.find(session.id)).toBeUndefined();
  });

  test('idle limit: alive just before it, gone at it', () => {
    const clock = handClock();
    const store = new SessionStore({ now: clock.now });
    const session = store.signIn('alice');
    clock.advance(IDLE_LIMIT_MS - 1);
    expect(store.find(session.id)).toBeDefined();
    // That find counted as a visit: the idle time starts again from here.
    clock.advance(IDLE_LIMIT_MS - 1);
    expect(store.find(session.id)).toBeDefined();
    clock.advance(IDLE_LIMIT_MS);
    expect(store.find(session.id)).toBeUndefined();
  });

  test('absolute limit: a session in use all the time still ends, 12 hours after sign-in', () => {
    const clock = handClock();
    const store = new SessionStore({ now: clock.now });
    const session = store.signIn('alice');
    // A visit every 20 minutes, never idle long enough to expire.
    for (let elapsed = 0; elapsed + 20 * MINUTE < ABSOLUTE_LIMIT_MS; elapsed += 20 * MINUTE) {
      clock.advance(20 * MINUTE);
      expect(store.find(session.id)).toBeDefined();
    }
    clock.advance(20 * MINUTE);
    expect(store.find(session.id)).toBeUndefined();
  });

  test('expired sessions are forgotten even if nobody asks for them again', () => {
    const clock = handClock();
    const store = new SessionStore({ now: clock.now });
    for (let index = 0; index < 50; index++) store.signIn(`user${index}`);
    expect(store.size).toBe(50);
    clock.advance(IDLE_LIMIT_MS);
    store.signIn('late');
    expect(store.size).toBe(1);
  });
});

describe('over HTTP', () => {
  let board: RunningBoard;
  let alice: Person;
  const clock = handClock();

  afterEach(async () => {
    await board?.stop();
  });

  async function start(): Promise<void> {
    board = await startBoard({ secret: 'the tests know this secret, and nobody else does', sessions: { now: clock.now } });
    alice = await signedUp(board, 'alice');
  }

  const sessionId = (cookie: string) => cookie.slice('session='.length).split('.')[0] ?? '';

  test('the session cookie: signed id, Path=/, Max-Age of 12 hours, HttpOnly, SameSite=Lax, no Secure on plain http', async () => {
    board = await startBoard();
    const exchange = await signInForm(board, (await signedUp(board)).name);
    expect(exchange.response?.headers['set-cookie']).toMatch(/^session=[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}; Path=\/; Max-Age=43200; HttpOnly; SameSite=Lax$/);
  });

  test('secureCookies: true adds Secure (lesson 13 turns it on for HTTPS)', async () => {
    board = await startBoard({ secureCookies: true });
    const exchange = await signInForm(board, (await signedUp(board)).name);
    expect(exchange.response?.headers['set-cookie']).toMatch(/; HttpOnly; Secure; SameSite=Lax$/);
  });

  test('the page knows who you are with the cookie, and nobody without it', async () => {
    await start();
    expect(await signedInAs(alice)).toBe('alice');
    expect(await signedInAs({ address: board.address })).toBeUndefined();
  });

  test('a forged cookie (a made-up id, signed with a guessed secret) is refused', async () => {
    await start();
    const forged = `session=${sign(sessionId(alice.cookie), 'secret')}`;
    expect(await signedInAs({ address: board.address, cookie: forged })).toBeUndefined();
    expect((await postMessage({ address: board.address, cookie: forged }, 'forged')).response?.status).toBe(403);
  });

  test('a tampered cookie (one character of the id changed, the signature kept) is refused', async () => {
    await start();
    const value = alice.cookie.slice('session='.length);
    const changed = (value[0] === 'A' ? 'B' : 'A') + value.slice(1);
    expect(await signedInAs({ address: board.address, cookie: `session=${changed}` })).toBeUndefined();
  });

  test('the right id without its signature is refused: the store is never asked', async () => {
    await start();
    expect(await signedInAs({ address: board.address, cookie: `session=${sessionId(alice.cookie)}` })).toBeUndefined();
  });

  test('a cookie signed with the secret of another board is refused', async () => {
    await start();
    const other = await startBoard();
    try {
      const theirs = await signedUp(other);
      expect(await signedInAs({ address: board.address, cookie: theirs.cookie })).toBeUndefined();
    } finally {
      await other.stop();
    }
  });

  test('fixation: signing in with a planted cookie gives a new id, and the planted one is dead', async () => {
    await start();
    // Mallory signs in and plants her own cookie in Alice's browser.
    const mallory = await signedUp(board, someName());
    // Alice signs in; her browser sends the planted cookie along.
    const signIn = await signInForm({ ...board, cookie: mallory.cookie }, 'alice');
    const aliceCookie = cookieFrom(signIn);
    expect(sessionId(aliceCookie)).not.toBe(sessionId(mallory.cookie));
    expect(await signedInAs({ address: board.address, cookie: aliceCookie })).toBe('alice');
    // Mallory's copy is now worth nothing: not Alice, not even Mallory.
    expect(await signedInAs({ address: board.address, cookie: mallory.cookie })).toBeUndefined();
  });

  test('signing in again gives a new id every time', async () => {
    await start();
    const again = cookieFrom(await signInForm({ ...board, cookie: alice.cookie }, 'alice'));
    expect(sessionId(again)).not.toBe(sessionId(alice.cookie));
    expect(await signedInAs({ address: board.address, cookie: alice.cookie })).toBeUndefined();
  });

  test('sign-out ends the session on the server: replaying the old cookie gets nothing', async () => {
    await start();
    const out = await signOut(alice);
    expect(out.response?.status).toBe(303);
    // The browser is told to forget the cookie...
    expect(out.response?.headers['set-cookie']).toMatch(/^session=; Path=\/; Max-Age=0; HttpOnly; SameSite=Lax$/);
    // ...but a copy kept by anyone (curl's jar, a thief) is refused by the server.
    expect(await signedInAs(alice)).toBeUndefined();
    const replay = await postMessage(alice, 'after sign-out');
    expect(replay.response?.status).toBe(403);
    expect(await shownMessages(board)).toEqual([]);
  });

  test('sign-out without a session still answers 303, and changes nothing', async () => {
    await start();
    expect((await signOut({ address: board.address })).response?.status).toBe(303);
    expect(await signedInAs(alice)).toBe('alice');
  });

  test("expiry: 30 idle minutes sign you out; the clock is the test's, nobody waits", async () => {
    await start();
    clock.advance(IDLE_LIMIT_MS - 1);
    expect(await signedInAs(alice)).toBe('alice');
    clock.advance(IDLE_LIMIT_MS);
    expect(await signedInAs(alice)).toBeUndefined();
    expect((await postMessage(alice, 'too late')).response?.status).toBe(403);
  });

  test('expiry: 12 hours after sign-in, even a busy session ends', async () => {
    await start();
    // A page view every 25 minutes: never idle for long enough to expire.
    for (let elapsed = 0; elapsed + 25 * MINUTE < ABSOLUTE_LIMIT_MS; elapsed += 25 * MINUTE) {
      clock.advance(25 * MINUTE);
      expect(await signedInAs(alice)).toBe('alice');
    }
    clock.advance(25 * MINUTE);
    expect(await signedInAs(alice)).toBeUndefined();
  });

  test('two people, two sessions: each page says its own name', async () => {
    await start();
    const bob = await signedUp(board, 'bob');
    expect(await signedInAs(alice)).toBe('alice');
    expect(await signedInAs(bob)).toBe('bob');
  });

  test('two Cookie headers (node joins them with ;) still find the session', async () => {
    await start();
    const { response } = await request(board.address, { headers: { cookie: ['theme=dark', alice.cookie] as unknown as string } });
    expect(response?.text).toContain('<b id="viewer">alice</b>');
  });
});
