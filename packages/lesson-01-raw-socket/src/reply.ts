/**
 * Decides what to say back: the response bytes, and the line to log about them.
 *
 * server.ts deals with bytes and time (when has a whole head arrived?); this file deals with
 * meaning (what did the client ask, and what do we answer?).
 */
import { requestLogLine, refusalLogLine } from './log.ts';
import { errorPage, welcomePage } from './pages.ts';
import { parseRequestLine } from './request-line.ts';
import { buildResponse } from './response.ts';

export interface Reply {
  response: Buffer;
  logLine: string;
}

/** The answer to a complete request head (everything before the blank line). */
export function replyTo(head: string): Reply {
  const firstLine = firstLineOf(head);
  const parsed = parseRequestLine(firstLine);
  if (!parsed.ok) {
    return {
      response: buildResponse(400, errorPage('400 Bad Request', parsed.problem, firstLine)),
      logLine: refusalLogLine(firstLine, 400),
    };
  }
  const { method, target } = parsed.requestLine;
  // This step reads no headers and no body: the request line alone decides the answer. Every
  // well-formed method gets the same page, except HEAD, which asks for the head without the body.
  return {
    response: buildResponse(200, welcomePage(method, target), { withBody: method !== 'HEAD' }),
    logLine: requestLogLine(method, target, 200),
  };
}

/** The answer when the head grows past the limit without ending. */
export function replyTooLarge(received: string, limitBytes: number): Reply {
  const firstLine = firstLineOf(received);
  const explanation = `The request head (request line and headers) must fit in ${limitBytes} bytes.`;
  return {
    response: buildResponse(431, errorPage('431 Request Header Fields Too Large', explanation, firstLine)),
    logLine: refusalLogLine(firstLine, 431),
  };
}

/** The answer when the client stopped sending before the blank line that ends the head. */
export function replyUnfinished(received: string): Reply {
  const firstLine = firstLineOf(received);
  const explanation = 'The request ended before the blank line (\\r\\n\\r\\n) that closes the head.';
  return {
    response: buildResponse(400, errorPage('400 Bad Request', explanation, firstLine)),
    logLine: refusalLogLine(firstLine, 400),
  };
}

function firstLineOf(text: string): string {
  const end = text.indexOf('\r\n');
  return end === -1 ? text : text.slice(0, end);
}
