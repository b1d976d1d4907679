// Exercise 09: the response writer, solved.
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
    // Without Content-Length, the end of the body is the end of the connection.
    if (!this.hasContentLength) this.closesConnection = true;
    if (this.closesConnection) this.head += 'Connection: close\r\n';
    this.socket.write(`${this.head}\r\n`, 'latin1');
  }

  write(body: string | Buffer): void {
    this.socket.write(body);
  }

  sendError(status: number, explanation: string): void {
    const holes: Record<string, string> = { status: String(status), reason: REASONS[status] ?? 'Unknown', explanation };
    const page = ERROR_PAGE.replace(/\{(status|reason|explanation)\}/g, (_hole, name: string) => escapeHtml(holes[name] ?? ''));
    this.sendResponse(status);
    this.sendHeader('Content-Type', 'text/html; charset=utf-8');
    // Bytes, not characters: the client reads exactly this many, then the next response.
    this.sendHeader('Content-Length', Buffer.byteLength(page));
    this.endHeaders();
    this.write(page);
  }
}
