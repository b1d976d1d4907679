/**
 * Small servers on 127.0.0.1 for the event-stream client's tests: one on node:net that writes
 * exactly the bytes it is given (for the golden messages), and one on node:http, which frames its
 * writes in chunks as a student's server does.
 */
import http from 'node:http';
import net from 'node:net';
import { listenForTests, type ServerUnderTest } from '../src/index.ts';

/** A node:net server: once a request's head has arrived, `answer` gets the socket and the head. */
export async function rawServer(answer: (socket: net.Socket, head: string) => void): Promise<ServerUnderTest> {
  const server = net.createServer((socket) => {
    let text = '';
    socket.on('error', () => {});
    socket.on('data', (piece) => {
      if (text.includes('\r\n\r\n')) return;
      text += piece.toString('latin1');
      if (text.includes('\r\n\r\n')) answer(socket, text);
    });
  });
  return listenForTests(server);
}

/** A node:http server answering every request with `answer`. */
export async function httpServer(answer: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<ServerUnderTest> {
  return listenForTests(http.createServer(answer));
}

/** The head of an event stream as node:http writes it, without the Date (it changes). */
export const streamHead = 'HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nTransfer-Encoding: chunked\r\n\r\n';

/** One chunk of a chunked body. */
export function chunk(text: string): string {
  return `${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`;
}
