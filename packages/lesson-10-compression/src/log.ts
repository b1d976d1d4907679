/**
 * What the file server prints for each request: one coloured line once the answer is sent.
 *
 *     GET /guide/ 200
 *     GET /style.css 304
 *     GET /../etc/passwd 404
 *
 * The status is the interesting part now. Reload a page and watch the 200s turn into 304s.
 */
import pc from 'picocolors';

const LONGEST_PATH_SHOWN = 100;

/** `finished` is false when the answer was cut off: the client left, or a read failed. */
export function requestLogLine(method: string, target: string, status: number, finished: boolean): string {
  // node's parser only lets visible characters into a path, but nothing stops it being huge.
  const shown = target.length > LONGEST_PATH_SHOWN ? `${target.slice(0, LONGEST_PATH_SHOWN)}…` : target;
  const line = `${pc.green(method)} ${pc.bold(pc.cyan(shown))} ${colourStatus(status)}`;
  return finished ? line : `${line} ${pc.dim('(cut off)')}`;
}

/** Said when node's parser refused the bytes, so the terminal shows why a client got an error. */
export function refusalLogLine(statusLine: string, reason: string): string {
  return `${pc.red(statusLine)} ${pc.dim(`(${reason})`)}`;
}

/** A failure of our own (a bug, a broken disk): the whole story, for whoever runs the server. */
export function failureLogLine(error: unknown): string {
  const story = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return pc.magenta(`Error while answering: ${story}`);
}

function colourStatus(status: number): string {
  const text = String(status);
  if (status >= 500) return pc.magenta(text);
  if (status >= 400) return pc.red(text);
  if (status >= 300) return pc.yellow(text);
  return pc.green(text);
}
