/**
 * Starts the process of a program under test: its node command line (launch.ts), the memory cap
 * a grader sets, and the spawn options that let killTree reach everything it starts. startProgram
 * (a server) and runProgram (a program that exits) both start their programs here.
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { launch } from './launch.ts';
import { treeSpawnOptions } from './tree-kill.ts';

export interface SpawnRequest {
  file: string;
  /** The program's own arguments: process.argv[2] onwards. */
  args?: string[];
  cwd?: string | undefined;
  env: Record<string, string | undefined>;
  /** Options for node itself, before the program's file. */
  nodeArgs?: string[];
  /** Load the kit's preload, which reports when and where a server listens. */
  preload: boolean;
  stdio: StdioOptions;
}

export interface Spawned {
  child: ChildProcess;
  /** Removes what was built for this run; call it once the program has ended. */
  cleanUp(): void;
}

export async function spawnProgram(request: SpawnRequest): Promise<Spawned> {
  // A grader caps the memory of every program the tests start.
  const memoryMb = process.env.WORKBOOK_MAX_OLD_SPACE_MB;
  const nodeArgs = [...(memoryMb ? [`--max-old-space-size=${memoryMb}`] : []), ...(request.nodeArgs ?? [])];
  const { args, env, cleanUp } = await launch(request.file, { preload: request.preload });
  const child = spawn(process.execPath, [...nodeArgs, ...args, ...(request.args ?? [])], {
    cwd: request.cwd,
    env: { ...request.env, ...env },
    stdio: request.stdio,
    ...treeSpawnOptions,
  });
  return { child, cleanUp };
}
