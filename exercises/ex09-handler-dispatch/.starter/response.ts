// Exercise 09: the response writer. Read README.md in this folder first.
//
// A handler answers with these calls, in this order (Python's send_response, send_header,
// end_headers and wfile.write):
//
//   response.sendResponse(200);
//   response.sendHeader('Content-Type', 'text/plain; charset=utf-8');
//   response.sendHeader('Content-Length', Buffer.byteLength(text));
//   response.endHeaders();
//   response.write(text);
import type net from 'node:net';

const REASONS: Record<number, string> = { 200: 'OK', 400: 'Bad Request', 404: 'Not Found', 500: 'Internal Server Error', 501: 'Not Implemented' };

// The page sendError sends. {status}, {reason} and {explanation} are the holes to fill in.
export const ERROR_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{status} {reason}</title></head>
<body>
<h1>{status} {reason}</h1>
<p>{explanation}</p>
</body>
</html>
`;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Makes text safe to put inside an HTML page: `<b>` is shown, not obeyed. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

export class Response {
  private readonly socket: net.Socket;
  private head = '';
  private hasContentLength = false;
  /** True when the connection must close after this response. connection.ts reads it. */
  closesConnection: boolean;

  /** `keepAlive` is false when the connection will close after this response anyway. */
  constructor(socket: net.Socket, keepAlive: boolean) {
    this.socket = socket;
    this.closesConnection = !keepAlive;
  }

  sendResponse(status: number): void {
    this.head = `HTTP/1.1 ${status} ${REASONS[status] ?? 'Unknown'}\r\n`;
  }

  sendHeader(name: string, value: string | number): void {
    if (name.toLowerCase() === 'content-length') this.hasContentLength = true;
    this.head += `${name}: ${value}\r\n`;
  }

  endHeaders(): void {
    // TODO 4: keep-alive needs Content-Length. If this response has a body but no Content-Length,
    //         the client can only find the end of the body when the connection closes: set
    //         `closesConnection`. Then, whenever `closesConnection` is true, add the header
    //         `Connection: close` so the client knows.
    this.socket.write(`${this.head}\r\n`, 'latin1');
  }

  write(body: string | Buffer): void {
    this.socket.write(body);
  }

  sendError(status: number, explanation: string): void {
    // TODO 3: send a complete error response: the status line, a Content-Type for HTML in UTF-8,
    //         a Content-Length, the blank line, and ERROR_PAGE with its holes filled in. The
    //         explanation may contain what the client sent: escape it with escapeHtml.
    void status;
    void explanation;
  }
}
