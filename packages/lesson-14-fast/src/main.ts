/**
 * Starts lesson 14's file server at the step you choose, on the port in the PORT variable (8080
 * when it is not set), and says which step, which folder and where:
 *
 *     pnpm workbook run lesson-14 -- --step 3
 *     pnpm workbook run lesson-14 -- --step 5 --workers 2
 *
 * Options: --step 1 | 2 | 3 | 4 | 5   which step (default 5, the last)
 *          --workers N              step 5 only: how many worker processes (default: one per core)
 *
 * It serves the folder in the SITE_DIR variable (relative to where you typed the command), or
 * lesson 4's demo site when it is not set. HOST=0.0.0.0 opens it to your network.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import pc from 'picocolors';
import { DEMO_SITE } from 'lesson-04-file-server/src/server.ts';
import os from 'node:os';
import { listenWithCluster } from './5-cores/cluster.ts';
import { STEPS as ONE_PROCESS_STEPS, type Settings, type Step } from './steps.ts';

const STEPS: Record<string, Step> = {
  ...ONE_PROCESS_STEPS,
  '5': {
    title: 'more cores: step 4 in worker processes sharing one port (src/5-cores)',
    listen: (settings: Settings) => listenWithCluster({ ...settings, workers, say: console.log }),
  },
};
const STEP_NUMBERS = Object.keys(STEPS);
/** One per CPU core: more than that only take turns on the same cores. */
const DEFAULT_WORKERS = os.availableParallelism();

const USAGE = `The options are --step ${STEP_NUMBERS.join(' | ')} (default 5) and --workers N (step 5 only).`;

const port = Number(process.env.PORT ?? 8080);
// 127.0.0.1: only this computer can reach the server.
const host = process.env.HOST || '127.0.0.1';
// As in lesson 4: a relative SITE_DIR counts from the folder where you typed the command.
const siteDir = process.env.SITE_DIR ? path.resolve(process.env.INIT_CWD ?? process.cwd(), process.env.SITE_DIR) : DEMO_SITE;

/** A wrong option is the user's typo, not our bug: one clear sentence and exit code 2, no stack trace. */
function refuse(message: string): never {
  console.error(`${message} ${USAGE}`);
  process.exit(2);
}

// pnpm passes on the `--` that separates its own options from ours; it is not one of ours.
const args = process.argv.slice(2).filter((arg) => arg !== '--');
let values: { step: string; workers?: string | undefined };
try {
  ({ values } = parseArgs({ args, options: { step: { type: 'string', default: '5' }, workers: { type: 'string' } } }));
} catch (error) {
  // parseArgs says what it did not understand in its first sentence ("Unknown option '--stp'").
  refuse(`${(error as Error).message.split('. ')[0]}.`);
}

const step = values.step;
const chosen = STEPS[step];
if (!Object.hasOwn(STEPS, step) || chosen === undefined) refuse(`There is no step "${step}".`);
if (values.workers !== undefined && step !== '5') refuse(`--workers is for step 5, not step ${step}.`);
const workers = values.workers === undefined ? DEFAULT_WORKERS : Number(values.workers);
if (!Number.isInteger(workers) || workers < 1) refuse(`--workers wants a whole number of at least 1, not "${values.workers}".`);

await chosen.listen({ port, host, siteDir });

console.log(`${pc.bold(`Step ${step}`)}: ${chosen.title}${step === '5' ? `, ${workers} workers` : ''}`);
console.log(`Serving the folder ${pc.bold(siteDir)}`);
console.log(`Listening on ${pc.cyan(`http://${host}:${port}/`)} (press Ctrl+C to stop)`);
