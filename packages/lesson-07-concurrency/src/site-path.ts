/**
 * Turns the path of a request into a file inside the site folder, or into null.
 *
 * Lesson 4 takes each of these checks apart. Here they are kept short, but none is left out:
 * a path is chosen by whoever sends the request, and `/../../etc/passwd` is a perfectly
 * well-formed one.
 */
import path from 'node:path';

export function sitePath(siteDir: string, target: string): string | null {
  // The query (`?v=2`) does not choose a file.
  const rawPath = target.split('?', 1)[0] ?? '';

  // Decode once: `%2e%2e` becomes `..`, which the containment check below then catches.
  // `%252e` becomes the text `%2e`, a harmless name; decoding it a second time would turn it
  // into a dot after the checks had already looked.
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return null; // a broken escape such as `%zz`
  }
  // A NUL byte or a backslash names no file of ours (Windows reads a backslash as a separator).
  if (decoded.includes('\0') || decoded.includes('\\')) return null;

  // `/` and `/guide/` mean the index page of that folder.
  const wanted = decoded.endsWith('/') ? `${decoded}index.html` : decoded;
  // join, not resolve: resolve(siteDir, '/etc/passwd') would start over at the leading slash.
  const file = path.join(siteDir, wanted);

  // Where is the file, seen from the site folder? A walk that starts with `..`, or that cannot be
  // walked at all (another drive on Windows), leads outside.
  const relative = path.relative(siteDir, file);
  if (relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) return null;

  // Names starting with a dot (`.env`, `.git/`) are private by convention: never served.
  if (relative.split(path.sep).some((name) => name.startsWith('.'))) return null;
  return file;
}
