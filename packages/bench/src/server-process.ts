/**
 * A server under test, as a process: started fresh on its own core and port, known to be ready
 * once it accepts a connection, and killed afterwards with everything it started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { killTree, track, treeSpawnOptions } from '@workbook/testkit';
import { onCore, SERVER_CORE, type Command } from './pinning.ts';

export interface ServerLaunch extends Command {
  cwd?: string;
  env?: Record<string, string>;
}

export class ServerProcess {
  readonly port: number;
  readonly #child: ChildProcess;
  #stderr = '';
  #exited = false;

  constructor(child: ChildProcess, port: number) {
    this.#child = child;
    this.port = port;
    // Only the end is kept: enough to say why a server failed, bounded however much it prints.
    child.stderr?.on('data', (chunk: Buffer) => (this.#stderr = (this.#stderr + chunk.toString()).slice(-2000)));
    child.once('exit', () => (this.#exited = true));
    // A command that cannot be started at all (ENOENT, say) reports an error instead of exiting.
    child.once('error', (error) => {
      this.#exited = true;
      this.#stderr += error.message;
    });
  }

  /** The process to watch. taskset replaces itself with the server, so this is the server's pid. */
  get pid(): number {
    return this.#child.pid ?? -1;
  }

  url(pathname: string): string {
    return `http://127.0.0.1:${this.port}${pathname}`;
  }

  get stderrTail(): string {
    return this.#stderr.trim().split('\n').slice(-6).join('\n');
  }

  /** Resolves once the server accepts connections on 127.0.0.1; throws if it exits or takes too long. */
  async ready(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.#exited) throw new Error(`it exited before it accepted connections${this.#quote()}`);
      if (await accepts(this.port)) return;
      await sleep(50);
    }
    throw new Error(`it did not accept connections on port ${this.port} within ${timeoutMs / 1000} s${this.#quote()}`);
  }

  async stop(): Promise<void> {
    if (this.#exited) return;
    const exited = once(this.#child, 'exit');
    killTree(this.#child);
    await Promise.race([exited, sleep(3000)]);
  }

  #quote(): string {
    const tail = this.stderrTail;
    return tail ? `; it printed:\n${tail.replace(/^/gm, '    ')}` : '';
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts the server on the server's core. Its stdout is dropped, unless `onStdout` reads it: a
 * server logging every request must not fill a pipe nobody reads.
 */
export function startServer(launch: ServerLaunch, port: number, onStdout?: (chunk: Buffer) => void): ServerProcess {
  const { command, args } = onCore(SERVER_CORE, launch);
  const child = spawn(command, args, {
    cwd: launch.cwd,
    env: { ...process.env, ...launch.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    stdio: ['ignore', onStdout ? 'pipe' : 'ignore', 'pipe'],
    ...treeSpawnOptions,
  });
  track(child);
  if (onStdout) child.stdout?.on('data', onStdout);
  return new ServerProcess(child, port);
}
