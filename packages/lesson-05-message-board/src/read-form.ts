/**
 * Reads the body of a form post, and refuses it with the right status when it is not one.
 *
 * The source material's board did `rfile.read(int(headers["Content-Length"]))`: it believed the client about
 * the size, kept every byte, and decoded whatever came. A body is input from a stranger, so here
 * every step has a limit or a check:
 *
 *   415  the body is not a form (Content-Type is not application/x-www-form-urlencoded)
 *   413  the body is larger than MAX_FORM_BYTES, whether it said so in advance or not
 *   400  the body is not valid form encoding (a broken %-escape, bytes that are not UTF-8)
 *
 * A form body looks like a query string: `message=Hello+there%21&other=1`. Spaces travel as `+`,
 * and every other special character as `%` and two hex digits per UTF-8 byte.
 */
import type { IncomingMessage } from 'node:http';

/** 10 KB: many times any sensible message, and small enough that nobody can fill our memory. */
export const MAX_FORM_BYTES = 10 * 1024;

const FORM_TYPE = 'application/x-www-form-urlencoded';

export type FormResult = { ok: true; fields: URLSearchParams } | { ok: false; status: 400 | 413 | 415; reason: string };

export async function readForm(request: IncomingMessage, limit = MAX_FORM_BYTES): Promise<FormResult> {
  // `application/x-www-form-urlencoded; charset=UTF-8` is the same type with a parameter.
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== FORM_TYPE) {
    const sent = request.headers['content-type'] ?? 'no Content-Type at all';
    return { ok: false, status: 415, reason: `expected a form (${FORM_TYPE}), but got ${sent}` };
  }

  // An honest client that announces a body too big is refused before we read a single byte of it.
  const announced = Number(request.headers['content-length'] ?? 0);
  if (announced > limit) return tooLarge(limit);

  // A chunked body announces nothing, and a lying client may send more than it said. So we also
  // count the bytes as they arrive.
  const body = await readAtMost(request, limit);
  if (body === undefined) return tooLarge(limit);

  return parseForm(body);
}

function tooLarge(limit: number): FormResult {
  return { ok: false, status: 413, reason: `a form may be at most ${limit} bytes` };
}

/** The whole body, or undefined as soon as it grows past `limit` bytes. */
function readAtMost(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;

    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received <= limit) {
        chunks.push(chunk);
        return;
      }
      // Stop collecting at once. We do not pause the stream: node keeps reading what the client
      // still sends and drops it, so our answer is not lost in a connection reset (a socket closed
      // with unread data in it is reset, not closed). The server then closes the connection.
      request.off('data', onData);
      request.off('end', onEnd);
      resolve(undefined);
    };
    const onEnd = () => resolve(Buffer.concat(chunks));

    request.on('data', onData);
    request.on('end', onEnd);
    // The client hung up half-way through the body: there is nothing left to answer.
    request.once('error', reject);
  });
}

/**
 * Checks the encoding before URLSearchParams sees the body, because URLSearchParams never says no:
 * it keeps `%zz` as it is and turns a broken UTF-8 byte into `�`. The message would be saved
 * differently from what was sent, and nobody would be told.
 */
function parseForm(body: Buffer): FormResult {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return { ok: false, status: 400, reason: 'the form is not valid UTF-8 text' };
  }
  for (const pair of text.split('&')) {
    try {
      // Throws on a `%` not followed by two hex digits, and on escapes that are not UTF-8.
      decodeURIComponent(pair.replaceAll('+', ' '));
    } catch {
      return { ok: false, status: 400, reason: `the form has a broken %-escape in ${JSON.stringify(pair.slice(0, 40))}` };
    }
  }
  return { ok: true, fields: new URLSearchParams(text) };
}
