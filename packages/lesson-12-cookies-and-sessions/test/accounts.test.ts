/**
 * Signing up and signing in over real HTTP, and what ends up in the board file: never a password.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { request } from '@workbook/testkit';
import { hashPassword, verifyPassword } from '../src/passwords.ts';
import { fileLines, getPage, PASSWORD, postForm, signedInAs, signedUp, signInForm, signUpForm, someName } from './board-client.ts';
import { startBoard, type RunningBoard } from './start-server.ts';

let board: RunningBoard;
beforeAll(async () => {
  board = await startBoard();
});
afterAll(() => board.stop());

const accountLines = (name: string) => fileLines(board.file).filter((line) => line.type === 'account' && line.name === name);

describe('signing up', () => {
  test('GET /sign-up is a form with a name, a password field that hides what is typed, and the rule for names', async () => {
    const html = await getPage(board, '/sign-up');
    expect(html).toContain('<form method="post" action="/sign-up">');
    expect(html).toMatch(/<input id="name" name="name"[^>]*autocomplete="username"/);
    expect(html).toMatch(/<input id="password" name="password" type="password" autocomplete="new-password"/);
    expect(html).toContain('lowercase letters');
  });

  test('a new name and a good password: 303 to /, a session cookie, and the page says who you are', async () => {
    const name = someName();
    const exchange = await signUpForm(board, name);
    expect(exchange.response?.status).toBe(303);
    expect(exchange.response?.headers.location).toBe('/');
    expect(exchange.response?.headers['set-cookie']).toMatch(/^session=/);
    const cookie = exchange.response?.headers['set-cookie']?.split(';')[0];
    expect(await signedInAs({ address: board.address, cookie })).toBe(name);
  });

  test('a name typed with capitals and spaces around it is kept in lowercase', async () => {
    const name = someName();
    const exchange = await signUpForm(board, `  ${name.toUpperCase()} `);
    expect(exchange.response?.status).toBe(303);
    expect(accountLines(name)).toHaveLength(1);
  });

  test.each([
    ['a space inside', 'two words'],
    ['HTML', '<b>bold</b>'],
    ['a look-alike letter (Cyrillic а)', 'аlice'],
    ['25 characters', 'a'.repeat(25)],
    ['nothing', ''],
  ])('a name with %s is refused with 422 and the rule, and no account is made', async (_what, name) => {
    const before = readFileSync(board.file, 'utf8');
    const { response } = await signUpForm(board, name);
    expect(response?.status).toBe(422);
    expect(response?.text).toContain('a name is 1 to 24 lowercase letters');
    expect(response?.headers['set-cookie']).toBeUndefined();
    expect(readFileSync(board.file, 'utf8')).toBe(before);
  });

  test('a password shorter than 8 characters is refused', async () => {
    const { response } = await signUpForm(board, someName(), 'short');
    expect(response?.status).toBe(422);
    expect(response?.text).toContain('at least 8 characters');
  });

  test('a taken name is refused, and the first account is untouched', async () => {
    const first = await signedUp(board);
    const { response } = await signUpForm(board, first.name, 'another password entirely');
    expect(response?.status).toBe(422);
    expect(response?.text).toContain('is taken');
    expect(accountLines(first.name)).toHaveLength(1);
    expect((await signInForm(board, first.name)).response?.status).toBe(303);
  });

  test.each([
    ['no password field', `name=${someName()}`],
    ['two name fields', `name=a&name=b&password=${PASSWORD}`],
  ])('a form with %s gets 400', async (_what, body) => {
    expect((await postForm(board, '/sign-up', body)).response?.status).toBe(400);
  });
});

describe('the password in the file', () => {
  test('is never there in clear: the file holds a salted scrypt hash, in a form that says how it was made', async () => {
    const password = `my own ${someName()} password`;
    const name = someName();
    expect((await signUpForm(board, name, password)).response?.status).toBe(303);
    const file = readFileSync(board.file, 'utf8');
    expect(file).not.toContain(password);
    expect(file).not.toContain(encodeURIComponent(password));
    const [account] = accountLines(name);
    expect(account?.password).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{86}$/);
  });

  test('two accounts with the same password get different hashes: each has its own salt', async () => {
    const [one, two] = [await signedUp(board), await signedUp(board)];
    const [first] = accountLines(one.name);
    const [second] = accountLines(two.name);
    expect(first?.password).not.toBe(second?.password);
  });

  test('verifyPassword: the right password passes, a wrong one or a broken stored text fails', async () => {
    const stored = await hashPassword('open sesame');
    expect(await verifyPassword('open sesame', stored)).toBe(true);
    expect(await verifyPassword('open sesamE', stored)).toBe(false);
    for (const broken of ['', 'open sesame', 'sha256$abc', 'scrypt$16384$8$1$salt', 'scrypt$x$y$z$c2FsdA$aGFzaA']) {
      expect(await verifyPassword('open sesame', broken)).toBe(false);
    }
  });

  test('a password is the same password however its accents were typed (NFC and NFD)', async () => {
    const stored = await hashPassword('caf\u00e9 au lait');
    expect(await verifyPassword('cafe\u0301 au lait', stored)).toBe(true);
  });
});

describe('signing in', () => {
  test('GET /sign-in is a form for the current password', async () => {
    const html = await getPage(board, '/sign-in');
    expect(html).toContain('<form method="post" action="/sign-in">');
    expect(html).toMatch(/type="password" autocomplete="current-password"/);
  });

  test('the right password: 303 to /, and a cookie that works', async () => {
    const { name } = await signedUp(board);
    const exchange = await signInForm(board, name);
    expect(exchange.response?.status).toBe(303);
    const cookie = exchange.response?.headers['set-cookie']?.split(';')[0];
    expect(await signedInAs({ address: board.address, cookie })).toBe(name);
  });

  test('a wrong password and an unknown name get the very same answer', async () => {
    const { name: known } = await signedUp(board);
    const unknown = someName();
    const wrongPassword = await signInForm(board, known, 'not the password');
    const noSuchName = await signInForm(board, unknown, 'not the password');
    for (const { response } of [wrongPassword, noSuchName]) {
      expect(response?.status).toBe(403);
      expect(response?.text).toContain('Wrong name or password.');
      expect(response?.headers['set-cookie']).toBeUndefined();
    }
    // The page shows the name that was typed, so that it need not be typed again: apart from it,
    // the two answers are the same, byte for byte, and so are their headers (but the date).
    const answer = ({ response }: typeof wrongPassword, name: string) => ({
      text: response?.text.replaceAll(name, 'NAME'),
      headers: { ...response?.headers, date: undefined },
    });
    expect(answer(wrongPassword, known)).toEqual(answer(noSuchName, unknown));
  });

  test('the wrong answer keeps the name that was typed, and never the password', async () => {
    const { response } = await signInForm(board, 'someone', 'my secret guess');
    expect(response?.text).toContain('value="someone"');
    expect(response?.text).not.toContain('my secret guess');
  });

  test('a password of a megabyte is refused like any wrong one, and the board keeps serving', async () => {
    // The form limit (10 KB) says no first, with 413: scrypt never sees it.
    const { name } = await signedUp(board);
    const { response } = await signInForm(board, name, 'x'.repeat(1024 * 1024));
    expect(response?.status).toBe(413);
    expect((await request(board.address)).response?.status).toBe(200);
  });

  test('a sign-in form sent from another site is refused, like every other post (login CSRF)', async () => {
    // Signed in as the attacker, you would post on the board under their name without noticing.
    const { name } = await signedUp(board);
    const body = new URLSearchParams({ name, password: PASSWORD }).toString();
    const { response } = await postForm({ address: board.address }, '/sign-in', body, { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(response?.status).toBe(403);
    expect(response?.headers['set-cookie']).toBeUndefined();
  });
});
