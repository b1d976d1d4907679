/**
 * Signing up and signing in: the rules for names and passwords, and the one answer for a sign-in
 * that fails.
 *
 * A sign-in that fails says "wrong name or password", never which of the two. Otherwise anyone
 * could try names one by one to learn who has an account here, then try passwords only on those.
 * The answer is the same, and so is the work behind it: for a name nobody has, the password is
 * still checked with scrypt, against a hash that matches nothing. A quick "no such name" would
 * come back sooner than a slow "wrong password", and the time alone would tell.
 */
import { randomUUID } from 'node:crypto';
import { hashPassword, verifyPassword } from './passwords.ts';
import type { Board } from './store.ts';

/** Lowercase letters, digits, - and _: no look-alikes (Cyrillic а for a), no spaces, no HTML. */
export const NAME_RULE = /^[a-z0-9_-]{1,24}$/;
export const NAME_HINT = 'a name is 1 to 24 lowercase letters, digits, - or _';

/** Long enough to be worth guessing for; short enough that nobody makes scrypt hash a megabyte. */
export const MIN_PASSWORD_CHARS = 8;
export const MAX_PASSWORD_CHARS = 200;

export const WRONG_SIGN_IN = 'Wrong name or password.';

/** A hash of a random password that nobody knows: what an unknown name's password is checked against. */
const NOBODY = hashPassword(randomUUID());

export type SignUpResult = { ok: true; name: string } | { ok: false; reason: string };

export async function signUp(board: Board, name: string, password: string): Promise<SignUpResult> {
  if (!NAME_RULE.test(name)) return { ok: false, reason: `That name cannot be used: ${NAME_HINT}.` };
  const problem = passwordProblem(password);
  if (problem) return { ok: false, reason: problem };
  // Hashed before the board's queue, so that one slow scrypt does not hold up everyone's posts.
  const account = await board.addAccount(name, await hashPassword(password));
  // Names are shown on the board anyway, so saying that one is taken gives nothing away.
  if (!account) return { ok: false, reason: `The name ${name} is taken. Choose another, or sign in.` };
  return { ok: true, name };
}

/** The account's name if the password is right; undefined for a wrong password and an unknown name alike. */
export async function checkSignIn(board: Board, name: string, password: string): Promise<string | undefined> {
  const account = board.account(name);
  // Too long to be anyone's password: no need to hash it to know. Same answer as any other miss.
  if (password.length > MAX_PASSWORD_CHARS) return undefined;
  const right = await verifyPassword(password, account?.password ?? (await NOBODY));
  return right && account ? account.name : undefined;
}

function passwordProblem(password: string): string | undefined {
  if (password.length < MIN_PASSWORD_CHARS) return `Choose a password of at least ${MIN_PASSWORD_CHARS} characters.`;
  if (password.length > MAX_PASSWORD_CHARS) return `A password may be at most ${MAX_PASSWORD_CHARS} characters.`;
  return undefined;
}
