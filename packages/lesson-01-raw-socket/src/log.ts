/**
 * One coloured line per answered request, so you can watch the server work:
 *
 *     GET /hello 200
 *     "GARBAGE" 400
 */
import pc from 'picocolors';

/** A request we understood: method, path and status. */
export function requestLogLine(method: string, target: string, status: number): string {
  return `${pc.bold(pc.cyan(method))} ${target} ${colourStatus(status)}`;
}

/** A request we refused: the first line as received (quoted, since it may be anything). */
export function refusalLogLine(firstLine: string, status: number): string {
  return `${pc.dim(showable(firstLine))} ${colourStatus(status)}`;
}

function colourStatus(status: number): string {
  const text = String(status);
  if (status >= 500) return pc.magenta(text);
  if (status >= 400) return pc.red(text);
  if (status >= 300) return pc.yellow(text);
  return pc.green(text);
}

const LONGEST_SHOWN = 80;

// The line came from a stranger. Printed raw, its control bytes could move the cursor or recolour
// the terminal, and a huge line would flood it. So: quote it, write invisible bytes as \xNN, and
// cut it short.
function showable(line: string): string {
  const short = line.length > LONGEST_SHOWN ? `${line.slice(0, LONGEST_SHOWN)}...` : line;
  const visible = short.replace(/[^\x20-\x7e]/g, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return `"${visible}"`;
}
