/**
 * Passwords, kept so that the board can check one without being able to tell anyone what it is.
 *
 * The board file never holds a password, only this, made by hashPassword:
 *
 *     scrypt$16384$8$1$Yx3v…(16 random bytes, the salt)$9kQ2…(64 bytes, the hash)
 *
 * - **A hash, not the password.** To check a password, hash it again and compare. Someone who
 *   copies the file (a backup, a bug that serves it) learns no one's password from it, and people
 *   use the same password in many places.
 * - **A slow hash.** SHA-256 runs billions of times a second on a graphics card, so every short
 *   password could be tried against a stolen file. scrypt is made to be slow and to need memory
 *   (16 MB here, some tens of milliseconds): nothing for one sign-in, a lot for a billion guesses.
 * - **A salt.** 16 random bytes, different for each account, hashed with the password. Two people
 *   with the same password get different hashes, and a table of hashes computed in advance for
 *   common passwords is useless.
 * - **Self-describing.** The line says which function and which settings made it. When the
 *   settings get stronger one day, old hashes can still be checked, and replaced at the next sign-in.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** scrypt's cost settings: N (work and memory, a power of 2), r (block size), p (parallel runs). */
const COST = { N: 16384, r: 8, p: 1 };
const SALT_BYTES = 16;
const HASH_BYTES = 64;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await scryptAsync(password, salt, HASH_BYTES, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** Whether `password` is the one `stored` was made from. False for a stored text we cannot read. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [algorithm, N, r, p, salt, hash] = stored.split('$');
  if (algorithm !== 'scrypt' || salt === undefined || hash === undefined) return false;
  const expected = Buffer.from(hash, 'base64url');
  const cost = { N: Number(N), r: Number(r), p: Number(p) };
  if (expected.length === 0 || !Object.values(cost).every(Number.isSafeInteger)) return false;
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64url'), expected.length, cost);
  // Compared in constant time, like a signature (see signed-value.ts).
  return timingSafeEqual(actual, expected);
}

/** node's scrypt, with a promise instead of a callback. It runs outside the main thread. */
function scryptAsync(password: string, salt: Buffer, length: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, length, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}
