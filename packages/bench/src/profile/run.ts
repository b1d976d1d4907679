/**
 * `pnpm bench profile`, from end to end: each single-process step of lesson 14 started fresh,
 * warmed up, then profiled while 50 clients ask for a 1 KB page, and the profile summed up as
 * DevTools' Bottom-up view would show it. The profiles are kept in .workbook/profiles/ to open in
 * DevTools (Performance, "Load profile..."), with a picture of each when Chromium is installed.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { root } from '@workbook/course';
import { freePort, launch, track, treeSpawnOptions } from '@workbook/testkit';
import type { BenchOptions } from '../benchmark.ts';
import { htmlPage, KB } from '../files/site.ts';
import { chooseLoadGenerator } from '../load-generator.ts';
import { describeDate, describeLoad, describeMachine } from '../machine.ts';
import { onCore, pinningNote, SERVER_CORE } from '../pinning.ts';
import { ServerProcess } from '../server-process.ts';
import { formatNumber, formatSeconds, renderTable } from '../table.ts';
import { bottomUp, type CpuProfile, type SelfTime } from './bottom-up.ts';
import { screenshotProfile, whyNoScreenshot } from './devtools-screenshot.ts';

/** Steps 1 to 4 without step 5's cluster, so they are built and run by plain node (see that file). */
const LESSON_MAIN = fileURLToPath(new URL('../servers/fast-one-process.ts', import.meta.url));
const LESSON_DIR = path.join(root, 'packages', 'lesson-14-fast');
const PRELOAD = pathToFileURL(path.join(import.meta.dirname, 'profiler-preload.mjs')).href;
export const PROFILE_FOLDER = path.join(root, '.workbook', 'profiles');

/** The steps that run in one process: step 5 is step 4 in several, and profiles as step 4 does. */
const STEPS = [1, 2, 3, 4];
const CONNECTIONS = 50;
/** Rows per step in the report: the rest are each well under a per cent. */
const ROWS = 12;

export interface StepProfile {
  step: number;
  requests: number;
  seconds: number;
  top: SelfTime[];
  file: string;
  picture?: string;
}

export async function runProfile(options: BenchOptions): Promise<string> {
  const load = chooseLoadGenerator(options.load);
  mkdirSync(PROFILE_FOLDER, { recursive: true });
  const site = mkdtempSync(path.join(tmpdir(), 'workbook-bench-profile-'));
  writeFileSync(path.join(site, 'index.html'), htmlPage(KB));
  const built = await launch(LESSON_MAIN, { preload: false });
  const profiles: StepProfile[] = [];
  try {
    for (const step of STEPS) {
      options.progress(`profile: lesson 14, step ${step}`);
      profiles.push(await profileStep(step, built.args, built.env, site, load, options));
    }
  } finally {
    built.cleanUp();
    rmSync(site, { recursive: true, force: true });
  }

  const noPicture = whyNoScreenshot();
  if (!noPicture) {
    for (const profile of profiles) {
      options.progress(`profile: a picture of step ${profile.step} in DevTools`);
      const picture = profile.file.replace(/\.cpuprofile$/, '.png');
      // DevTools is a big web application; on a busy machine its first start can miss a wait.
      for (let attempt = 1; attempt <= 2 && !profile.picture; attempt++) {
        await screenshotProfile(profile.file, picture).then(
          () => (profile.picture = picture),
          (error: Error) => options.progress(`profile: no picture of step ${profile.step} (${error.message.split('\n')[0]})`),
        );
      }
    }
  }
  return renderProfileReport(profiles, {
    header: [
      '## profile: where lesson 14 spends its time, step by step',
      '',
      `- Date: ${describeDate()}`,
      `- Machine: ${[describeMachine(), describeLoad()].filter(Boolean).join('; ')}`,
      `- Load generator: ${load.title}; ${pinningNote()}`,
      `- Each step: started fresh, ${formatSeconds(load.runLengthMs(options.warmupMs))} of warm-up, then profiled for ${formatSeconds(load.runLengthMs(options.durationMs))} ` +
        `while ${CONNECTIONS} connections ask for a 1 KB page; V8's sampling profiler, one sample every 100 µs; all on 127.0.0.1`,
    ],
    noPicture,
    command: options.command,
  });
}

async function profileStep(
  step: number,
  args: string[],
  env: Record<string, string>,
  site: string,
  load: ReturnType<typeof chooseLoadGenerator>,
  options: BenchOptions,
): Promise<StepProfile> {
  const port = await freePort();
  const { command, args: pinned } = onCore(SERVER_CORE, { command: process.execPath, args: ['--import', PRELOAD, ...args, '--step', String(step)] });
  const child = spawn(command, pinned, {
    cwd: LESSON_DIR,
    env: { ...process.env, ...env, PORT: String(port), SITE_DIR: site, NO_COLOR: '1', FORCE_COLOR: '0' },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    ...treeSpawnOptions,
  });
  track(child);
  const server = new ServerProcess(child, port);
  try {
    await server.ready(15_000);
    const spec = { url: server.url('/'), connections: CONNECTIONS, durationMs: options.durationMs };
    if (options.warmupMs > 0) await load.requests({ ...spec, durationMs: options.warmupMs });
    await ask(child, { profile: 'start' }, 'started');
    const result = await load.requests(spec);
    const file = path.join(PROFILE_FOLDER, `lesson-14-step-${step}.cpuprofile`);
    await ask(child, { profile: 'stop', file }, 'written');
    const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
    return { step, requests: result.requests, seconds: result.seconds, top: bottomUp(profile, root).slice(0, ROWS), file };
  } finally {
    await server.stop();
  }
}

/** Sends the preload a message and waits for its answer (or for the server to die). */
async function ask(child: ReturnType<typeof spawn>, message: object, answer: string): Promise<void> {
  const answered = new Promise<void>((resolve) => {
    const listen = (reply: { profile?: string }) => {
      if (reply?.profile !== answer) return;
      child.off('message', listen);
      resolve();
    };
    child.on('message', listen);
  });
  child.send(message);
  const exited = once(child, 'exit').then(() => {
    throw new Error('the server exited while it was being profiled');
  });
  await Promise.race([answered, exited]);
}

export interface ProfileReportContext {
  header: string[];
  /** Why there are no pictures, when there are none. */
  noPicture: string | undefined;
  command: string;
}

export function renderProfileReport(profiles: readonly StepProfile[], context: ProfileReportContext): string {
  const sections = profiles.flatMap((profile) => [
    `### Step ${profile.step}: ${formatNumber(profile.requests / profile.seconds)} requests/s while profiled`,
    '',
    renderTable(
      ['self time', 'function', 'where'],
      profile.top.map((row) => [`${(row.share * 100).toFixed(1)} %`, row.name, row.where || '(native)']),
      ['right', 'left', 'left'],
    ),
    '',
    `Profile: \`${path.relative(root, profile.file)}\`${profile.picture ? `; in DevTools: \`${path.relative(root, profile.picture)}\`` : ''}`,
    '',
  ]);
  return [
    ...context.header,
    '',
    'Self time is the share of the samples in which that function itself was running (not the ones it called):',
    "DevTools' Bottom-up view, sorted by self time. `(idle)` is the event loop waiting: for the next",
    'request, or for the thread pool to finish a file system call. `(native)` is code in C++ inside Node:',
    'most often the call into the system that a function of the same name in `node:fs` or `node:net` makes.',
    '',
    ...sections,
    'Open a profile in Chromium: DevTools (F12), Performance, "Load profile..." (Ctrl+O), then the Bottom-up tab.',
    ...(context.noPicture ? [`No pictures: ${context.noPicture}.`] : []),
    '',
    `Reproduce: \`${context.command}\``,
  ].join('\n');
}
