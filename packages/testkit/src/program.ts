/**
 * Runs the program under test (a student's TypeScript server) as a real process, on a free port
 * given as PORT, and tells apart the ways starting it can go wrong.
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import type { Address } from './address.ts';
import { freePort } from './free-port.ts';
import { OutputTail } from './output-tail.ts';
import type { AliveMessage, ListeningMessage } from './preload-protocol.ts';
import type { LimitError } from './limits.ts';
import { StartError } from './start-error.ts';
import { spawnProgram, type Exit, type Spawned } from './spawn-program.ts';
import { track } from './children.ts';
import { killTree } from './tree-kill.ts';

export { StartError, type StartFailure } from './start-error.ts';
export type { Exit } from './spawn-program.ts';

export interface StartOptions {
  /** The program to run: a .ts or .js file. */
  file: string;
  cwd?: string;
  /** Extra environment variables; PORT is set by the kit. */
  env?: Record<string, string>;
  /** How long the program may take to start listening (default 5000 ms). */
  readyTimeoutMs?: number;
  /** Extra options for node itself, such as `--max-old-space-size=256`. */
  nodeArgs?: string[];
}

export class Program implements Address {
  readonly file: string;
  readonly port: number;
  /** Where the program can be reached: 127.0.0.1, or ::1 if it listens only there. */
  host = '127.0.0.1';
  /** What kind of server it started: `http` (node:http) or `net` (plain sockets). */
  kind: ListeningMessage['kind'] | 'unknown' = 'unknown';
  readonly stdout = new OutputTail();
  readonly stderr = new OutputTail();
  /** Set once the program has exited. */
  exit: Exit | null = null;
  /** Set once the program has exited because it went over one of a grader's limits. */
  overLimit: LimitError | undefined;
  readonly #child: ChildProcess;
  readonly #exited: Promise<Exit>;
  readonly #spawned: Pick<Spawned, 'exitOf' | 'overLimit' | 'checkLimits'> | undefined;

  /** `spawned`, from the kit's own start, tells how a sandboxed program ended and why. */
  constructor(file: string, port: number, child: ChildProcess, spawned?: Pick<Spawned, 'exitOf' | 'overLimit' | 'checkLimits'>) {
    this.file = file;
    this.port = port;
    this.#child = child;
    this.#spawned = spawned;
    track(child);
    child.stdout?.on('data', (chunk: Buffer) => this.stdout.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => this.stderr.push(chunk));
    this.#exited = once(child, 'exit').then(([code, signal]) => {
      const exit = { code: code as number | null, signal: signal as NodeJS.Signals | null };
      this.exit = spawned ? spawned.exitOf(exit.code, exit.signal) : exit;
      this.overLimit = spawned?.overLimit(this.stderr.text);
      return this.exit;
    });
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  /**
   * While a grader runs the tests: looks at its limits now. Resolves with the limit the program
   * went over, once it has been stopped for it; undefined while it keeps within them.
   */
  async checkLimits(): Promise<LimitError | undefined> {
    const hit = this.#spawned?.checkLimits();
    if (hit) await this.waitForExit(2000);
    return hit;
  }

  get url(): string {
    return `http://${this.host.includes(':') ? `[${this.host}]` : this.host}:${this.port}`;
  }

  /** Resolves with the exit once the program has ended, or with null after `ms`. */
  async waitForExit(ms: number): Promise<Exit | null> {
    if (this.exit) return this.exit;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => (timer = setTimeout(resolve, ms, null)));
    const result = await Promise.race([this.#exited, timeout]);
    clearTimeout(timer);
    return result;
  }

  /** Kills the program and everything it started, and waits until it is gone. */
  async stop(): Promise<void> {
    killTree(this.#child);
    await this.waitForExit(2000);
  }

  /** Resolves once the program listens on its port; rejects with a StartError if it cannot. */
  async ready(timeoutMs: number): Promise<void> {
    const child = this.#child;
    const wrongPorts: number[] = [];
    const cleanups: Array<() => void> = [];
    // The preload's heartbeat: a program waiting for nothing still beats, one stuck in a loop does not.
    let lastBeat = 0;
    const outcome = await new Promise<'ready' | 'exited' | 'timeout' | 'stuck' | 'wrong-port'>((resolve) => {
      const deadline = setTimeout(() => {
        // setImmediate: heartbeats already waiting in the pipe are read first, so a busy machine
        // that ran this timer late does not pass for a program without beats.
        setImmediate(() => {
          if (wrongPorts.length) resolve('wrong-port');
          // Stuck: it did start (it beat once), then went silent. Never a beat: it is still loading.
          else resolve(lastBeat > 0 && Date.now() - lastBeat > 1000 ? 'stuck' : 'timeout');
        });
      }, timeoutMs);
      const onMessage = (message: unknown) => {
        if ((message as AliveMessage)?.workbook === 'alive') lastBeat = Date.now();
        const listening = message as ListeningMessage;
        if (listening?.workbook !== 'listening') return;
        if (listening.port !== this.port) {
          wrongPorts.push(listening.port);
          // Give a second server on the right port a moment before calling it wrong.
          setTimeout(() => resolve('wrong-port'), 300).unref();
          return;
        }
        this.kind = listening.kind;
        if (listening.host === '::1') this.host = '::1';
        resolve('ready');
      };
      child.on('message', onMessage);
      // A program that could not even be started rejects `exited`: it has exited all the same.
      this.#exited.then(
        () => resolve('exited'),
        () => resolve('exited'),
      );
      // A program that listens some other way (from a child process, say) is found by knocking.
      const knock = setInterval(async () => {
        if (await canConnect(this)) resolve('ready');
      }, 250);
      cleanups.push(
        () => clearTimeout(deadline),
        () => clearInterval(knock),
        () => child.off('message', onMessage),
      );
    });
    cleanups.forEach((cleanup) => cleanup());
    const overLimit = outcome === 'ready' ? await this.checkLimits() : undefined;
    if (overLimit) throw overLimit;
    if (outcome === 'ready') return;
    await this.stop();
    // A program stopped at a limit while starting is told so, not that it exited or got stuck.
    throw this.overLimit ?? startError(this, outcome, wrongPorts);
  }
}

function canConnect(address: Address): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(address.port, address.host);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function startError(program: Program, outcome: 'exited' | 'timeout' | 'stuck' | 'wrong-port', wrongPorts: number[]): StartError {
  const stderr = program.stderr.lines(12);
  const printed = program.stderr.quote('The last lines it printed to stderr:');
  const tail = printed && `\n\n${printed}`;
  if (outcome === 'wrong-port') {
    return new StartError(
      'ERR_WRONG_PORT',
      `Your program listens on port ${wrongPorts.join(', ')}, but the tests gave it PORT=${program.port}.\n` +
        `Hint: read the port from the environment: const port = Number(process.env.PORT ?? 8080);`,
      stderr,
    );
  }
  if (outcome === 'exited') {
    const { code, signal } = program.exit ?? { code: null, signal: null };
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    const inUse = /EADDRINUSE/.test(program.stderr.text) ? '\nHint: the port was already in use. Is another copy of your server still running?' : '';
    const hint =
      code === 0 && !signal
        ? '\nHint: a server is a long-running program. It must keep listening, not finish and exit. Did you call listen()?'
        : '\nHint: read the error above; it names the file and line where your program stopped.';
    return new StartError('ERR_PROGRAM_EXITED', `Your program ${how} before it started listening.${tail}${inUse || hint}`, stderr);
  }
  if (outcome === 'stuck') {
    return new StartError(
      'ERR_STUCK',
      `Your program is running, but it has been busy the whole time without a pause, so it never got as far as listening on port ${program.port}.\n` +
        `Hint: look for a loop that never ends (a while (true), or a condition that never changes) before listen().${tail}`,
      stderr,
    );
  }
  return new StartError(
    'ERR_NEVER_LISTENED',
    `Your program is running, but nothing listened on port ${program.port} within a few seconds.\n` +
      `Hint: does it call listen() with the port from process.env.PORT?${tail}`,
    stderr,
  );
}

/** Starts `options.file` on a free port and resolves once it accepts connections. */
export async function startProgram(options: StartOptions): Promise<Program> {
  const port = await freePort();
  const spawned = await spawnProgram({
    file: options.file,
    cwd: options.cwd ?? process.cwd(),
    // HOST too: a HOST=0.0.0.0 left in the shell must not open a program under test to the network.
    env: { HOST: '127.0.0.1', ...options.env, PORT: String(port), NO_COLOR: '1', FORCE_COLOR: '0' },
    nodeArgs: options.nodeArgs,
    preload: true,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const { child } = spawned;
  child.once('exit', spawned.cleanUp);
  const program = new Program(options.file, port, child, spawned);
  await program.ready(options.readyTimeoutMs ?? 5000);
  return program;
}
