/**
 * What the board prints while it works: which file it uses, then one line per answered request.
 *
 *     board file: 2 accounts and 3 messages in /home/you/http-workbook/packages/lesson-12-cookies-and-sessions/data/messages.jsonl
 *     sessions: alice may clear the board; session cookies signed with a random secret made at start; …
 *     GET / 200
 *     POST /messages 303
 *     GET / 200
 *     POST /messages 413
 *
 * Watching the status codes is how you see post/redirect/get happen: every POST that worked is
 * followed at once by a GET of `/`, sent by the browser because our 303 told it to.
 */
import pc from 'picocolors';

/** `POST /messages 303`: written once the answer is sent, so the status is the real one. */
export function requestLogLine(method: string, path: string, status: number): string {
  return `${pc.bold(pc.cyan(method))} ${path} ${colourStatus(status)}`;
}

/** News about the board file, at start: where it is, how many messages, and any repair. */
export function boardFileLogLine(text: string): string {
  return `${pc.yellow('board file:')} ${text}`;
}

/** At start: who may clear the board, and whether sessions would survive a restart (they do not). */
export function sessionsLogLine(admin: string | undefined, randomSecret: boolean): string {
  const who = admin ? `${admin} may clear the board` : 'nobody may clear the board (set BOARD_ADMIN=<name>)';
  const secret = randomSecret ? 'signed with a random secret made at start' : 'signed with SESSION_SECRET';
  return `${pc.yellow('sessions:')} ${who}; session cookies ${secret}; sessions live in memory and end when the board stops`;
}

/** A request that failed on our side (a full disk, say): the answer was 500, and this says why. */
export function failureLogLine(error: unknown): string {
  return `${pc.magenta('error:')} ${error instanceof Error ? error.message : String(error)}`;
}

function colourStatus(status: number): string {
  const text = String(status);
  if (status >= 500) return pc.magenta(text);
  if (status >= 400) return pc.red(text);
  if (status >= 300) return pc.yellow(text);
  return pc.green(text);
}
