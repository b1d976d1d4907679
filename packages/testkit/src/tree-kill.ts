/**
 * Kills a process and everything it started, on every system.
 *
 * On Linux and macOS the program runs as the leader of its own process group, so one signal to
 * the negative pid reaches its children too. Windows has no process groups; `taskkill /T` walks
 * the tree instead.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';

/** Options to pass to `spawn` so that `killTree` can reach the whole tree later. */
export const treeSpawnOptions = { detached: process.platform !== 'win32', windowsHide: true } as const;

export function killTree(child: ChildProcess): void {
  if (child.pid === undefined) return;
  if (process.platform === 'win32') {
    spawnSync('taskkill', ['/pid', String(child.pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true });
    return;
  }
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // The group is already gone.
  }
}
