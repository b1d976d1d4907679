/**
 * The bytes of a GET-style request whose every header we choose, so a test can state the exact
 * body the server should echo. `Connection: close` makes the server hang up after answering,
 * which tells sendRaw the exchange is over.
 */
export function rawRequest(requestLine: string, headers: string[] = []): string {
  return [requestLine, 'Host: test', ...headers, 'Connection: close', '', ''].join('\r\n');
}

/** The Headers section the server echoes for rawRequest's own headers, plus any extra ones. */
export function echoedHeaders(headers: string[] = []): string {
  return ['Headers:', '  Host: test', ...headers.map((header) => `  ${header}`), '  Connection: close'].join('\n');
}
