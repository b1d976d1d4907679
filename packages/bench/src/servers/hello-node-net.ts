/**
 * The ceiling in the handler benchmark: node:net and a canned reply, with no parser at all. For
 * every "\r\n\r\n" (the end of a request head) in what arrives, it writes the same ready-made
 * response. It is not a correct server: a request with a body, or a head cut between two reads,
 * would confuse it. It shows what the socket alone costs, which no real server can beat. It listens
 * on 127.0.0.1:PORT and keeps connections open.
 */
import net from 'node:net';

const body = 'I am the happy server! :-)';
const reply = `HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
const HEAD_END = Buffer.from('\r\n\r\n');

net
  .createServer({ noDelay: true }, (socket) => {
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: Buffer) => {
      let heads = 0;
      for (let at = chunk.indexOf(HEAD_END); at !== -1; at = chunk.indexOf(HEAD_END, at + HEAD_END.length)) heads++;
      if (heads > 0) socket.write(reply.repeat(heads));
    });
  })
  .listen(Number(process.env.PORT), '127.0.0.1');
