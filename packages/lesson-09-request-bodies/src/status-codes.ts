/**
 * The reason phrase that follows each status code on the status line: `HTTP/1.1 404 Not Found`.
 *
 * Clients go by the number; the phrase is for the people reading the bytes. So a code missing
 * from this table is not an error: it gets a phrase saying only what class of answer it is.
 */

const REASONS: Record<number, string> = {
  100: 'Continue',
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  301: 'Moved Permanently',
  302: 'Found',
  303: 'See Other',
  304: 'Not Modified',
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  411: 'Length Required',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  417: 'Expectation Failed',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  505: 'HTTP Version Not Supported',
};

const CLASSES = ['', 'Informational', 'Success', 'Redirection', 'Client Error', 'Server Error'];

export function reasonPhrase(status: number): string {
  return REASONS[status] ?? CLASSES[Math.floor(status / 100)] ?? 'Unknown';
}

/** What the error page says under its title when the caller gave no explanation of its own. */
const EXPLANATIONS: Record<number, string> = {
  400: 'The server could not understand the request.',
  404: 'Nothing matches the given path.',
  408: 'The request did not arrive in time.',
  411: 'This request needs a body, and a Content-Length (or Transfer-Encoding: chunked) to say where it ends.',
  413: 'The request body is larger than this server accepts.',
  414: 'The request target is longer than this server accepts.',
  415: 'The server does not accept a body of this type here.',
  417: 'The server cannot meet the expectation in the Expect header.',
  431: 'The request head is larger than this server accepts.',
  500: 'The server failed while answering the request.',
  501: 'The server does not support this method.',
  505: 'The server does not support this version of HTTP.',
};

export function defaultExplanation(status: number): string {
  return EXPLANATIONS[status] ?? reasonPhrase(status);
}
