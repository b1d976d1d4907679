/**
 * Which names a stored file may have: a strict rule, checked before the disk is touched.
 *
 *     report-2026.pdf   notes_v2.txt   a.b.c        allowed
 *     ../../etc/passwd  a/b  .env  %2e%2e  con.txt  refused
 *
 * Lesson 4 had to serve whatever path a site held, so it let node work out where a path pointed
 * and checked that the place was inside the folder (resolve-path.ts). An upload server chooses
 * its own names, so it can do better: allow only names that cannot mean anything but a file in
 * this folder. No slash or backslash (no other folder), no leading dot (no `..`, no hidden
 * files, and room for our own temporary names, which start with one), no percent sign (nothing
 * is decoded, so nothing can be decoded twice), no colon or NUL. A short list of what is allowed
 * beats a long list of what is not: nobody can think of a spelling we forgot.
 */

/** Letters, digits, `.`, `_`, `-`; up to 100 of them; not starting or ending with a dot. */
const SAFE_NAME = /^[A-Za-z0-9_-](?:[A-Za-z0-9._-]{0,98}[A-Za-z0-9_-])?$/;

// Windows keeps these names for devices, whatever the extension: writing `nul.txt` writes to
// nowhere, and `con` is the console. Refused everywhere, so the server behaves the same on every system.
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i;

export const SAFE_NAME_RULE = 'A file name is 1 to 100 letters, digits, ".", "_" or "-", not starting or ending with "." (so no "/", no "..", no "%").';

export function isSafeName(name: string): boolean {
  return SAFE_NAME.test(name) && !WINDOWS_DEVICE.test(name);
}
