/**
 * The settings every model shares. The models differ in how many connections they serve at once;
 * these settings are the same for all of them, so that nothing else differs.
 */
import os from 'node:os';
import { fileURLToPath } from 'node:url';

export interface ServerOptions {
  /** The address to listen on: main.ts gives HOST, or 127.0.0.1. undefined means every address of this machine. */
  host?: string | undefined;
  /**
   * true: keep each connection open for the client's next request (HTTP/1.1's default).
   * false: answer with `Connection: close` and hang up after every response.
   */
  keepAlive: boolean;
  /** Hang up on a connection after this long without a byte in either direction. */
  idleTimeoutMs: number;
  /**
   * A request head must be complete this long after its first byte, or the client gets 408 and
   * the connection closes. The idle timeout only notices silence: this catches a client that
   * keeps sending, a byte at a time, and never finishes.
   */
  headTimeoutMs: number;
  /** The folder whose files are served. */
  siteDir: string;
  /**
   * Where each log line goes. Defaults to the terminal. Pass `false` for silence, or your own
   * function to collect the lines (the tests do both). A function cannot travel to another
   * process: the processes model's workers print to the terminal unless this is `false`.
   */
  log?: ((line: string) => void) | false;
  /** How many processes (cluster) or threads (worker_threads) to start; the other models ignore it. */
  workers: number;
}

/** The `site/` folder of this lesson, wherever the workbook was cloned. */
export const SITE_DIR = fileURLToPath(new URL('../site', import.meta.url));

export const DEFAULT_OPTIONS: ServerOptions = {
  keepAlive: true,
  // The same idle limit node:http uses for kept-alive connections.
  idleTimeoutMs: 5_000,
  // Browsers send a whole head in one piece, within milliseconds. Ten seconds is generous for a
  // slow network, and short enough that a trickling client cannot hold a connection for long.
  headTimeoutMs: 10_000,
  siteDir: SITE_DIR,
  // One per CPU core: more than that only take turns on the same cores.
  workers: os.availableParallelism(),
};
