/**
 * Turns an exchange into the words a beginner sees when a check fails: what was sent (as a curl
 * command and as raw bytes), what came back, and a hint for the common mistakes.
 */
import { STATUS_CODES } from 'node:http';
import { baseUrl, hostPort } from './address.ts';
import { escapeBytes, escapeStart } from './escape.ts';
import type { HttpExchange } from './http.ts';
import type { RawExchange } from './raw.ts';

export type Exchange = HttpExchange | RawExchange;

const indent = (text: string) =>
  text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');

function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

/** A curl command that sends (nearly) the same request, to try by hand. */
export function curlCommand(exchange: HttpExchange): string {
  const { method, path, headers, body } = exchange.sent;
  const parts = ['curl', '-i'];
  if (method === 'HEAD') parts.push('--head');
  else if (method !== 'GET' || body !== undefined) parts.push('-X', method);
  for (const [name, value] of Object.entries(headers)) parts.push('-H', shellQuote(`${name}: ${value}`));
  if (body !== undefined) parts.push('--data-binary', shellQuote(body.toString()));
  parts.push(shellQuote(`${baseUrl(exchange.address)}${path}`));
  return parts.join(' ');
}

/** The bytes undici puts on the wire for this request, near enough to read. */
function requestBytes(exchange: HttpExchange): string {
  const { method, path, headers, body } = exchange.sent;
  // A Host the test gave replaces the one undici would write.
  const ownHost = Object.keys(headers).some((name) => name.toLowerCase() === 'host');
  const lines = [`${method} ${path} HTTP/1.1`, ...(ownHost ? [] : [`host: ${hostPort(exchange.address)}`])];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  if (body !== undefined) lines.push(`content-length: ${Buffer.byteLength(body)}`);
  return `${lines.join('\r\n')}\r\n\r\n${body ?? ''}`;
}

/** One line naming the request, such as `GET /about`. */
export function describeRequest(exchange: Exchange): string {
  if (exchange.kind === 'http') return `${exchange.sent.method} ${exchange.sent.path}`;
  const firstLine = Buffer.concat(exchange.sent).toString('latin1').split(/\r?\n/)[0] ?? '';
  return firstLine.length > 60 ? `${firstLine.slice(0, 60)}…` : firstLine || '(empty request)';
}

export function formatSent(exchange: Exchange): string {
  if (exchange.kind === 'http') {
    return `What was sent:\n${indent(curlCommand(exchange))}\n${indent(escapeBytes(requestBytes(exchange)))}`;
  }
  const writes = exchange.sent.map(escapeBytes);
  const how = writes.length > 1 ? ` in ${writes.length} separate writes` : '';
  return `What was sent to ${hostPort(exchange.address)}${how}:\n${indent(writes.join('\n'))}`;
}

export function formatReceived(exchange: Exchange): string {
  if (exchange.kind === 'http') {
    const response = exchange.response;
    if (!response) return `What came back: no response (${exchange.error?.code}: ${exchange.error?.message})`;
    const head = [`status ${response.status} (${STATUS_CODES[response.status] ?? 'unknown'})`, ...Object.entries(response.headers).map(([k, v]) => `${k}: ${v}`)];
    const body = response.body.length ? escapeStart(response.body) : '(empty body)';
    return `What came back:\n${indent(head.join('\n'))}\n\n${indent(body)}`;
  }
  const ending = exchange.error
    ? `then the connection failed (${exchange.error.code})`
    : exchange.closedByServer
      ? 'then the server closed the connection'
      : exchange.timedOut
        ? 'then nothing more within the time limit'
        : 'a complete response';
  if (exchange.received.length === 0) return `What came back: nothing, ${ending}.`;
  return `What came back (${exchange.received.length} bytes, ${ending}):\n${indent(escapeStart(exchange.received, 600))}`;
}

/** A sentence for the common ways an exchange goes wrong, or '' when none applies. */
export function hintFor(exchange: Exchange): string {
  const code = exchange.error?.code;
  if (code === 'ECONNREFUSED') return 'Nothing accepted the connection. Is your server still running and listening on PORT?';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') {
    return 'The connection was reset: the server closed it abruptly, often because it crashed or destroyed the socket before answering.';
  }
  if (code === 'TIMEOUT' || (exchange.kind === 'raw' && exchange.timedOut && !exchange.response?.complete)) {
    return 'No complete answer arrived in time. Does every request end with a response (res.end() or socket.end())?';
  }
  if (code?.startsWith('HPE_') || code === 'UND_ERR_INFO') {
    return 'The answer is not valid HTTP. Check the status line ("HTTP/1.1 200 OK") and that every line ends with \\r\\n.';
  }
  if (exchange.kind === 'raw') {
    if (exchange.received.length === 0 && exchange.closedByServer) {
      return 'The server closed the connection without sending anything. Write the response before you close the socket.';
    }
    if (exchange.response === null && exchange.received.length > 0) {
      return 'The head never ended: after the last header line, send an empty line ("\\r\\n") before the body.';
    }
    const problem = exchange.response?.problems[0];
    if (problem) return problem.message;
  }
  return '';
}
