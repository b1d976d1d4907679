/**
 * The node command line that runs a program under test: its built JavaScript with plain node
 * (see compile.ts), or its source through tsx when it starts programs of its own.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileProgram } from './compile.ts';
import { KIT_VARIABLE } from './preload-protocol.ts';
import { StartError } from './start-error.ts';

export interface Launch {
  /** node's arguments, up to and including the file to run. */
  args: string[];
  /** Variables to add to the program's environment. */
  env: Record<string, string>;
  /** Removes what was built for this run; called once the program has ended. */
  cleanUp(): void;
  /** It runs through tsx, because it starts programs or threads of its own. */
  viaTsx: boolean;
}

const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** The preload is TypeScript too, and built once per test process. */
let builtPreload: Promise<string> | undefined;

async function preloadFile(): Promise<string> {
  builtPreload ??= compileProgram(path.join(import.meta.dirname, 'preload.ts'), { kitFile: true }).then((compiled) => {
    if (compiled.kind !== 'built') throw new Error(`The test kit's preload did not build (${compiled.kind}).`);
    return compiled.file;
  });
  return builtPreload;
}

/** A one-line module, run before the program, that puts its source file's name in process.argv[1]. */
function sourceNameFor(file: string): string {
  return `data:text/javascript,${encodeURIComponent(`process.argv[1] = ${JSON.stringify(path.resolve(file))};`)}`;
}

export async function launch(file: string, options: { preload: boolean }): Promise<Launch> {
  const compiled = await compileProgram(file);
  if (compiled.kind === 'compile-error') {
    throw new StartError(
      'ERR_DOES_NOT_COMPILE',
      `Your program could not start: the compiler stopped at an error in it.\n\n${compiled.message}\n\n` +
        'Hint: the line and column above show the spot. A missing bracket, quote or comma, or a half-finished line, is the usual cause.',
      [],
    );
  }
  const preload = options.preload ? ['--import', pathToFileURL(await preloadFile()).href] : [];
  const env: Record<string, string> = options.preload ? { [KIT_VARIABLE]: '1' } : {};
  if (compiled.kind === 'needs-tsx') return { args: ['--import', tsxLoader, ...preload, file], env, cleanUp: () => {}, viaTsx: true };
  // The program's own file name in process.argv[1], where node would put the built one: a
  // program that checks `import.meta.url` against it to see if it was run directly still runs.
  return {
    args: ['--enable-source-maps', ...preload, '--import', sourceNameFor(file), compiled.file],
    env,
    cleanUp: compiled.remove,
    viaTsx: false,
  };
}
