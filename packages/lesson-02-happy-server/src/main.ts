/**
 * Starts the happy server: `pnpm start`, or `PORT=9000 pnpm start` to use another port.
 */
import pc from 'picocolors';
import { createServer } from './server.ts';

const DEFAULT_PORT = 8080;

/** The port from the PORT variable: a whole number from 1 to 65535, or 8080 when unset. */
function readPort(text: string | undefined): number | null {
  if (text === undefined || text.trim() === '') return DEFAULT_PORT;
  if (!/^\d+$/.test(text.trim())) return null;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : null;
}

const port = readPort(process.env.PORT);
if (port === null) {
  console.error(`PORT must be a whole number from 1 to 65535, but it is "${process.env.PORT}".`);
  process.exit(1);
}

const server = createServer();

server.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EADDRINUSE') {
    // Only one program at a time can listen on a port. Usually the other one is an earlier copy
    // of this server, still running in another terminal.
    console.error(`Port ${port} is already in use by another program. Stop it, or choose another port, for example: PORT=9000 pnpm --filter lesson-02-happy-server start`);
  } else {
    console.error(`Could not listen on port ${port}: ${error.message}`);
  }
  process.exitCode = 1;
});

// No host given: Node listens on every address of this machine, so http://localhost works
// whether "localhost" means 127.0.0.1 (IPv4) or ::1 (IPv6) on your system.
server.listen(port, () => {
  console.log(`The happy server listens on ${pc.cyan(`http://localhost:${port}/`)} (press Ctrl+C to stop)`);
});
