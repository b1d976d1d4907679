// Exercise 11: a client on a bare TCP socket. Read README.md in this folder first.
import net from 'node:net';

const input = process.argv[2];
if (!input) {
  console.error('Usage: pnpm workbook run ex11 -- http://127.0.0.1:8080/');
  process.exit(2);
}
const url = new URL(input);
const port = Number(url.port || 80);

// TODO 1: connect to url.hostname on `port` with net.connect, and send a GET request for
//         url.pathname + url.search: the request line (HTTP/1.0), a Host header, a blank line.
// TODO 2: collect every 'data' chunk until the server closes the connection (the 'end' event).
// TODO 3: then find the first "\r\n\r\n" in the bytes (a Buffer, not a string) to split the head
//         from the body, check the status code and Content-Length, and write exactly the body
//         bytes to stdout: process.stdout.write(body).
// TODO 4: on a connection error, a status that is not 2xx, or a body shorter than
//         Content-Length: a message on stderr, nothing on stdout, exit code 1.
console.error(`client.ts does not fetch ${url.href} yet: see the TODOs in it.`);
