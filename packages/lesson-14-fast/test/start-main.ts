/**
 * Starts src/main.ts the way the benchmark and `pnpm workbook run` do, `node --import tsx
 * src/main.ts --step N`, as a real process on a free port. Step 5 starts processes of its own,
 * which a server inside vitest's worker could not host faithfully.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort, Program, treeSpawnOptions } from '@workbook/testkit';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
export const mainFile = fileURLToPath(new URL('../src/main.ts', import.meta.url));

export async function startMain(args: string[], env: Record<string, string> = {}): Promise<Program> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', mainFile, ...args], {
    cwd: packageDir,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', HOST: '127.0.0.1', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    ...treeSpawnOptions,
  });
  const program = new Program(mainFile, port, child);
  await program.ready(15_000);
  return program;
}
