/**
 * Runs a program that is meant to finish (a load generator), within a time limit, and collects
 * what it printed. A program still running at the limit is killed with everything it started,
 * so a stuck measurement cannot hold up the benchmark, or outlive it.
 */
import { spawn } from 'node:child_process';
import { killTree, track, treeSpawnOptions } from '@workbook/testkit';
import type { Command } from './pinning.ts';

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runToEnd({ command, args }: Command, timeLimitMs: number): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...treeSpawnOptions });
    track(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    // Only the end of stderr is worth keeping: it says why a program failed.
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    const timer = setTimeout(() => {
      killTree(child);
      reject(new Error(`${command} ${args.join(' ')} was still running after ${Math.round(timeLimitMs / 1000)} s, so it was stopped.`));
    }, timeLimitMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
