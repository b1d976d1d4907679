/**
 * Turns the path of a request into a path on disk, or refuses to.
 *
 * This is the file that keeps the rest of your computer private. The path in a request is chosen
 * by whoever sends it, and the most famous attack on file servers is a path that climbs out of
 * the site folder:
 *
 *     GET /../../home/you/.ssh/id_rsa HTTP/1.1
 *
 * Browsers tidy `..` away before they send anything, so you will never see this from one. curl
 * with --path-as-is, a script, or an attacker sends it exactly as written. Disguised versions
 * are just as old: `%2e%2e/` (the dots percent-encoded), `..%2f` (the slash encoded), `..%5c` (a
 * backslash, which Windows reads as a slash), `%252e%252e` (encoded twice, hoping the server
 * decodes twice), `%00` (a NUL byte, which cut strings short in older languages).
 *
 * Trying to spot every bad spelling is a race you lose. So this file does not look for them.
 * It decodes the path once, lets node work out where it really points, and then asks a single
 * question: is that place inside the site folder? Anything that climbs out, however it was
 * spelled, fails that question.
 *
 * Nothing here touches the disk. Whether the file exists, and whether a symbolic link inside
 * the site points back out of it, is find-file.ts's job.
 */
import path from 'node:path';

/**
 * Longer paths get 414 URI Too Long. No file on a site needs more, and the operating system
 * would refuse a long enough one anyway (with an error we would rather not provoke).
 */
export const MAX_PATH_LENGTH = 2048;

export type ResolvedPath =
  | {
      ok: true;
      /** Where the file would be on disk: absolute, and always inside the root. */
      filePath: string;
      /** The same place as seen from the root, such as `guide/index.html`, or '' for the root. */
      relative: string;
      /** The request asked for a folder (the path ends in `/`). */
      endsWithSlash: boolean;
    }
  | { ok: false; status: 400 | 404 | 414; reason: string };

/**
 * `target` is the request target exactly as received (node's `request.url`), such as
 * `/guide/index.html?lang=en`. `root` is the site folder, absolute.
 */
export function resolvePath(root: string, target: string): ResolvedPath {
  // The query string (?lang=en) chooses nothing on a file server, so it is cut off. A browser
  // never sends a #fragment, but a hand-made request might.
  const rawPath = target.split(/[?#]/, 1)[0] ?? '';

  // Proxies are sent whole URLs (`GET http://example.com/ HTTP/1.1`) and OPTIONS may be sent `*`.
  // We are not a proxy: a path must start with "/".
  if (!rawPath.startsWith('/')) return refuse(400, 'The path must start with "/".');
  if (rawPath.length > MAX_PATH_LENGTH) return refuse(414, `The path is longer than ${MAX_PATH_LENGTH} characters.`);

  // Decode exactly once. `%2e%2e` becomes `..` here, and is caught by the containment check
  // below like any other `..`. `%252e` becomes the four characters `%2e`: a file name that
  // happens to contain a percent sign, not a dot. A server that decoded a second time would
  // turn it into a dot, after the checks had already looked at it.
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    // `%zz`, a lone `%`, or bytes that are not UTF-8 (`%c3%28`): not a path anyone can have.
    return refuse(400, 'The path has a broken percent-encoding.');
  }

  // A NUL byte ends a string in C, and so in the operating system's file functions: old servers
  // were fooled into opening `secret.txt` by `/secret.txt%00.png`. Node refuses such paths with
  // an exception; we refuse them first, with an answer.
  if (decoded.includes('\0')) return refuse(400, 'The path contains a NUL byte.');

  // On Windows a backslash separates folders just like "/" does, and a colon starts a drive
  // (`C:`) or names a hidden stream of a file (`notes.txt:secret`). On Linux and macOS both are
  // ordinary letters. Refusing them everywhere means a path names the same thing on every system.
  if (decoded.includes('\\')) return refuse(400, 'The path contains a backslash.');
  if (decoded.includes(':')) return refuse(400, 'The path contains a colon.');

  // path.join treats every argument as a piece to append, and tidies `.` and `..` away, so
  // join('/site', '/../etc/passwd') is '/etc/passwd': outside, which the next check catches.
  // (path.resolve would be a trap here: resolve('/site', '/etc/passwd') starts over at the
  // leading "/" and gives '/etc/passwd' without any `..` at all.)
  const joined = path.join(root, decoded);
  if (!isInside(root, joined)) return refuse(404, 'The path points outside the site folder.');

  const relative = path.relative(root, joined);
  // Files and folders whose names start with a dot are hidden by convention, and often secret:
  // `.env` holds passwords, `.git/` holds the whole history of the site. Never serve them.
  if (isHidden(relative)) return refuse(404, 'Hidden files (names starting with ".") are not served.');

  // The trailing slash is kept apart from the path on disk, so that the server, not the
  // operating system, decides what `/index.html/` means.
  return { ok: true, filePath: path.join(root, relative), relative, endsWithSlash: rawPath.endsWith('/') };
}

/**
 * Is `candidate` the root itself, or somewhere below it? Both must be absolute.
 *
 * A string comparison is not enough: '/srv/site-secrets'.startsWith('/srv/site') is true, yet the
 * folder is next to the site, not in it. path.relative answers the real question: how do I walk
 * from the root to the candidate? If the walk starts by going up (`..`), or cannot be walked at
 * all (another drive on Windows, so the answer is an absolute path), the candidate is outside.
 */
export function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  if (relative === '') return true;
  // `..hidden-but-inside` is a legal file name, so look for `..` as a whole first step only.
  const goesUp = relative === '..' || relative.startsWith(`..${path.sep}`);
  return !goesUp && !path.isAbsolute(relative);
}

/** True when any step of a relative path is a dot-name: `.env`, `.git/config`, `a/.b/c`. */
export function isHidden(relative: string): boolean {
  return relative.split(path.sep).some((name) => name.startsWith('.'));
}

function refuse(status: 400 | 404 | 414, reason: string): ResolvedPath {
  return { ok: false, status, reason };
}
