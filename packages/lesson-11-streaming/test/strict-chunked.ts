/**
 * A strict reader of a chunked body, for the tests: it accepts exactly the framing the lesson
 * teaches and throws, saying where, at the first byte that is off. A lenient decoder (curl's,
 * a browser's) would forgive a missing CRLF or an empty chunk in the middle, and the test with it.
 *
 *     size-in-hex CRLF  data  CRLF   ...   0 CRLF CRLF
 *
 * No chunk extensions (`5;name=value`) and no trailer fields: the servers never send them.
 */

export interface DecodedChunks {
  /** Every chunk's data, in order. */
  chunks: Buffer[];
  body: Buffer;
  /** The bytes after the last chunk: the next response on a kept-alive connection. */
  rest: Buffer;
}

export function decodeChunkedStrictly(bytes: Buffer): DecodedChunks {
  const chunks: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = bytes.indexOf('\r\n', at);
    if (lineEnd === -1) throw new Error(`byte ${at}: a chunk size line without its CRLF (the body stopped before the last chunk)`);
    const sizeText = bytes.toString('latin1', at, lineEnd);
    if (!/^[0-9a-f]+$/i.test(sizeText)) throw new Error(`byte ${at}: the chunk size should be hex digits, but it is ${JSON.stringify(sizeText)}`);
    if (sizeText.length > 1 && sizeText.startsWith('0')) throw new Error(`byte ${at}: the chunk size ${JSON.stringify(sizeText)} has leading zeros`);
    const size = Number.parseInt(sizeText, 16);
    at = lineEnd + 2;
    if (size === 0) {
      if (bytes.toString('latin1', at, at + 2) !== '\r\n') throw new Error(`byte ${at}: the last chunk must be followed by a blank line (CRLF)`);
      return { chunks, body: Buffer.concat(chunks), rest: bytes.subarray(at + 2) };
    }
    if (at + size + 2 > bytes.length) throw new Error(`byte ${at}: a chunk of ${size} bytes, but only ${bytes.length - at} bytes are left`);
    chunks.push(bytes.subarray(at, at + size));
    at += size;
    if (bytes.toString('latin1', at, at + 2) !== '\r\n')
      throw new Error(`byte ${at}: the chunk's data must be followed by CRLF, and ${JSON.stringify(bytes.toString('latin1', at, at + 2))} came`);
    at += 2;
  }
}
