/**
 * Everything that can go wrong on the client's side, as a value with a code.
 *
 * A client meets failures a server never sees: nobody answers the phone (ECONNREFUSED), the name
 * does not exist (ENOTFOUND), the other side goes quiet (ETIMEDOUT) or hangs up mid-sentence. The
 * code lets a program react to one of them; the message tells a person what to check.
 */
export type ClientErrorCode =
  | 'ERR_BAD_URL'
  | 'ECONNREFUSED'
  | 'ENOTFOUND'
  | 'ETIMEDOUT'
  | 'ECONNRESET'
  | 'ERR_CLOSED_EARLY'
  | 'ERR_NO_HEAD'
  | 'ERR_NOT_HTTP'
  | 'ERR_CONNECTION';

export class ClientError extends Error {
  readonly code: ClientErrorCode;

  constructor(code: ClientErrorCode, message: string) {
    super(message);
    this.name = 'ClientError';
    this.code = code;
  }
}

/** `localhost:8080`, as people say it (the brackets of an IPv6 address stay). */
export function where(url: URL): string {
  return `${url.hostname}:${url.port || 80}`;
}

/** Turns what node:net (or undici underneath) threw into a ClientError that says what to check. */
export function explainSocketError(error: unknown, url: URL): ClientError {
  if (error instanceof ClientError) return error;
  const { code, message } = error as NodeJS.ErrnoException;
  switch (code) {
    case 'ECONNREFUSED':
      return new ClientError(code, `Nothing is listening at ${where(url)} (connection refused). Is the server running, on that port?`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new ClientError('ENOTFOUND', `The name "${url.hostname}" could not be looked up. Check the spelling of the URL.`);
    case 'ECONNRESET':
    case 'EPIPE':
      return new ClientError('ECONNRESET', `${where(url)} broke off the connection (${code}) before the answer was complete.`);
    default:
      return new ClientError('ERR_CONNECTION', `Talking to ${where(url)} failed: ${message}${code ? ` (${code})` : ''}`);
  }
}
