/**
 * Starts the file server in the model you choose, on the port in the PORT variable (8080 when it
 * is not set), and says which model and where:
 *
 *     pnpm workbook run lesson-07 -- --model processes
 *     pnpm workbook run lesson-07 -- --model event-loop --close
 *     pnpm workbook run lesson-07 --port 9000 -- --model threads
 *
 * Options: --model one-at-a-time | processes | threads | event-loop (the default)
 *          --close      answer with `Connection: close` and hang up after every response
 *          --workers N  how many processes or threads (default: one per CPU core)
 *          --quiet      no line per request (the benchmark uses this)
 *
 * If the port is taken, Node stops with "EADDRINUSE: address already in use": another program,
 * often an earlier copy of this server, is still listening there.
 */
import { parseArgs } from 'node:util';
import pc from 'picocolors';
import { writeLogLine } from 'lesson-02-happy-server/src/log-writer.ts';
import { isModelName, MODEL_NAMES, MODELS } from './models.ts';
import { DEFAULT_OPTIONS, type ServerOptions } from './options.ts';

const port = Number(process.env.PORT ?? 8080);
// 127.0.0.1: only this computer can reach the server. HOST=0.0.0.0 opens it to your network.
const host = process.env.HOST || '127.0.0.1';

// pnpm passes on the `--` that separates its own options from ours; it is not one of ours.
const args = process.argv.slice(2).filter((arg) => arg !== '--');
const { values } = parseArgs({
  args,
  options: {
    model: { type: 'string', default: 'event-loop' },
    close: { type: 'boolean', default: false },
    workers: { type: 'string' },
    quiet: { type: 'boolean', default: false },
  },
});

if (!isModelName(values.model)) {
  console.error(`There is no model "${values.model}". Choose one of: ${MODEL_NAMES.join(', ')}.`);
  process.exit(2);
}
const workers = values.workers === undefined ? DEFAULT_OPTIONS.workers : Number(values.workers);
if (!Number.isInteger(workers) || workers < 1) {
  console.error(`--workers wants a whole number of at least 1, not "${values.workers}".`);
  process.exit(2);
}

const options: ServerOptions = { ...DEFAULT_OPTIONS, host, keepAlive: !values.close, log: values.quiet ? false : writeLogLine, workers };
const model = MODELS[values.model];
await model.listen(port, options);

console.log(`${pc.bold(values.model)}: ${model.describe(options)}`);
console.log(`Connections: ${options.keepAlive ? 'kept open for the next request (keep-alive)' : 'closed after every response'}`);
console.log(`Listening on ${pc.cyan(`http://${host}:${port}/`)} (press Ctrl+C to stop)`);
