/**
 * What a benchmark leaves behind is cleaned up however it ends: finished, failed, or stopped with
 * Ctrl+C. The programs it starts each run in their own process group (so killTree reaches their
 * children), which also means a Ctrl+C in the terminal does not reach them: they are killed here.
 * The folder of files it made is removed here too.
 */
import type { ChildProcess } from 'node:child_process';
import { killTree } from '@workbook/testkit';

const running = new Set<ChildProcess>();
const tasks = new Set<() => void>();
let listening = false;

function cleanUp(): void {
  running.forEach(killTree);
  running.clear();
  tasks.forEach((task) => task());
  tasks.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  cleanUp();
  // Ended by the signal, as the shell expects: 130 for Ctrl+C, 143 for SIGTERM.
  process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
}

function listen(): void {
  if (listening) return;
  listening = true;
  process.once('exit', cleanUp);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}

/** Kills `child` at the end unless it has exited by then. */
export function track(child: ChildProcess): void {
  listen();
  running.add(child);
  child.once('exit', () => running.delete(child));
}

/** Runs `task` (synchronous) at the end, unless the returned function is called first. */
export function atExit(task: () => void): () => void {
  listen();
  tasks.add(task);
  return () => tasks.delete(task);
}
