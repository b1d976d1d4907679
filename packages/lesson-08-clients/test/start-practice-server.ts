/**
 * Starts the practice server inside the test process, on a port the system picks, with short
 * pauses, and stops it again: /silent's connections included, which would otherwise stay open.
 */
import type { AddressInfo, Socket } from 'node:net';
import { createPracticeServer, type PracticeServerOptions } from '../src/practice-server.ts';

export interface RunningPracticeServer {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  origin: string;
  port: number;
  stop(): Promise<void>;
}

export async function startPracticeServer(options: PracticeServerOptions = {}): Promise<RunningPracticeServer> {
  const server = createPracticeServer({ pauseMs: 30, log: false, ...options });
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    async stop() {
      const closed = new Promise((resolve) => server.close(resolve));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
