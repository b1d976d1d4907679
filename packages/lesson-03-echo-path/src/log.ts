/**
 * What the echo-path server prints for each request.
 *
 * One line per request: the request line, then the status we answered with. Left running while
 * you browse, it shows every request the browser makes, including the ones you never typed, such
 * as /favicon.ico.
 */
import pc from 'picocolors';

/**
 * `GET /a%20b HTTP/1.1 200`. The target is printed as sent, never decoded: node's parser lets only
 * visible ASCII into it, so it cannot hold a control character that would upset the terminal.
 */
export function requestLogLine(method: string, target: string, httpVersion: string, status: number): string {
  const statusText = status < 400 ? pc.green(String(status)) : pc.red(String(status));
  return `${pc.green(method)} ${pc.bold(pc.cyan(target))} ${pc.dim(`HTTP/${httpVersion}`)} ${statusText}`;
}

/** Said when node's parser refused the bytes, so the terminal shows why a client got an error. */
export function refusalLogLine(statusLine: string, reason: string): string {
  return `${pc.red(statusLine)} ${pc.dim(`(${reason})`)}`;
}
