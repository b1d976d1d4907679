/**
 * How the command line shows a response: the head as the server wrote it, a blank line, then the
 * body as text if the headers say it is text. What went wrong on the way comes last, in yellow.
 */
import pc from 'picocolors';
import { where } from './client-error.ts';
import { decodeBody } from './decode-body.ts';
import type { RawFetchResult } from './raw-client.ts';
import type { UndiciResult } from './undici-client.ts';

/** 2xx green, 3xx cyan, 4xx and 5xx red: the first digit of a status says what kind of answer it is. */
function colourStatus(text: string, status: number): string {
  if (status >= 400) return pc.red(text);
  if (status >= 300) return pc.cyan(text);
  return pc.green(text);
}

function showBody(body: Buffer, contentType: string | undefined): string {
  if (body.length === 0) return pc.dim('(no body)');
  const text = decodeBody(body, contentType);
  return text ?? pc.dim(`(${body.length} bytes of ${contentType}: not text, so not shown)`);
}

export function showRawResult({ url, request, received, reads, response }: RawFetchResult): string {
  return [
    pc.dim(`→ sent ${request.length} bytes to ${where(url)}: ${JSON.stringify(request.toString('latin1'))}`),
    pc.dim(`← received ${received.length} bytes in ${reads} ${reads === 1 ? 'read' : 'reads'}, then the server closed the connection`),
    '',
    colourStatus(response.statusLine, response.status),
    ...response.headerLines,
    '',
    showBody(response.body, response.headers['content-type']),
    ...response.problems.map((problem) => pc.yellow(`! ${problem}`)),
  ].join('\n');
}

export function showUndiciResult({ url, status, reason, headers, body }: UndiciResult): string {
  return [
    pc.dim(`→ undici sent GET ${url.pathname}${url.search} over HTTP/1.1 to ${where(url)}, and keeps the connection for next time`),
    pc.dim('← it parsed the head, removed any chunked framing, and checked the body against Content-Length'),
    '',
    colourStatus(`${status} ${reason}`, status),
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    '',
    showBody(body, headers['content-type']),
  ].join('\n');
}
