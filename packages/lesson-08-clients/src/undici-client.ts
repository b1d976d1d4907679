/**
 * The same GET, with undici: the HTTP client inside Node's own fetch().
 *
 * One call does what raw-client.ts does by hand, and more:
 * - it speaks HTTP/1.1 and keeps the connection open afterwards (keep-alive), so a second
 *   request to the same server skips the TCP handshake;
 * - it finds the end of the body from Content-Length, or by decoding chunked transfer encoding;
 * - it throws when the server hangs up before the body is complete, or breaks HTTP's rules
 *   (a bare \n where \r\n belongs), instead of handing over a half-right answer;
 * - it does NOT follow redirects unless asked: a 301 comes back as a 301, Location and all.
 */
import { STATUS_CODES } from 'node:http';
import { errors, request } from 'undici';
import { ClientError, explainSocketError, where } from './client-error.ts';
import { parseHttpUrl } from './url.ts';

export interface UndiciResult {
  url: URL;
  status: number;
  /** `OK`, `Not Found`: undici does not keep the server's own words, so these are node's. */
  reason: string;
  /** Header names in lower case; undici has already read and checked them. */
  headers: Record<string, string>;
  /** The body, with any chunked framing already removed. */
  body: Buffer;
}

export async function fetchWithUndici(input: string | URL, { timeoutMs = 5000 } = {}): Promise<UndiciResult> {
  const url = typeof input === 'string' ? parseHttpUrl(input) : input;
  try {
    const response = await request(url, { headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
    // The body is a stream: it arrives in pieces just as it did for the raw client. undici
    // gathers them for us.
    const body = Buffer.from(await response.body.arrayBuffer());
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    return { url, status: response.statusCode, reason: STATUS_CODES[response.statusCode] ?? '', headers, body };
  } catch (error) {
    throw explainUndiciError(error, url, timeoutMs);
  }
}

/** undici's errors, told in the same words as the raw client's. */
function explainUndiciError(error: unknown, url: URL, timeoutMs: number): ClientError {
  if (error instanceof errors.HeadersTimeoutError || error instanceof errors.BodyTimeoutError) {
    return new ClientError('ETIMEDOUT', `Gave up on ${where(url)}: nothing arrived for ${timeoutMs / 1000} s (${error.code}).`);
  }
  // Which of the two depends on how the server hung up; both mean the body is incomplete.
  if (error instanceof errors.SocketError || error instanceof errors.ResponseContentLengthMismatchError) {
    return new ClientError('ERR_CLOSED_EARLY', `${where(url)} closed the connection before the response was complete (undici says: "${error.message}").`);
  }
  if (error instanceof errors.HTTPParserError) {
    return new ClientError('ERR_NOT_HTTP', `undici refused the response, because it breaks the rules of HTTP/1.1: ${error.message}`);
  }
  return explainSocketError(error, url);
}
