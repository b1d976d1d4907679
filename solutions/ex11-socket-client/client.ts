// Exercise 11: a client on a bare TCP socket, solved.
import net from 'node:net';

const input = process.argv[2];
if (!input) {
  console.error('Usage: pnpm workbook run ex11 -- http://127.0.0.1:8080/');
  process.exit(2);
}
const url = new URL(input);
const port = Number(url.port || 80);

// HTTP/1.0: the server answers once and then closes, and that close tells us the answer is over.
const request = `GET ${url.pathname}${url.search} HTTP/1.0\r\nHost: ${url.host}\r\n\r\n`;
const socket = net.connect(port, url.hostname, () => socket.write(request));

/** Says what went wrong on stderr and ends with exit code 1. Nothing goes to stdout. */
function fail(message: string): void {
  console.error(message);
  process.exitCode = 1;
  socket.destroy();
}

// A server that never answers must not keep us waiting forever.
socket.setTimeout(10_000, () => fail(`No answer from ${url.host} for 10 seconds.`));
socket.on('error', (error) => fail(`Could not fetch ${url.href}: ${error.message}`));

// One 'data' event is one piece of the answer, not the whole of it: keep them all.
const pieces: Buffer[] = [];
socket.on('data', (piece) => pieces.push(piece));
socket.on('end', () => handleResponse(Buffer.concat(pieces)));

function handleResponse(response: Buffer): void {
  // Split in the bytes: the body may be anything, and may hold a "\r\n\r\n" of its own.
  const headEnd = response.indexOf('\r\n\r\n');
  if (headEnd === -1) return fail(`The server closed the connection before the end of the head, after ${response.length} bytes.`);
  const [statusLine = '', ...headerLines] = response.subarray(0, headEnd).toString('latin1').split('\r\n');
  const status = Number(statusLine.split(' ')[1]);
  if (!(status >= 200 && status <= 299)) return fail(`The server answered "${statusLine}", not a 2xx status.`);

  let body = response.subarray(headEnd + 4);
  const lengthLine = headerLines.find((line) => line.toLowerCase().startsWith('content-length:'));
  if (lengthLine !== undefined) {
    const length = Number(lengthLine.slice('content-length:'.length).trim());
    if (body.length < length) {
      return fail(`The body is cut short: Content-Length says ${length} bytes, but the server closed the connection after ${body.length}.`);
    }
    body = body.subarray(0, length);
  }
  // Bytes, not text: whatever the body is, it reaches stdout unchanged.
  process.stdout.write(body);
}
