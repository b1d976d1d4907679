/**
 * Starts the happy server on the port in the PORT variable (8080 when it is not set) and says
 * where to find it. If the port is taken, Node stops with "EADDRINUSE: address already in use":
 * another program, often an earlier copy of this server, is still listening there.
 */
import pc from 'picocolors';
import { createServer } from './server.ts';

const port = Number(process.env.PORT ?? 8080);
// 127.0.0.1: only this computer can reach the server. HOST=0.0.0.0 opens it to your network.
const host = process.env.HOST || '127.0.0.1';

createServer().listen(port, host, () => {
  console.log(`Listening on ${pc.cyan(`http://${host}:${port}/`)} (press Ctrl+C to stop)`);
});
