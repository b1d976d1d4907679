/**
 * `pnpm grade report [--out grades] [--port <n>]`: the class graded into an output folder, as a
 * page in the browser (see page.ts), served on 127.0.0.1 until Ctrl+C.
 *
 * Exit code 0 when stopped with Ctrl+C; 2 for a wrong argument (no results.json in the folder, a
 * port that is not one, or is taken), said without a stack trace.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from '@workbook/course';
import { stopOnSignals } from '@workbook/testkit';
import { pc } from '@workbook/testkit/color';
import { fromWhereTyped } from '../options.ts';
import { readClass } from './class-folder.ts';
import { serveReport } from './serve.ts';

export const reportUsage = `Usage: pnpm grade report [--out <folder>] [--port <n>]

Serves a page with the class graded into <folder>, on 127.0.0.1 only: a table of the students
(sort it by any column), the pass rate of every check, the most common failure messages, and
each student's feedback one click away. Reload it after grading again; Ctrl+C stops it.

Options:
  --out <folder>   the output folder of pnpm grade (default: grades)
  --port <n>       the port to serve on (default: any free port)
  --help           this text

The instructor's guide: docs/instructors.md`;

interface ReportOptions {
  out: string;
  port: number;
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return 0;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new UsageError(`--port takes a whole number from 1 to 65535, such as --port 8080 (0, or no --port, for any free port); got "${value}".`, 'ERR_GRADE_USAGE');
  }
  return port;
}

function parseReportOptions(args: string[]): ReportOptions | 'help' {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { out: { type: 'string' }, port: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) return 'help';
  if (positionals.length) {
    throw new UsageError(`pnpm grade report takes no folder of its own: name the output folder with --out ${positionals[0]}`, 'ERR_GRADE_USAGE');
  }
  return { out: fromWhereTyped(values.out ?? 'grades'), port: parsePort(values.port) };
}

/** The folder as the instructor would type it from where they are. */
function shown(folder: string): string {
  const relative = path.relative(process.env.INIT_CWD ?? process.cwd(), folder);
  return relative.startsWith('..') ? folder : relative || '.';
}

/** The server, or a UsageError when the port chosen cannot be had. */
async function serve(options: ReportOptions) {
  try {
    return await serveReport(options.out, shown(options.out), options.port);
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException;
    if (code === 'EADDRINUSE') throw new UsageError(`Port ${options.port} is in use. Choose another with --port, or leave --port out for any free one.`, 'ERR_GRADE_USAGE');
    if (code === 'EACCES') throw new UsageError(`Port ${options.port} needs more rights than this user has. Choose one above 1023.`, 'ERR_GRADE_USAGE');
    throw error;
  }
}

export async function run(args: string[]): Promise<number> {
  try {
    const options = parseReportOptions(args);
    if (options === 'help') {
      console.log(reportUsage);
      return 0;
    }
    // Read once before serving, so a folder that holds no grading is said here, not on the page.
    const { students } = readClass(options.out);
    const server = await serve(options);
    // Listening for Ctrl+C before the address is out: whoever reads it may stop the server at once.
    const stopped = new Promise<number>((resolve) => {
      stopOnSignals(() => {
        void server.close().then(() => resolve(0));
      });
    });
    console.log(
      `The class graded in ${shown(options.out)} (${students.length} ${students.length === 1 ? 'student' : 'students'}): ${pc.bold(server.url)}  (press Ctrl+C to stop)`,
    );
    return await stopped;
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    if (error instanceof UsageError || code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`${pc.red('Error:')} ${message}\n\n${reportUsage}`);
      return 2;
    }
    throw error;
  }
}
