/**
 * Starts the message board on the port in the PORT variable (8080 when it is not set) and says
 * where to find it. If the port is taken, Node stops with "EADDRINUSE: address already in use":
 * another program, often an earlier copy of this server, is still listening there.
 */
import pc from 'picocolors';
import { crashAfterOption, crashAfterPosts } from './crash-after.ts';
import { createServer } from './server.ts';
import { stopCleanlyOnSignals } from './stop-cleanly.ts';
import { BoardFileError } from './store.ts';

const port = Number(process.env.PORT ?? 8080);
// 127.0.0.1: only this computer can reach the server. HOST=0.0.0.0 opens it to your network.
const host = process.env.HOST || '127.0.0.1';
// Only for the "crash it" experiment: --crash-after 3 (see crash-after.ts).
const crashAfter = crashAfterOption(process.argv.slice(2));

// New in this lesson: the server reads its messages from a file before it starts. A file it
// cannot use is a problem for you to fix, not a bug in the program: say what is wrong, no stack.
function startBoard() {
  try {
    return createServer();
  } catch (error) {
    if (!(error instanceof BoardFileError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

const server = startBoard();
// Also new: Ctrl+C lets a post in progress finish before the board stops (see stop-cleanly.ts).
stopCleanlyOnSignals(server);
if (crashAfter !== undefined) crashAfterPosts(server, crashAfter);
server.listen(port, host, () => {
  console.log(`Listening on ${pc.cyan(`http://${host}:${port}/`)} (press Ctrl+C to stop)`);
});
