/**
 * The servers `pnpm bench fast` compares, in the order of its table: lesson 14's five steps,
 * lesson 4 as shipped, the npm file servers, the 20-line node:http server, and nginx.
 *
 * The workbook's own servers (lesson 14, lesson 4, the minimal one) start as `pnpm workbook run`
 * starts them: each main.ts built once by the kit into one JavaScript file and run with plain
 * node, so tsx's loader is not in the figures (nor in the memory). Lesson 14's main.ts holds step
 * 5, which forks workers and so stays under tsx, as the kit runs it too; steps 1 to 4 start from
 * servers/fast-one-process.ts instead, the same steps from the lesson's steps.ts without step 5,
 * so they are built like the rest.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { root } from '@workbook/course';
import { type Launch, launch } from '@workbook/testkit';
import { findOnPath } from '../executables.ts';
import { type FileServer, httpServerPackage, servePackage, sirvPackage } from '../files/servers.ts';
import { canPin, LOAD_CORE, SERVER_CORE } from '../pinning.ts';
import type { ServerLaunch } from '../server-process.ts';
import { nginxServer } from '../servers/nginx.ts';

export const LESSON_14_DIR = path.join(root, 'packages', 'lesson-14-fast');
export const LESSON_4_DIR = path.join(root, 'packages', 'lesson-04-file-server');
const MINIMAL_MAIN = fileURLToPath(new URL('../servers/minimal-file-server.ts', import.meta.url));
export const ONE_PROCESS_MAIN = fileURLToPath(new URL('../servers/fast-one-process.ts', import.meta.url));

/** Step 5's workers: two, one per core of a 2-core machine (its own default is the core count). */
export const STEP_5_WORKERS = 2;

/** A row of the fast table; the steps of lesson 14 say which step they are. */
export interface FastServer extends FileServer {
  step?: number;
  /** The step-5 row given both cores instead of the server's one. */
  bothCores?: boolean;
}

const STEPS: { step: number; about: string; flags?: string[] }[] = [
  { step: 1, about: "measure first: lesson 4's server with a console.log per request" },
  { step: 2, about: "the request log written a batch at a time (lesson 4's server as shipped)" },
  { step: 3, about: 'what the file system said, cached: paths, stat results, ETags, small files in memory' },
  { step: 4, about: 'sending: one write for a small file, bigger pieces for a big one, precompressed siblings' },
  { step: 5, about: `more cores: step 4 in ${STEP_5_WORKERS} worker processes sharing one port (cluster)`, flags: ['--workers', String(STEP_5_WORKERS)] },
];

export interface FastContenders {
  servers: FastServer[];
  /** How the workbook's servers were started, for the report's header. */
  startedAs: string;
  /** Removes the builds and nginx's temporary folder. */
  cleanUp(): void;
}

/** A main.ts built by the kit, or why it could not be. */
async function build(main: string): Promise<Launch | string> {
  if (!existsSync(main)) return `not found: there is no ${path.relative(root, main)} yet`;
  try {
    return await launch(main, { preload: false });
  } catch (error) {
    return `it does not build: ${(error as Error).message.split('\n')[0]}`;
  }
}

function howItRuns(built: Launch | string): string {
  if (typeof built === 'string') return '';
  return built.viaTsx ? 'run through tsx, because it starts processes of its own' : 'built by the kit, run with plain node';
}

/** A workbook server: its build, its flags, and the environment lesson 4's main reads. */
function workbookServer(name: string, about: string, built: Launch | string, cwd: string, flags: string[] = []): FastServer {
  return {
    name,
    about,
    launch: (dir, port) => {
      if (typeof built === 'string') return built;
      return { command: process.execPath, args: [...built.args, ...flags], cwd, env: { ...built.env, PORT: String(port), HOST: '127.0.0.1', SITE_DIR: dir } };
    },
  };
}

/**
 * The server pinning puts on core 0, widened to both cores: taskset again, inside the first one.
 * The load generator keeps core 1, so the server's second core is shared with it.
 */
function onBothCores(server: FastServer): FastServer {
  const taskset = findOnPath('taskset');
  return {
    ...server,
    launch: (dir, port) => {
      if (!canPin() || !taskset) return 'cores are not pinned on this machine, so the row above already had every core';
      const inner = server.launch(dir, port);
      if (typeof inner === 'string') return inner;
      const widened: ServerLaunch = { ...inner, command: taskset, args: ['-c', `${SERVER_CORE},${LOAD_CORE}`, inner.command, ...inner.args] };
      return widened;
    },
  };
}

export async function fastContenders(lesson14Dir = LESSON_14_DIR, lesson4Dir = LESSON_4_DIR): Promise<FastContenders> {
  const [lesson14, oneProcess, lesson4, minimal] = await Promise.all([
    build(path.join(lesson14Dir, 'src', 'main.ts')),
    build(ONE_PROCESS_MAIN),
    build(path.join(lesson4Dir, 'src', 'main.ts')),
    build(MINIMAL_MAIN),
  ]);
  const shown = (dir: string) => path.relative(root, dir) || dir;
  const steps = STEPS.map(({ step, about, flags = [] }) => {
    const built = step === 5 ? lesson14 : oneProcess;
    const entry = step === 5 ? `${shown(lesson14Dir)}/src/main.ts` : 'packages/bench/src/servers/fast-one-process.ts';
    const how = howItRuns(built);
    const server: FastServer = {
      ...workbookServer(
        `lesson 14, step ${step}`,
        `${about} (\`${entry} --step ${step}${flags.length ? ` ${flags.join(' ')}` : ''}\`${how && `, ${how}`})`,
        built,
        lesson14Dir,
        ['--step', String(step), ...flags],
      ),
      step,
    };
    return server;
  });
  const last = steps.at(-1)!;
  const lastOnBoth: FastServer = {
    ...onBothCores(last),
    name: `${last.name}, 2 cores`,
    about: `step 5 again, its processes allowed on both cores (taskset -c ${SERVER_CORE},${LOAD_CORE}), so they share core ${LOAD_CORE} with the load generator`,
    bothCores: true,
  };
  delete lastOnBoth.step;
  const nginx = nginxServer();
  const servers: FastServer[] = [
    ...steps,
    lastOnBoth,
    workbookServer(
      'lesson 4',
      `the lesson's file server as shipped (\`${shown(lesson4Dir)}/src/main.ts\`${howItRuns(lesson4) && `, ${howItRuns(lesson4)}`})`,
      lesson4,
      lesson4Dir,
    ),
    sirvPackage,
    httpServerPackage,
    servePackage,
    workbookServer(
      'node:http minimal',
      `node:http and fs.createReadStream in 20 lines (packages/bench/src/servers/minimal-file-server.ts${howItRuns(minimal) && `, ${howItRuns(minimal)}`})`,
      minimal,
      path.dirname(MINIMAL_MAIN),
    ),
    typeof nginx === 'string' ? { name: 'nginx', about: 'the Debian package nginx, started with a config of its own', launch: () => nginx } : nginx,
  ];
  return {
    servers,
    startedAs: `lesson 14, lesson 4 and the node:http minimal server start as \`pnpm workbook run\` starts them: main.ts built by the kit, run with plain node${
      typeof lesson14 !== 'string' && lesson14.viaTsx
        ? " (lesson 14's step 5 through tsx: it starts processes of its own; its steps 1 to 4 from packages/bench/src/servers/fast-one-process.ts, built)"
        : ''
    }; each with PORT, HOST=127.0.0.1 and SITE_DIR`,
    cleanUp() {
      for (const built of [lesson14, oneProcess, lesson4, minimal]) if (typeof built !== 'string') built.cleanUp();
      if (typeof nginx !== 'string') nginx.cleanUp();
    },
  };
}
