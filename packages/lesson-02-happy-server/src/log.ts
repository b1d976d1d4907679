/**
 * What the happy server prints for each request.
 *
 * One line per request, coloured so the parts are easy to tell apart. Watching the path is how
 * you notice the browser asking for things you never linked to, such as /favicon.ico.
 */
import pc from 'picocolors';

/** `GET /favicon.ico HTTP/1.1`: the request line, put back together from node's parsed fields. */
export function requestLogLine(method: string, path: string, httpVersion: string): string {
  return `${pc.green(method)} ${pc.bold(pc.cyan(path))} ${pc.dim(`HTTP/${httpVersion}`)}`;
}

/** Said when node's parser refused the bytes, so the terminal shows why a client got an error. */
export function refusalLogLine(statusLine: string, reason: string): string {
  return `${pc.red(statusLine)} ${pc.dim(`(${reason})`)}`;
}
