/**
 * A crowd of clients that all connect at once to a server that is not accepting, and what becomes
 * of each of them: the measurement behind lesson 1's section on the listen backlog.
 *
 * The server (src/stalled-server.ts) runs in a child process, so that it can hold still while
 * this process goes on opening connections and watching them.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface CrowdOptions {
  /** The backlog the server asks for in listen(). */
  backlog: number;
  /** How many clients connect at once. */
  clients: number;
  /** How long the server holds still before it starts accepting. */
  stallMs: number;
  /** How long a client waits, from its start, for its answer before it gives up. */
  giveUpMs: number;
}

/**
 * What happened to one client. A client can be "connected" in its own view (its connect()
 * succeeded) and still never be accepted by the server: it then waits for an answer in vain.
 */
export type Outcome = 'answered' | 'refused' | 'reset' | 'never connected' | 'connected, never answered';

export interface CrowdResult {
  /** Clients whose connect() had succeeded when the server started accepting. */
  connectedWhileStalled: number;
  /** How many clients ended each way. */
  outcomes: Record<Outcome, number>;
  /** For the answered clients: milliseconds from the start until connect() succeeded. */
  connectTimesMs: number[];
}

const STALLED_SERVER = fileURLToPath(new URL('./stalled-server.ts', import.meta.url));
// The server is TypeScript: node runs it through tsx, the workbook's TypeScript loader.
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export async function crowd(options: CrowdOptions): Promise<CrowdResult> {
  const server = spawn(process.execPath, ['--import', TSX, STALLED_SERVER, String(options.backlog)], { stdio: ['pipe', 'pipe', 'inherit'] });
  try {
    // Its first line is its port; a server that stops before it listens must not leave us waiting.
    const stoppedEarly = once(server, 'exit').then(() => {
      throw new Error('the stalled server stopped before it listened');
    });
    const [firstOutput] = (await Promise.race([once(server.stdout, 'data'), stoppedEarly])) as [Buffer];
    stoppedEarly.catch(() => {});
    const port = Number(firstOutput.toString().trim());

    const started = performance.now();
    let connected = 0;
    const clients = Array.from({ length: options.clients }, () => oneClient(port, options.giveUpMs, () => connected++));

    // Let the crowd knock while the server holds still. With a large backlog every client gets in
    // at once, so there is no need to wait out the whole stall.
    while (performance.now() - started < options.stallMs && connected < options.clients) {
      await new Promise((wake) => setTimeout(wake, 20));
    }
    const connectedWhileStalled = connected;
    server.stdin.write('go\n');

    const results = await Promise.all(clients);
    const outcomes: Record<Outcome, number> = { answered: 0, refused: 0, reset: 0, 'never connected': 0, 'connected, never answered': 0 };
    for (const result of results) outcomes[result.outcome]++;
    const connectTimesMs = results.flatMap((result) => (result.outcome === 'answered' ? [result.connectedAtMs - started] : []));
    return { connectedWhileStalled, outcomes, connectTimesMs };
  } finally {
    server.kill();
  }
}

/** Connects, sends a request at once (the kernel keeps it until the server reads), waits for the answer. */
function oneClient(port: number, giveUpMs: number, onConnect: () => void): Promise<{ outcome: Outcome; connectedAtMs: number }> {
  return new Promise((resolve) => {
    let connectedAtMs = Number.NaN;
    let received = '';
    const socket = net.connect(port, '127.0.0.1');
    const finish = (outcome: Outcome) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ outcome, connectedAtMs });
    };
    const timer = setTimeout(() => finish(Number.isNaN(connectedAtMs) ? 'never connected' : 'connected, never answered'), giveUpMs);
    socket.on('connect', () => {
      connectedAtMs = performance.now();
      onConnect();
      socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    });
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('end', () => finish(received.startsWith('HTTP/1.1 200 ') ? 'answered' : 'reset'));
    socket.on('error', (error: NodeJS.ErrnoException) => finish(error.code === 'ECONNREFUSED' ? 'refused' : 'reset'));
  });
}
