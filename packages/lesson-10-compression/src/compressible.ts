/**
 * Decides which files are worth compressing at all.
 *
 * Text shrinks a lot: HTML, CSS, JavaScript, JSON and SVG are full of repeated words and
 * spaces, and gzip often makes them three to five times smaller. Pictures, zip archives, fonts
 * (woff2) and videos are compressed already; squeezing them again costs time and saves nothing,
 * or even adds a few bytes. So we compress by Content-Type, and only the types we know are text.
 *
 * Tiny files are left alone too. Below about 1 KB the whole answer fits in one packet anyway,
 * and gzip's own header and footer (18 bytes) eat most of what it saves.
 */

/** Files smaller than this are sent as they are. */
export const SMALLEST_TO_COMPRESS = 1024;

const TEXT_TYPES = ['application/json', 'application/javascript', 'application/xml', 'image/svg+xml'];

export function isCompressible(contentType: string, size: number): boolean {
  if (size < SMALLEST_TO_COMPRESS) return false;
  // `text/html; charset=utf-8`: only the part before the `;` names the type.
  const type = (contentType.split(';', 1)[0] ?? '').trim().toLowerCase();
  return type.startsWith('text/') || TEXT_TYPES.includes(type);
}
