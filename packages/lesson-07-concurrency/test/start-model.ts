/**
 * Starts a model the way you would, `node src/main.ts --model <name>`, as a real program on a free
 * port: the processes and threads models start processes and threads of their own, and a test
 * inside vitest's worker could not host them faithfully. Stopping kills the whole process tree.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort, Program, treeSpawnOptions } from '@workbook/testkit';
import type { ModelName } from '../src/models.ts';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const mainFile = fileURLToPath(new URL('../src/main.ts', import.meta.url));

/** Two workers are enough to see work spread out, and keep the tests light on a small machine. */
export async function startModel(model: ModelName, flags: string[] = []): Promise<Program> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', mainFile, '--model', model, '--workers', '2', '--quiet', ...flags], {
    cwd: packageDir,
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    ...treeSpawnOptions,
  });
  const program = new Program(mainFile, port, child);
  await program.ready(15_000);
  return program;
}
