/**
 * Turns the bytes of a body into text, if they are text. Only the headers can say what the bytes
 * are: Content-Type names the kind of data, and its charset names the encoding of the letters.
 */

/** Kinds of data that are text even without `text/` in front. */
const TEXT_TYPES = /^(text\/|application\/(json|javascript|xml)|[^;]*\+(json|xml)\s*(;|$))/i;

/**
 * The body as text, or null for bytes that are not text (an image, a zip file) or whose charset
 * this program does not know.
 */
export function decodeBody(body: Buffer, contentType: string | undefined): string | null {
  const charset = /;\s*charset="?([\w-]+)"?/i.exec(contentType ?? '')?.[1];
  if (charset) {
    try {
      return new TextDecoder(charset).decode(body);
    } catch {
      // TextDecoder throws a RangeError for a charset it does not know: treat the bytes as binary.
      return null;
    }
  }
  // No Content-Type at all: the bytes could be anything, but a page of text is the usual guess.
  // Text without a charset: UTF-8, because JSON is always UTF-8 and nearly all the web is too.
  if (contentType === undefined || TEXT_TYPES.test(contentType)) return new TextDecoder('utf-8').decode(body);
  return null;
}
