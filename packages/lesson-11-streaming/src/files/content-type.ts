/**
 * Says what kind of file we are sending, from the end of its name.
 *
 * A browser does not look at a file's name to decide what to do with it: it reads the
 * Content-Type header. Send a stylesheet as `text/plain` and the page stays unstyled; send a
 * page as `application/octet-stream` and the browser offers to download it instead of showing it.
 *
 * Text types carry a charset, so the browser knows how to turn the bytes back into letters.
 * Pictures are bytes, not letters, so they have none.
 */
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  // Markdown is text too: a browser shows it as it is instead of downloading it.
  '.md': 'text/markdown; charset=utf-8',
  // JSON is UTF-8 by definition, so its type has no charset to give.
  '.json': 'application/json',
  // SVG pictures are written in XML text, but browsers read the encoding from the file itself.
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
};

/** "Some bytes, I won't say what": the browser downloads them instead of guessing. */
export const UNKNOWN_TYPE = 'application/octet-stream';

export function contentTypeFor(filePath: string): string {
  // LOGO.PNG is a PNG too.
  return TYPES[path.extname(filePath).toLowerCase()] ?? UNKNOWN_TYPE;
}
