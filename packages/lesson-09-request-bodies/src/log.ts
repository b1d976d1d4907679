/**
 * One coloured line per answered request, so you can watch the server work:
 *
 *     GET /hello 200
 *     BREW /pot 501
 *     "GET / HTTP/1.1" 400 ERR_HOST_MISSING
 */
import pc from 'picocolors';

/** A request that reached a handler (or the 501 for a method without one). */
export function requestLogLine(method: string, target: string, status: number): string {
  return `${pc.bold(pc.cyan(method))} ${showable(target)} ${colourStatus(status)}`;
}

/** Bytes the parser refused: there is no request to name, only the status and the reason. */
export function refusalLogLine(status: number, code: string): string {
  return `${pc.dim('(refused)')} ${colourStatus(status)} ${pc.dim(code)}`;
}

/** What a handler says through response.logMessage(), tagged with who it was talking to. */
export function messageLogLine(client: string, message: string): string {
  return `${pc.dim(client)} ${showable(message)}`;
}

function colourStatus(status: number): string {
  const text = String(status);
  if (status >= 500) return pc.magenta(text);
  if (status >= 400) return pc.red(text);
  if (status >= 300) return pc.yellow(text);
  return pc.green(text);
}

const LONGEST_SHOWN = 120;

// A target came from a stranger. Printed raw, its control bytes could move the cursor or recolour
// the terminal, and a huge one would flood it. The parser already refuses control bytes in a
// target; a handler's message may hold anything, so both go through here.
function showable(text: string): string {
  const short = text.length > LONGEST_SHOWN ? `${text.slice(0, LONGEST_SHOWN)}...` : text;
  return short.replace(/[^\x20-\x7e]/g, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** A handler that threw: the first lines of the stack say where. */
export function failureLogLine(method: string, target: string, error: unknown): string {
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  const firstLines = text.split('\n').slice(0, 4).join('\n');
  return `${pc.bold(pc.cyan(method))} ${showable(target)} ${pc.magenta('handler failed:')} ${firstLines}`;
}
