/**
 * One coloured line per answer, with who prepared it:
 *
 *     GET /about.html 200  process 4242, thread 3
 *     400 The request line should look like "GET /path HTTP/1.1".
 */
import pc from 'picocolors';

export function requestLogLine(method: string, target: string, status: number, by: string): string {
  const colour = status >= 400 ? pc.red : pc.green;
  return `${pc.bold(pc.cyan(method))} ${target} ${colour(String(status))}  ${pc.dim(by)}`;
}

/** A request we could not read. Its bytes are not printed: they may hold terminal escape codes. */
export function refusalLogLine(status: number, problem: string): string {
  return `${pc.red(String(status))} ${pc.dim(problem)}`;
}
