/**
 * The response writer: what a handler uses to answer, in the order the bytes go out.
 *
 *     response.sendResponse(200);                                  HTTP/1.1 200 OK
 *                                                                  Server: ... Date: ...
 *     response.sendHeader('Content-Type', 'text/plain; charset=utf-8');
 *     response.sendHeader('Content-Length', Buffer.byteLength(body));
 *     response.endHeaders();                                       (the blank line)
 *     response.write(body);
 *
 * These are Python's send_response, send_header, end_headers and wfile.write, and like them they
 * are plain steps: a handler that calls them out of order gets an error that says so, instead of
 * bytes in the wrong place on the wire.
 *
 * Keep-alive depends on one thing: the client must be able to tell where this body ends, because
 * the next response follows straight after it on the same connection. So:
 * - with a Content-Length, we count the bytes written and refuse more than were promised (the
 *   connection finds out about fewer, see `finish`);
 * - without one, the only honest end of the body is closing the connection, so `endHeaders`
 *   adds `Connection: close`. Still correct HTTP, just without keep-alive.
 *
 * New since lesson 6: the handler may answer before the request's body has all arrived (a 413 or
 * a 415 sent without reading it). The rest of that body stands between us and the next request,
 * so that answer says `Connection: close` too. And `write` says when the socket is full, so a
 * handler sending a large file can wait (`drained`) instead of piling it up in memory.
 */
import type net from 'node:net';
import { renderErrorPage } from './error-page.ts';
import { httpDate } from './http-date.ts';
import { requestLogLine, messageLogLine } from './log.ts';
import type { HttpVersion } from './request-head.ts';
import { defaultExplanation, reasonPhrase } from './status-codes.ts';

export interface ResponseSettings {
  /** The Server header: who answered, like Python's server_version. */
  serverVersion: string;
  /** The version on our status lines. `HTTP/1.0` means: close after every response. */
  protocolVersion: HttpVersion;
  /** The page sendError fills in; holes: {status}, {reason}, {explanation}. */
  errorPageTemplate: string;
  /** Where log lines go; undefined for silence. */
  log: ((line: string) => void) | undefined;
}

/** What the response answers: enough of the request to log it, to know if it is HEAD, its version, and whether its body is all in. */
export interface Asked {
  method: string;
  target: string;
  version?: HttpVersion;
  body?: { readonly allArrived: boolean };
}

/** How a response ended, which decides what happens to the connection next. */
export type Ending = 'keep-alive' | 'close' | 'broken';

type Stage = 'status-line' | 'headers' | 'body' | 'finished';

export class Response {
  private readonly socket: net.Socket;
  private readonly asked: Asked | undefined;
  private readonly settings: ResponseSettings;

  private stage: Stage = 'status-line';
  private head = '';
  /** The finished head, held back until the first body bytes so both leave in one write. */
  private unsentHead = '';
  private status = 0;
  private sendsBody = true;
  private declaredLength: number | undefined;
  private bytesWritten = 0;
  private closeAfter: boolean;
  private saidConnection = false;

  constructor(socket: net.Socket, asked: Asked | undefined, settings: ResponseSettings, keepAlive: boolean) {
    this.socket = socket;
    this.asked = asked;
    this.settings = settings;
    this.closeAfter = !keepAlive || settings.protocolVersion === 'HTTP/1.0';
  }

  /** True once the head is complete (endHeaders): from then on, an error page can no longer replace it. */
  get started(): boolean {
    return this.stage === 'body' || this.stage === 'finished';
  }

  /** The status line, and the two headers every response of this server carries. */
  sendResponse(status: number, reason = reasonPhrase(status)): void {
    if (this.stage === 'finished') throw tooLate();
    if (this.stage !== 'status-line') throw outOfOrder('sendResponse() can be called only once per response.');
    if (!Number.isInteger(status) || status < 100 || status > 999) throw new RangeError(`${status} is not an HTTP status code.`);
    if (!HEADER_VALUE.test(reason)) throw codedError('ERR_INVALID_HEADER', `The reason phrase ${JSON.stringify(reason)} has characters a status line cannot hold.`);
    this.status = status;
    // A HEAD response promises a body without sending it; 204 and 304 never have one.
    this.sendsBody = this.asked?.method !== 'HEAD' && status >= 200 && status !== 204 && status !== 304;
    this.head = `${this.settings.protocolVersion} ${status} ${reason}\r\nServer: ${this.settings.serverVersion}\r\nDate: ${httpDate()}\r\n`;
    this.stage = 'headers';
  }

  sendHeader(name: string, value: string | number): void {
    if (this.stage === 'finished') throw tooLate();
    if (this.stage !== 'headers') {
      throw outOfOrder(this.stage === 'status-line' ? 'Call sendResponse() before sendHeader().' : 'Headers cannot be sent after endHeaders().');
    }
    const text = String(value);
    // A value holding "\r\n" would end this header and start another one that we never meant to
    // send ("header injection"), for instance when a handler echoes something the client sent.
    if (!HEADER_NAME.test(name) || !HEADER_VALUE.test(text)) {
      throw codedError('ERR_INVALID_HEADER', `Header ${JSON.stringify(name)}: ${JSON.stringify(text)} has characters a header cannot hold.`);
    }
    const lower = name.toLowerCase();
    if (lower === 'content-length') {
      if (!/^\d+$/.test(text)) throw codedError('ERR_INVALID_HEADER', `Content-Length must be a whole number of bytes, not ${JSON.stringify(text)}.`);
      this.declaredLength = Number(text);
    } else if (lower === 'connection') {
      this.saidConnection = true;
      if (text.toLowerCase() === 'close') this.closeAfter = true;
    }
    this.head += `${name}: ${text}\r\n`;
  }

  /**
   * The blank line: the head is complete, with `Connection: close` added if this is the last
   * response on the connection. It leaves with the first body bytes (or when the handler returns).
   */
  endHeaders(): void {
    if (this.stage === 'finished') throw tooLate();
    if (this.stage !== 'headers') throw outOfOrder('Call sendResponse() (once) before endHeaders(), and endHeaders() only once.');
    if (this.sendsBody && this.declaredLength === undefined) this.closeAfter = true;
    // Reading the rest of an unread body only to throw it away could take as long as the client
    // likes (2 GB, say). Closing is quicker, and just as correct.
    if (this.asked?.body && !this.asked.body.allArrived) this.closeAfter = true;
    if (this.closeAfter && !this.saidConnection) this.head += 'Connection: close\r\n';
    // An HTTP/1.0 client that asked for keep-alive closes anyway unless the answer agrees.
    if (!this.closeAfter && !this.saidConnection && this.asked?.version === 'HTTP/1.0') this.head += 'Connection: keep-alive\r\n';
    this.unsentHead = `${this.head}\r\n`;
    this.head = '';
    this.stage = 'body';
    // The request is logged once its answer is on its way (Python logs in send_response).
    if (this.settings.log && this.asked) this.settings.log(requestLogLine(this.asked.method, this.asked.target, this.status));
  }

  /**
   * Body bytes. A string is sent as UTF-8. For a HEAD request they are counted, not sent.
   * Returns false when the socket holds more than it has sent yet: await `drained()` before the next write.
   */
  write(chunk: string | Buffer): boolean {
    if (this.stage === 'finished') throw tooLate();
    if (this.stage !== 'body') throw outOfOrder('Call endHeaders() before write(): the body comes after the blank line.');
    const size = typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    if (this.declaredLength !== undefined && this.bytesWritten + size > this.declaredLength) {
      throw codedError(
        'ERR_BODY_LONGER_THAN_DECLARED',
        `Content-Length says ${this.declaredLength} bytes, but the body has reached ${this.bytesWritten + size}. Count bytes with Buffer.byteLength().`,
      );
    }
    this.bytesWritten += size;
    if (!this.sendsBody) return true;
    if (this.unsentHead && typeof chunk === 'string') {
      // One string, one write. The head is plain ASCII (sendHeader and createServer see to it),
      // so encoding it as UTF-8 along with the body gives exactly the same bytes.
      const text = this.unsentHead + chunk;
      this.unsentHead = '';
      return this.socket.write(text);
    }
    this.flushHead();
    return this.socket.write(chunk);
  }

  /**
   * Resolves once the socket has passed on what it held: true to go on writing, false if the
   * connection closed instead (the client went away; stop sending).
   */
  drained(): Promise<boolean> {
    if (this.socket.destroyed) return Promise.resolve(false);
    if (!this.socket.writableNeedDrain) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (stillOpen: boolean) => () => {
        this.socket.off('drain', onDrain);
        this.socket.off('close', onClose);
        resolve(stillOpen);
      };
      const onDrain = done(true);
      const onClose = done(false);
      this.socket.once('drain', onDrain);
      this.socket.once('close', onClose);
    });
  }

  private flushHead(): void {
    if (!this.unsentHead) return;
    this.socket.write(this.unsentHead);
    this.unsentHead = '';
  }

  /**
   * A complete error response: status line, headers, and the error page with the explanation in
   * it (escaped). Python's send_error. It replaces a head that has not gone out yet; once the head
   * is sent, it is too late.
   */
  sendError(status: number, explanation = defaultExplanation(status)): void {
    if (this.stage === 'finished') throw tooLate();
    if (this.started) throw outOfOrder(`sendError(${status}) came after endHeaders(); the client already has another status line.`);
    this.stage = 'status-line';
    this.declaredLength = undefined;
    this.saidConnection = false;
    const reason = reasonPhrase(status);
    const page = renderErrorPage(this.settings.errorPageTemplate, { status, reason, explanation });
    this.sendResponse(status, reason);
    this.sendHeader('Content-Type', 'text/html; charset=utf-8');
    this.sendHeader('Content-Length', Buffer.byteLength(page));
    this.endHeaders();
    this.write(page);
  }

  /** A line in the server's log, tagged with the client's address. Python's log_message. */
  logMessage(message: string): void {
    this.settings.log?.(messageLogLine(`${this.socket.remoteAddress}:${this.socket.remotePort}`, message));
  }

  /**
   * Called by the connection once the handler is done. Fills in what the handler left out where
   * that is still possible, and says whether the connection can carry another request.
   */
  finish(): Ending {
    if (this.stage === 'status-line') {
      this.sendError(500, 'The handler returned without sending a response.');
    } else if (this.stage === 'headers') {
      this.endHeaders();
    }
    this.flushHead();
    this.stage = 'finished';
    // Fewer bytes than promised: the client will wait for the rest, or read our next response as
    // the end of this body. Nothing we send can repair that.
    if (this.sendsBody && this.declaredLength !== undefined && this.bytesWritten < this.declaredLength) return 'broken';
    return this.closeAfter ? 'close' : 'keep-alive';
  }
}

// A token (letters, digits, a few symbols) for names; visible ASCII, spaces and tabs for values.
// HTTP once allowed other bytes in values, but clients disagree on what they mean: text that is
// not ASCII belongs in the body, or percent-encoded.
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const HEADER_VALUE = /^[\t\x20-\x7e]*$/;

function codedError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

function outOfOrder(message: string): Error {
  return codedError('ERR_RESPONSE_OUT_OF_ORDER', message);
}

// The next response on the connection may already be on its way: a late write would land in it.
function tooLate(): Error {
  return codedError(
    'ERR_RESPONSE_FINISHED',
    'This response is finished: its handler had returned (or its promise had settled). In an async handler, await the work before answering.',
  );
}
