/**
 * `pnpm workbook run <exNN | lesson-NN> [--port N] [--host A]`: starts the student's exercise
 * program, or a lesson's server, by hand, to try it in a browser or with curl. It runs the same
 * way the tests run it (see the test kit's launch.ts), and Ctrl+C stops it with everything it
 * started; so does closing the terminal, or ending workbook run in any other way. It listens on 127.0.0.1, this computer only, unless --host (or HOST) asks for more: then
 * it says who else can reach it, at which addresses.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { killTree, launch, StartError, treeSpawnOptions } from '@workbook/testkit';
import { pc } from '@workbook/testkit/color';
import { fileNames, findExercise, findLesson, loadExercises, loadLessons, root, UsageError } from '@workbook/course';
import { StudentCopy } from '../student.ts';
import { addressesOthersCanUse, addressToOpen, EXPOSED_NOTE, isLoopback } from './network-addresses.ts';

export const runHelp = `Usage: pnpm workbook run <exNN | lesson-NN> [--port <number>] [--host <address>] [--dir <folder>] [-- <arguments>]

Starts a program by hand, so you can try it in a browser or with curl:
  exNN        your exercise's program (exercises/exNN-*/server.ts, or client.ts)
  lesson-NN   a lesson's finished server (packages/lesson-NN-*/src/main.ts)
Ctrl+C stops it. Anything after -- goes to the program: pnpm workbook run ex11 -- http://127.0.0.1:8080/

Options:
  --port <number>  the port to listen on, given to the program as PORT (default: the PORT
                   variable if it is set, else 8080)
  --host <address> the address to listen on, given to the program as HOST (default: the HOST
                   variable if it is set, else 127.0.0.1: only this computer can reach it).
                   --host 0.0.0.0 opens it to every network this computer is on
  --dir <folder>   run from another copy of exercises/ instead of this workbook's`;

/** The signals that stop workbook run, and with it the program. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

// A workbook run that ends without a word (`kill -9`, a crash) cannot stop its program: this
// preload makes the program stop by itself once workbook run is gone (see the file).
const stopWithRun = pathToFileURL(path.join(import.meta.dirname, 'stop-with-run.mjs')).href;
/** The variable that tells the preload it is in the program workbook run started; the same name as there. */
const STOP_WITH_RUN = 'WORKBOOK_STOP_WITH_RUN';

interface Program {
  name: string;
  file: string;
  cwd: string;
  /** A server: say where to open it once it listens. A lesson says that itself. */
  announce: boolean;
}

function programFor(name: string, dir: string | undefined): Program {
  if (/^(exercises[\\/])?ex\d/i.test(name)) {
    const exercise = findExercise(name, loadExercises());
    const copy = new StudentCopy(dir);
    const fileName = fileNames(exercise).find((file) => /^(server|client)\.ts$/.test(file)) ?? fileNames(exercise, 'edit')[0] ?? 'server.ts';
    // The tests run it in the exercise's own folder, where its pages and images are: so does this.
    return { name: exercise.id, file: path.join(copy.dirOf(exercise), fileName), cwd: exercise.dir, announce: fileName === 'server.ts' };
  }
  if (/^(packages[\\/])?lesson/i.test(name)) {
    const lesson = findLesson(name);
    const cwd = path.join(root, 'packages', lesson);
    return { name: lesson, file: path.join(cwd, 'src', 'main.ts'), cwd, announce: false };
  }
  throw new UsageError(
    `"${name}" is neither an exercise nor a lesson. Try one of:\n` +
      `  ${loadExercises()
        .map((exercise) => exercise.id)
        .join(' ')}\n` +
      `  ${loadLessons()
        .map((lesson) => lesson.id)
        .join(' ')}`,
  );
}

function portFrom(option: string | undefined, variable: string | undefined): number {
  const text = option ?? (variable || undefined);
  if (text === undefined) return 8080;
  const port = Number(text);
  const given = option === undefined ? 'The PORT variable' : '--port';
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`${given} must be a whole number from 1 to 65535, not "${text}".`);
  return port;
}

/** 127.0.0.1 unless asked: a server you are learning with is nobody else's business. */
function hostFrom(option: string | undefined, variable: string | undefined): string {
  const host = option ?? (variable || undefined);
  if (host === undefined) return '127.0.0.1';
  const given = option === undefined ? 'The HOST variable' : '--host';
  if (net.isIP(host) === 0 && host !== 'localhost')
    throw new UsageError(`${given} must be an address of this computer, such as 127.0.0.1 (this computer only) or 0.0.0.0 (every network it is on), not "${host}".`);
  return host;
}

/** Once a program listens beyond loopback: who else can reach it now, at which addresses. */
function sayWhoCanReach(host: string, port: number): void {
  const urls = addressesOthersCanUse(host, port);
  if (urls.length === 0) console.log(pc.yellow(`It listens on ${host}, but this computer is on no network right now: only it can reach the server.`));
  else console.log(pc.yellow(`Open to the network: other machines can reach it at ${urls.map((url) => pc.cyan(url)).join(', ')}`));
  console.log(pc.yellow(EXPOSED_NOTE));
}

export async function runCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { port: { type: 'string', short: 'p' }, host: { type: 'string' }, dir: { type: 'string' } },
  });
  const [name, ...programArgs] = positionals;
  if (!name) throw new UsageError('Name what to run, such as: pnpm workbook run ex02  or  pnpm workbook run lesson-04');
  const program = programFor(name, values.dir);
  const port = portFrom(values.port, process.env.PORT);
  const host = hostFrom(values.host, process.env.HOST);

  let launched;
  try {
    launched = await launch(program.file, { preload: true });
  } catch (error) {
    if (!(error instanceof StartError)) throw error;
    console.error(error.message);
    return 1;
  }
  const child = spawn(process.execPath, ['--import', stopWithRun, ...launched.args, ...programArgs], {
    cwd: program.cwd,
    // INIT_CWD: where the command was typed, as pnpm would pass it to a lesson's start script.
    env: { ...process.env, ...launched.env, PORT: String(port), HOST: host, INIT_CWD: process.env.INIT_CWD ?? process.cwd(), [STOP_WITH_RUN]: '1' },
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    ...treeSpawnOptions,
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    process.stderr.write(chunk);
    stderr = (stderr + chunk.toString()).slice(-4096);
  });
  let announced = false;
  child.on('message', (message: { workbook?: string; port?: number; host?: string }) => {
    if (message.workbook !== 'listening' || announced) return;
    announced = true;
    if (program.announce) {
      const address = addressToOpen(message.host, message.port);
      console.log(`${pc.bold(program.name)} listens on ${pc.cyan(address)}. Open it in a browser, or: curl -i ${address}`);
      console.log(pc.dim('Press Ctrl+C to stop it.'));
    }
    // Said from the address it really listens on, not the one asked for: a program that ignores
    // HOST and listens everywhere is told about just the same.
    if (message.host !== undefined && !isLoopback(message.host)) sayWhoCanReach(message.host, message.port ?? port);
  });
  // Ctrl+C: first ask the program to stop (SIGTERM), so that a server that stops cleanly (lesson 5)
  // can finish the requests it is in the middle of. A second Ctrl+C, or a program still running 5
  // seconds later, is stopped at once with whatever it started. Windows has no SIGTERM to send.
  // The same for `kill` (SIGTERM) and for a terminal that is closed (SIGHUP): left running, the
  // program would keep its port, and the next start would fail with EADDRINUSE.
  let stopped = false;
  const stop = () => {
    if (stopped || process.platform === 'win32' || child.pid === undefined) {
      stopped = true;
      killTree(child);
      return;
    }
    stopped = true;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
    setTimeout(() => killTree(child), 5000).unref();
  };
  for (const name of STOP_SIGNALS) process.on(name, stop);
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  for (const name of STOP_SIGNALS) process.off(name, stop);
  // Whatever it started and left behind (a worker process, say) goes with it.
  killTree(child);
  launched.cleanUp();
  if (stopped) {
    console.log(pc.dim(`\n${program.name} stopped.`));
    return 0;
  }
  if (/EADDRINUSE/.test(stderr))
    console.error(pc.yellow(`\nPort ${port} is taken: is another server still running? Stop it, or pick another port: --port ${port === 9000 ? 9001 : 9000}`));
  // Killed by a signal nobody here sent (lesson 5's --crash-after, the system's out-of-memory
  // killer): without this line the only trace would be pnpm's "Command failed".
  if (signal) console.error(pc.yellow(`\n${program.name} was killed (${signal}).`));
  return code ?? (signal ? 1 : 0);
}
