/**
 * A demonstration: one slow client against the server you started in another terminal.
 *
 *     pnpm workbook run lesson-07 -- --model one-at-a-time
 *     pnpm --filter lesson-07-concurrency slow-client          (a second terminal)
 *
 * The slow client sends a short request one byte a second. Right after its first byte, a quick
 * client asks for a page in one go. Does the quick client have to wait for the slow one? (The
 * server's head deadline, 10 s, cuts the slow client off with a 408 before its last byte.)
 * Options: --interval <ms> between the slow client's bytes (default 1000). PORT as for the server.
 */
import net from 'node:net';
import { parseArgs } from 'node:util';
import pc from 'picocolors';

const port = Number(process.env.PORT ?? 8080);
const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: { interval: { type: 'string', default: '1000' } },
});
const intervalMs = Number(values.interval);

// HTTP/1.0 without keep-alive: the server closes the connection after answering, so "closed"
// means "answered" for both clients.
const REQUEST = 'GET / HTTP/1.0\r\n\r\n';
const started = performance.now();
const seconds = () => `${((performance.now() - started) / 1000).toFixed(2)} s`;

/** Connects, sends `request` in pieces `pauseMs` apart, and resolves when the server hangs up. */
function ask(pieces: string[], pauseMs: number, onSent?: (sent: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, 'localhost');
    let received = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('close', () => resolve(received.split('\r\n')[0] ?? ''));
    socket.on('error', reject);
    socket.on('connect', async () => {
      for (const [index, piece] of pieces.entries()) {
        if (index > 0) await new Promise((wake) => setTimeout(wake, pauseMs));
        if (!socket.writable) return; // the server has answered and hung up: stop sending
        socket.write(piece);
        onSent?.(index + 1);
      }
    });
  });
}

let slowSent = 0;
let slowAnswered = false;
const slowBytes = [...REQUEST];
console.log(`${pc.yellow('slow client')}:  sends ${JSON.stringify(REQUEST)} one byte every ${intervalMs} ms (${slowBytes.length} bytes)`);
const slow = ask(slowBytes, intervalMs, (sent) => (slowSent = sent)).then((statusLine) => {
  slowAnswered = true;
  const unsent = slowBytes.length - slowSent;
  console.log(`${pc.yellow('slow client')}:  answered (${statusLine}) after ${seconds()}${unsent > 0 ? `, with ${unsent} bytes still unsent` : ''}`);
});

// Give the slow client time to connect and send its first byte, so it is first in line.
await new Promise((wake) => setTimeout(wake, 200));
console.log(`${pc.green('quick client')}: asks for / in one piece`);
const statusLine = await ask([REQUEST], 0);
console.log(
  `${pc.green('quick client')}: answered (${statusLine}) after ${seconds()}, ` +
    (slowAnswered
      ? pc.red('only after the slow client had been answered: it waited its turn')
      : pc.green(`while the slow client still had ${slowBytes.length - slowSent} bytes to send: it did not have to wait`)),
);
await slow;
