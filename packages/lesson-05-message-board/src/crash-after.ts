/**
 * An experiment, not a feature: `--crash-after 3` makes the board crash on purpose, right after
 * the third message has been saved and answered.
 *
 *     pnpm workbook run lesson-05 -- --crash-after 3
 *
 * The crash is the hardest kind: the board kills itself with SIGKILL, as `kill -9` would. No
 * clean-up code runs, nothing more is written, and open files are simply dropped. Start the board
 * again and every message that got its "saved" answer is back, because each one was in the file,
 * synced, before that answer went out (see store.ts).
 *
 * The board does it to itself so that the experiment is the same everywhere: on Windows, where
 * there is no `kill -9`, process.kill with SIGKILL ends the process at once just the same.
 */
import type http from 'node:http';
import { parseArgs } from 'node:util';
import pc from 'picocolors';
import { flushLog, writeLogLine } from 'lesson-02-happy-server/src/log-writer.ts';
import { POST_PATH } from './page.ts';

/**
 * The number after --crash-after in the program's arguments, or undefined when it is not there.
 * Arguments it cannot use stop the program with a line that says why, and no stack.
 */
export function crashAfterOption(args: string[]): number | undefined {
  let text: string | undefined;
  try {
    text = parseArgs({ args, options: { 'crash-after': { type: 'string' } } }).values['crash-after'];
  } catch (error) {
    // An option the board does not know, or --crash-after with no number after it.
    console.error(`${(error as Error).message.replace(/\.?$/, '.')} The board takes one option: --crash-after <number of posts>.`);
    process.exit(1);
  }
  if (text === undefined) return undefined;
  const posts = Number(text);
  if (!Number.isInteger(posts) || posts < 1) {
    console.error(`--crash-after needs a number of posts, such as --crash-after 3, not "${text}".`);
    process.exit(1);
  }
  return posts;
}

/** Kills the board, without warning, once `posts` messages have been saved and answered. */
export function crashAfterPosts(server: http.Server, posts: number, log: (line: string) => void = writeLogLine): void {
  let saved = 0;
  server.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => {
    // 'finish': the 303 has been handed to the system to send, so the browser does get it.
    response.on('finish', () => {
      if (request.method !== 'POST' || request.url !== POST_PATH || response.statusCode !== 303) return;
      saved += 1;
      if (saved < posts) return;
      log(`${pc.red('crash:')} message ${saved} is saved and answered; now the board kills itself, as kill -9 would (--crash-after ${posts})`);
      // The log waits to be written a batch at a time (lesson 2's log-writer.ts), and SIGKILL
      // throws away whatever is still waiting. This crash is about the board file, not the log.
      flushLog();
      process.kill(process.pid, 'SIGKILL');
    });
  });
}
