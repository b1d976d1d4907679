/**
 * Lesson 1's server, started with a chosen listen backlog, that does not accept anyone until it is
 * told to. The backlog demonstration (src/backlog-demo.ts) runs it as a child process:
 *
 *     node --import tsx src/stalled-server.ts 5
 *
 * It prints its port on stdout, then holds still until a line arrives on stdin, and then serves
 * everyone waiting as usual.
 *
 * Why hold still? Node calls accept() for us whenever its event loop is free, so a Node server's
 * backlog only fills while the loop is busy. A server that serves one client at a time (the
 * source material's Python loop) is in that state whenever it is serving someone: it does not
 * call accept() again until it has answered. Reading stdin synchronously puts us in the same
 * state on purpose.
 */
import fs from 'node:fs';
import type net from 'node:net';
import { createServer } from './server.ts';

const backlog = Number(process.argv[2] ?? 511);

const server = createServer({ log: false });
server.listen(0, '127.0.0.1', backlog, () => {
  const { port } = server.address() as net.AddressInfo;
  console.log(port);
  // Blocks the whole process, the event loop with it, until the parent writes a line (or
  // closes our stdin). Meanwhile the operating system alone deals with new connections.
  fs.readSync(0, Buffer.alloc(1));
  // From now on we serve as usual, until the parent closes our stdin, or dies: then we go too.
  process.stdin.on('end', () => process.exit());
  process.stdin.resume();
});
