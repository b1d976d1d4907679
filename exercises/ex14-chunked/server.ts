// Exercise 14: the server. Read README.md in this folder first.
//
// It is ready-made: you do not need to change this file. Your part is stream.ts, which sends
// the lines this file produces, one at a time, as they come.
//
//   GET /count/3?word=hello     "1 hello\n", "2 hello\n", "3 hello\n", one every PAUSE_MS
//   anything else               a 404 (or 400, 405), with Content-Length
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { sendWhole, serveConnection, wantsToClose, type RequestHead } from './connection.ts';
import { streamLines } from './stream.ts';

const port = Number(process.env.PORT ?? 8080);
// 127.0.0.1: only this computer can reach the server. HOST=0.0.0.0 opens it to your network.
const host = process.env.HOST || '127.0.0.1';
/** How long to wait between two lines, so the body really arrives bit by bit. */
const PAUSE_MS = 50;
const MOST_LINES = 100;
const LONGEST_WORD = 100;

/** The lines of a count, each made only when its turn comes: nobody knows the length up front. */
async function* countLines(n: number, word: string, socket: net.Socket): AsyncGenerator<string> {
  for (let line = 1; line <= n && !socket.destroyed; line++) {
    if (line > 1) await sleep(PAUSE_MS);
    yield `${line} ${word}\n`;
  }
}

async function answer(request: RequestHead, socket: net.Socket) {
  const close = wantsToClose(request);
  if (request.method !== 'GET') return sendWhole(socket, 405, 'Method Not Allowed', `${request.method} is not allowed here: try GET.\n`, close);

  const url = new URL(request.target, 'http://server.invalid');
  const count = /^\/count\/([^/]+)$/.exec(url.pathname);
  if (!count) return sendWhole(socket, 404, 'Not Found', `There is nothing at ${url.pathname}. Try /count/3?word=hello.\n`, close);

  const n = Number(count[1]);
  if (!/^\d+$/.test(count[1] ?? '') || n < 1 || n > MOST_LINES) {
    return sendWhole(socket, 400, 'Bad Request', `The count must be a whole number from 1 to ${MOST_LINES}, such as /count/3.\n`, close);
  }
  const word = url.searchParams.get('word') ?? 'hello';
  if (word.length === 0 || word.length > LONGEST_WORD) {
    return sendWhole(socket, 400, 'Bad Request', `The word must be 1 to ${LONGEST_WORD} characters long.\n`, close);
  }
  console.log(`${request.method} ${request.target}: ${n} lines`);
  return streamLines(request, socket, countLines(n, word, socket));
}

const server = net.createServer((socket) => serveConnection(socket, answer));

server.listen(port, host, () => {
  console.log(`Listening on http://${host}:${port}/count/5?word=hello`);
});
