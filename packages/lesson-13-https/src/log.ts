/**
 * What this lesson's own servers print. The file server and the board keep their lines (lessons 4
 * and 12); these are for the two things that are new:
 *
 *     http GET /guide/?q=1 308 -> https://localhost:8443/guide/?q=1     the plain-HTTP port
 *     https refused: plain HTTP sent to the HTTPS port                 the TLS handshake
 */
import pc from 'picocolors';

const LONGEST_PATH_SHOWN = 100;

/** One line per request on the plain-HTTP port, with where it was sent. */
export function redirectLogLine(method: string, target: string, status: number, location?: string): string {
  const shown = target.length > LONGEST_PATH_SHOWN ? `${target.slice(0, LONGEST_PATH_SHOWN)}…` : target;
  const line = `${pc.dim('http')} ${pc.green(method)} ${pc.bold(pc.cyan(shown))} ${status < 400 ? pc.yellow(String(status)) : pc.red(String(status))}`;
  return location ? `${line} ${pc.dim('->')} ${location}` : line;
}

/** A connection that never became a TLS session, and why, in words. */
export function refusalLogLine(reason: string): string {
  return `${pc.dim('https')} ${pc.red('refused:')} ${reason}`;
}
