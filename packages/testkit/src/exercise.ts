/**
 * The one call an exercise's test file makes: start the student's program before its tests, stop
 * it after them, and send it requests whose replies explain themselves.
 *
 *   const server = useProgram(import.meta.url, 'server.ts');
 *   test('answers /', async () => (await server.get('/')).expectStatus(200));
 */
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { request, type HttpRequest } from './http.ts';
import { startProgram, StartError, type Program } from './program.ts';
import { sendRaw, type Chunk, type RawOptions } from './raw.ts';
import type { Exchange } from './report.ts';
import { random } from './random.ts';
import { Reply } from './reply.ts';
import { gradingSandbox, shownPath } from './sandbox.ts';

/**
 * Where the program under test lives. An exercise's tests sit in `exercises/<slug>/` and test the
 * file beside them; WORKBOOK_EXERCISES points them at another folder with the same layout:
 * `solutions/`, or a student's submission being graded. So are an instructor's hidden tests, in
 * `<WORKBOOK_HIDDEN_TESTS>/<slug>/`. Tests anywhere else are not redirected.
 */
export function programFile(testFileUrl: string, name: string): string {
  const testDir = path.dirname(fileURLToPath(testFileUrl));
  const root = process.env.WORKBOOK_EXERCISES;
  const hidden = process.env.WORKBOOK_HIDDEN_TESTS;
  const isExercise = path.basename(path.dirname(testDir)) === 'exercises' || (hidden !== undefined && path.dirname(testDir) === path.resolve(hidden));
  return root && isExercise ? path.resolve(root, path.basename(testDir), name) : path.join(testDir, name);
}

/**
 * The folder a program under test runs in. An exercise's pages and images sit beside its tests,
 * so a solution run from elsewhere still runs in the exercise's own folder and reads the same
 * official files as the student's copy. A grader's copy of a submission is a whole exercise folder
 * (the official pages with the student's files), and there the program runs, and may write, in it.
 */
export function programFolder(testFileUrl: string): string {
  const testDir = path.dirname(fileURLToPath(testFileUrl));
  return gradingSandbox() ? path.dirname(programFile(testFileUrl, 'program')) : testDir;
}

/**
 * A folder for files that a test and the program under test share, such as a board's data file:
 * the system's temporary folder, or while grading the one temporary folder the program can reach.
 */
export function scratchFolder(): string {
  return gradingSandbox()?.tmp ?? tmpdir();
}

export interface ProgramUnderTest {
  /** The running program; undefined before the tests start or if it could not start. */
  readonly program: Program | undefined;
  get(path: string, req?: Omit<HttpRequest, 'path' | 'method'>): Promise<Reply>;
  request(req: HttpRequest): Promise<Reply>;
  raw(chunks: Chunk | Chunk[], options?: RawOptions): Promise<Reply>;
}

/** The program runs in programFolder(testFileUrl). */
export function useProgram(testFileUrl: string, name: string, env: Record<string, string> = {}): ProgramUnderTest {
  const file = programFile(testFileUrl, name);
  const cwd = programFolder(testFileUrl);
  let program: Program | undefined;
  let startFailure: Error | undefined;

  async function start(): Promise<void> {
    startFailure = undefined;
    if (!existsSync(file)) {
      startFailure = new StartError('ERR_MISSING_FILE', `There is no file ${shownPath(file)}. Did you rename or delete it?`, []);
      return;
    }
    try {
      program = await startProgram({ file, cwd, env });
    } catch (error) {
      startFailure = error as Error;
    }
  }

  /** Runs one exchange; if the program died during it, says so, and restarts it for the next. */
  async function exchange(send: (address: Program) => Promise<Exchange>): Promise<Reply> {
    if (program?.exit) await start();
    if (!program || startFailure) throw startFailure ?? new Error('The program was not started.');
    const overLimit = await program.checkLimits();
    if (overLimit) throw overLimit;
    const result = await send(program);
    // A crash shows up as a failed exchange; give the exit a moment to arrive so it can be named.
    const failed = !result.response || result.error !== undefined;
    const exit = failed ? await program.waitForExit(300) : program.exit;
    // Stopped at a grader's limit: the limit is what went wrong, not the reply that never came.
    if (program.overLimit) throw program.overLimit;
    return new Reply(result, exit ? crashReport(program) : undefined);
  }

  beforeAll(start);
  // A failure names the random seed only when its own test drew random values.
  beforeEach(() => {
    random.used = false;
  });
  afterAll(async () => program?.stop());

  return {
    get program() {
      return program;
    },
    get: (path, req = {}) => exchange((address) => request(address, { ...req, path })),
    request: (req) => exchange((address) => request(address, req)),
    raw: (chunks, options) => exchange((address) => sendRaw(address, chunks, options)),
  };
}

function crashReport(program: Program): string {
  const { code, signal } = program.exit ?? { code: null, signal: null };
  const printed = program.stderr.quote('The last lines it printed to stderr:');
  return (
    `Your program crashed while answering (${signal ? `killed by ${signal}` : `exit code ${code}`}).${printed && `\n${printed}`}\n` +
    'A server must survive any request: catch the error, answer with an error status, and keep listening.'
  );
}
