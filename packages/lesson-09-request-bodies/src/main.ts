/**
 * Starts the happy server, built on our own HTTP library, on the port in the PORT variable (8080
 * when it is not set) and says where to find it. If the port is taken, Node stops with
 * "EADDRINUSE: address already in use": another program, often an earlier copy of this server,
 * is still listening there.
 */
import pc from 'picocolors';
import { createServer } from './happy-server.ts';

const port = Number(process.env.PORT ?? 8080);

createServer().listen(port, () => {
  console.log(`Listening on ${pc.cyan(`http://localhost:${port}/`)} (press Ctrl+C to stop)`);
});
