/**
 * Starts one of the lesson's four small servers on 127.0.0.1, on the port in the PORT variable
 * (8080 when it is not set), and says which one and where:
 *
 *     pnpm workbook run lesson-11                               the countdown, in chunks (the default)
 *     pnpm workbook run lesson-11 -- --demo backpressure        a big download, sent carefully
 *     pnpm workbook run lesson-11 -- --demo backpressure --naive    ...and the "before": without waiting
 *     pnpm workbook run lesson-11 -- --demo files               lesson 4's file server with ranges
 *     pnpm workbook run lesson-11 -- --demo board               lesson 5's board with a live view
 *
 * Options: --demo chunked | backpressure | files | board
 *          --naive   (backpressure only) write without waiting for the client
 *          --quiet   no line per request (the benchmark uses this)
 *
 * The file server serves SITE_DIR (the demo site in site/ when it is not set); the board keeps
 * its messages in BOARD_FILE (data/messages.jsonl); the download is BIG_FILE, or a 100 MB file
 * of made-up bytes in the system's temporary folder, written the first time it is needed.
 *
 * If the port is taken, Node stops with "EADDRINUSE: address already in use": another program,
 * often an earlier copy of this server, is still listening there.
 */
import type net from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pc from 'picocolors';
import { writeLogLine } from 'lesson-02-happy-server/src/log-writer.ts';
import { bigFile } from './backpressure/big-file.ts';
import { createServer as createBackpressureServer } from './backpressure/server.ts';
import { createServer as createBoardServer } from './board/server.ts';
import { BoardFileError } from './board/store.ts';
import { createServer as createChunkedServer } from './chunked/server.ts';
import { createServer as createFileServer, DEMO_SITE } from './files/server.ts';

const DEMOS = ['chunked', 'backpressure', 'files', 'board'] as const;
type Demo = (typeof DEMOS)[number];

const port = Number(process.env.PORT ?? 8080);
// 127.0.0.1: only this computer can reach the server. HOST=0.0.0.0 opens it to your network.
const host = process.env.HOST || '127.0.0.1';

// pnpm passes on the `--` that separates its own options from ours; it is not one of ours.
const args = process.argv.slice(2).filter((arg) => arg !== '--');
let values: { demo: string; naive: boolean; quiet: boolean };
try {
  values = parseArgs({
    args,
    options: { demo: { type: 'string', default: 'chunked' }, naive: { type: 'boolean', default: false }, quiet: { type: 'boolean', default: false } },
  }).values;
} catch (error) {
  console.error(`${(error as Error).message}\nOptions: --demo ${DEMOS.join(' | ')}, --naive, --quiet.`);
  process.exit(2);
}
if (!(DEMOS as readonly string[]).includes(values.demo)) {
  console.error(`There is no demo "${values.demo}". Choose one of: ${DEMOS.join(', ')}.`);
  process.exit(2);
}
if (values.naive && values.demo !== 'backpressure') {
  console.error('--naive goes with --demo backpressure only.');
  process.exit(2);
}
const log = values.quiet ? false : writeLogLine;

// `pnpm --filter` runs us inside this lesson's folder, but a relative path in a variable was meant
// from the folder where you typed the command, which pnpm (and npm) pass on as INIT_CWD.
const fromWhereYouTyped = (value: string) => path.resolve(process.env.INIT_CWD ?? process.cwd(), value);

async function start(demo: Demo): Promise<{ server: net.Server; about: string; tryIt: string }> {
  const base = `http://${host}:${port}`;
  switch (demo) {
    case 'chunked':
      return { server: createChunkedServer({ log }), about: 'a countdown sent in chunks (node:net)', tryIt: `curl -N ${base}/countdown` };
    case 'backpressure': {
      const file = process.env.BIG_FILE ? fromWhereYouTyped(process.env.BIG_FILE) : await bigFile();
      const about = `${values.naive ? 'the naive download: it writes without waiting' : 'the careful download: it waits for the client'}; it sends ${file}`;
      return { server: createBackpressureServer({ file, naive: values.naive, log }), about, tryIt: `curl --limit-rate 1M -o /dev/null ${base}/download` };
    }
    case 'files': {
      const root = process.env.SITE_DIR ? fromWhereYouTyped(process.env.SITE_DIR) : DEMO_SITE;
      return { server: createFileServer({ root, log }), about: `lesson 4's file server, with ranges; it serves ${root}`, tryIt: `curl -r 0-99 ${base}/index.html` };
    }
    case 'board':
      try {
        return { server: createBoardServer({ log }), about: "lesson 5's message board, with a live view", tryIt: `open ${base}/ in two tabs; curl -N ${base}/events` };
      } catch (error) {
        // A board file it cannot use is a problem for you to fix, not a bug: say what, no stack.
        if (!(error instanceof BoardFileError)) throw error;
        console.error(error.message);
        process.exit(1);
      }
  }
}

const { server, about, tryIt } = await start(values.demo as Demo);
server.listen(port, host, () => {
  console.log(`${pc.bold(values.demo)}: ${about}`);
  console.log(`Try: ${pc.dim(tryIt)}`);
  console.log(`Listening on ${pc.cyan(`http://${host}:${port}/`)} (press Ctrl+C to stop)`);
});
