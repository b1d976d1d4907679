/**
 * `pnpm bench loop`: how long a student waits between saving a file and seeing the result, in the
 * watch view (`pnpm workbook watch`), against running `pnpm test exercises/ex02` by hand after
 * each save. The watch view runs in a real pseudo-terminal and the clock stops when the new
 * result is on its screen; the plain run is timed from the command to its exit.
 *
 * Each save swaps ex02's file between the starter (0 of 5 checks pass) and the reference solution
 * (all 5 pass), so every save has a different result to wait for.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openTerminal, terminalFound, TERMINAL_SKIP_NOTICE } from '@workbook/testkit/terminal';
import { defineBenchmark, type BenchOptions } from '../benchmark.ts';
import { describeDate, describeLoad, describeMachine } from '../machine.ts';
import { spread, type Spread } from '../statistics.ts';
import { formatRatio, formatSpread, renderTable } from '../table.ts';
import { root } from '@workbook/course';

const bin = path.join(root, 'packages', 'cli', 'bin', 'workbook.mjs');
const versions = {
  failing: { file: path.join(root, 'exercises', 'ex02-happy-server', '.starter', 'server.ts'), shows: '0 of 5 checks pass' },
  passing: { file: path.join(root, 'solutions', 'ex02-happy-server', 'server.ts'), shows: 'all 5 checks pass' },
};

/**
 * `pnpm test ...` as typed: through pnpm when the bench itself runs under pnpm (it names its own
 * script in npm_execpath), else the workbook command directly.
 */
function plainRun(target: string): { label: string; run: () => void } {
  const pnpm = process.env.npm_execpath;
  const args = pnpm ? [pnpm, 'test', target] : [bin, 'test', target];
  return {
    label: pnpm ? `\`pnpm test ${target}\`, once after each save` : `\`workbook test ${target}\` (no pnpm found), once after each save`,
    run: () => void spawnSync(process.execPath, args, { cwd: root, stdio: 'ignore', env: { ...process.env, CI: '' } }),
  };
}

function timeIt(run: () => void): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

/** Saves into a watch view and times each result's arrival on the screen. */
async function timeWatch(saves: number, progress: (line: string) => void): Promise<number[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'workbook-bench-loop-'));
  const file = path.join(dir, 'exercises', 'ex02-happy-server', 'server.ts');
  mkdirSync(path.dirname(file), { recursive: true });
  copyFileSync(versions.failing.file, file);
  const term = openTerminal({ args: [bin, 'watch', 'ex02', '--dir', path.join(dir, 'exercises')], env: { NO_COLOR: '1', CI: undefined } });
  try {
    await term.waitFor(versions.failing.shows, 60_000);
    const times: number[] = [];
    for (let save = 1; save <= saves; save++) {
      const version = save % 2 === 1 ? versions.passing : versions.failing;
      const start = performance.now();
      copyFileSync(version.file, file);
      await term.waitFor(new RegExp(`${version.shows}.*\\(saved`), 60_000);
      times.push(performance.now() - start);
      progress(`  save ${save}: ${Math.round(times.at(-1) ?? 0)} ms`);
    }
    return times;
  } finally {
    await term.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runLoopBench(options: BenchOptions): Promise<string> {
  if (!terminalFound) return `## pnpm bench loop\n\nNot measured: the watch view is timed in a pseudo-terminal, and this machine has none (${TERMINAL_SKIP_NOTICE}).`;
  const load = describeLoad();
  const saves = options.quick ? 3 : 9;

  options.progress(`the watch view: ${saves} saves`);
  const watch: Spread = spread(await timeWatch(saves, options.progress));

  const failing = plainRun('exercises/ex02');
  const passing = plainRun('solutions/ex02');
  options.progress(`${failing.label}: ${saves} runs`);
  const plain: Spread = spread(Array.from({ length: saves }, (_, index) => timeIt(index % 2 === 0 ? passing.run : failing.run)));

  const seconds = (s: Spread) => formatSpread({ ...s, median: s.median / 1000, min: s.min / 1000, max: s.max / 1000 });
  const rows = [
    [failing.label, seconds(plain), '1.00×'],
    ['`pnpm workbook watch ex02`: save, result on screen', seconds(watch), formatRatio(watch.median, plain.median)],
  ];
  return [
    '## pnpm bench loop: from saving a file to the result',
    '',
    `${describeMachine()}; ${describeDate()}${load ? `; ${load}` : ''}. Reproduce: \`${options.command}\``,
    '',
    renderTable(['After each save', 'Seconds, median (min–max)', 'Time vs pnpm test'], rows),
    '',
    `${saves} saves each, alternating ex02's starter (0 of 5 checks pass) and its solution (all 5 pass); ` +
      'the plain runs alternate `pnpm test exercises/ex02` and `pnpm test solutions/ex02` the same way. ' +
      'The watch view keeps vitest open between runs; a plain run starts pnpm, vitest and its workers every time.',
  ].join('\n');
}

export default defineBenchmark({
  name: 'loop',
  description: 'the student loop: from saving a file to the result, in pnpm workbook watch against pnpm test exercises/ex02 after each save',
  run: runLoopBench,
});
