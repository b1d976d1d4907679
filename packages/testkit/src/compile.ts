/**
 * Turns the student's TypeScript into one JavaScript file that plain `node` runs.
 *
 * Why not let tsx do it in the program's own process? Because tsx starts esbuild afresh in every
 * process: about 0.2 s per start, and a grader starts programs hundreds of times. Here esbuild
 * runs once in the test process and stays warm, so a build costs a few milliseconds.
 *
 * What the program sees does not change:
 * - import.meta.url, .filename and .dirname name its own source file, not the built one, so
 *   `new URL('./public/', import.meta.url)` still finds its pages;
 * - packages (undici, picocolors, ...) are not copied in: they are imported from where they are
 *   installed, exactly as node would load them;
 * - error stacks point at the .ts file and line, through an inline source map.
 *
 * A program that starts programs of its own (worker threads, cluster, child processes) may hand
 * them .ts files, which plain node cannot run; those programs keep running under tsx.
 */
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Loader, type Message, type Plugin } from 'esbuild';
import { gradingSandbox, shownPath } from './sandbox.ts';

export type Compiled = { kind: 'built'; file: string; remove(): void } | { kind: 'needs-tsx' } | { kind: 'compile-error'; message: string };

/** Built-in modules through which a program starts other programs. */
const startsPrograms = /^(node:)?(child_process|cluster|worker_threads)$/;

const loaders: Record<string, Loader> = { '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.tsx': 'tsx', '.js': 'js', '.mjs': 'js', '.cjs': 'js', '.jsx': 'jsx' };

let folder: string | undefined;
let builds = 0;

/** The folder of this test process's builds, made on first use and removed when the process ends. */
export function buildsFolder(): string {
  if (!folder) {
    const made = mkdtempSync(path.join(tmpdir(), 'workbook-programs-'));
    process.once('exit', () => rmSync(made, { recursive: true, force: true }));
    folder = made;
  }
  return folder;
}

function newBuildFile(source: string): string {
  builds += 1;
  return path.join(buildsFolder(), `${path.parse(source).name}-${builds}.mjs`);
}

/** Replaces import.meta.url, .filename and .dirname with the values they have in the source file. */
function keepOwnLocation(code: string, file: string): string {
  const values: Record<string, string> = { url: pathToFileURL(file).href, filename: file, dirname: path.dirname(file) };
  return code.replace(/\bimport\.meta\.(url|filename|dirname)\b/g, (_, name: string) => JSON.stringify(values[name]));
}

/** True when `file` lies inside `folder`, links resolved. */
function isInside(file: string, folder: string): boolean {
  const relative = path.relative(realpathSync(folder), realpathSync(file));
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** `confineTo`: the only folder the sources may come from (a submission's copy), if any. */
const programPlugin = (confineTo: string | undefined): Plugin => ({
  name: 'workbook-program',
  setup(build) {
    // While graded, the program is built here, by the tests, who may read more than the program
    // may: a source outside its copy (an import of the workbook's files, a link) would let it
    // carry into its bundle, or into a compile error's quoted line, what it could not read itself.
    build.onLoad({ filter: /.*/ }, (args) => {
      if (!confineTo || args.namespace !== 'file' || isInside(args.path, confineTo)) return undefined;
      return {
        errors: [{ text: `it imports ${args.path}, which is not one of your files. While it is graded, a program may import only its own files and the installed packages.` }],
      };
    });
    // A package is imported from where it is installed: the built file may live anywhere, so
    // the import names the package's file by its full URL.
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === 'resolving' || isBuiltin(args.path) || path.isAbsolute(args.path)) return undefined;
      const found = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'resolving' });
      if (found.errors.length) return { errors: found.errors };
      // A workbook package (a lesson that builds on another, @workbook/cert) is TypeScript, which
      // plain node cannot import: it is built into the bundle like the program's own files.
      if (/\.[cm]?tsx?$/.test(found.path)) return { path: found.path };
      return { path: pathToFileURL(found.path).href, external: true };
    });
    build.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, (args) => ({
      contents: keepOwnLocation(readFileSync(args.path, 'utf8'), args.path),
      loader: loaders[path.extname(args.path)] ?? 'ts',
    }));
  },
});

/** esbuild's words for a syntax error, as `file:line:column: ERROR: ...` with the line and a caret under the spot. */
function describe(errors: Message[]): string {
  return errors
    .map(({ text, location }) => {
      if (!location) return `ERROR: ${text}`;
      const where = `${shownPath(path.resolve(location.file))}:${location.line}:${location.column + 1}`;
      const gutter = `${location.line} | `;
      const caret = `${' '.repeat(gutter.length - 2)}| ${' '.repeat(location.column)}^`;
      return `${where}: ERROR: ${text}\n  ${gutter}${location.lineText}\n  ${caret}`;
    })
    .join('\n\n');
}

/** Builds `file`. While graded, a program under test is built only from its copy; `kitFile` (the preload) is the kit's own. */
export async function compileProgram(file: string, options: { kitFile: boolean } = { kitFile: false }): Promise<Compiled> {
  const outfile = newBuildFile(file);
  try {
    const result = await build({
      entryPoints: [file],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: `node${process.versions.node}`,
      // The main file of a package, as node's own loader picks it (not the "module" field).
      mainFields: ['main'],
      sourcemap: 'inline',
      write: false,
      metafile: true,
      logLevel: 'silent',
      plugins: [programPlugin(options.kitFile ? undefined : gradingSandbox()?.copy)],
    });
    const imports = Object.values(result.metafile.outputs).flatMap((output) => output.imports);
    if (imports.some((entry) => entry.external && startsPrograms.test(entry.path))) return { kind: 'needs-tsx' };
    const [output] = result.outputFiles;
    writeFileSync(outfile, output?.contents ?? '');
    return { kind: 'built', file: outfile, remove: () => rmSync(outfile, { force: true }) };
  } catch (error) {
    const errors = (error as { errors?: Message[] }).errors;
    if (!errors?.length) throw error;
    return { kind: 'compile-error', message: describe(errors) };
  }
}
