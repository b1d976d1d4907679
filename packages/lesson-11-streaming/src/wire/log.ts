/**
 * What the two node:net servers of this lesson print: one line per answer, and a line for a
 * refusal or a failure, with the same names as every lesson's log.
 *
 *     GET /countdown 200 (streamed in 11 chunks)
 *     GET /download 200 (cut off)
 */
import pc from 'picocolors';

/** `note` says something about how the body went: its chunks, or that it was cut off. */
export function requestLogLine(method: string, target: string, status: number, note?: string): string {
  const line = `${pc.green(method)} ${pc.bold(pc.cyan(target))} ${colourStatus(status)}`;
  return note ? `${line} ${pc.dim(`(${note})`)}` : line;
}

/** A request we refused before any handler saw it: a broken head, a body we do not take. */
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
