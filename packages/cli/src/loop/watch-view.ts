/**
 * What the watch view shows, drawn from its state alone: the exercise, how many checks pass, the
 * first failing check with the test kit's words, the last hint asked for, and the keys.
 */
import { pc } from '@workbook/testkit/color';
import type { Hint } from '../hints.ts';
import type { Exercise } from '@workbook/course';
import { allPass, checksLine, type ExerciseResult } from './exercise-result.ts';

export interface WatchState {
  exercise: Exercise;
  /** The student's files, as paths to show. */
  files: string[];
  running: boolean;
  /** Why the last run started: "started", "saved", "r pressed". */
  trigger: string;
  result?: ExerciseResult;
  seconds?: number;
  hint?: Hint;
  /** One line about the last key that could not do what it says (n before the exercise passes, say). */
  notice?: string;
  next?: Exercise;
}

export interface Size {
  rows: number;
  rowsOf(line: string): number;
}

function keys(state: WatchState): string {
  const passed = state.result !== undefined && allPass(state.result);
  const parts = [
    ...(passed && state.next ? [`${pc.bold('n')} next exercise`] : []),
    `${pc.bold('h')} hint`,
    `${pc.bold('r')} run again`,
    `${pc.bold('l')} list`,
    `${pc.bold('q')} quit`,
  ];
  return parts.join(pc.dim(' · '));
}

function resultLines(state: WatchState): string[] {
  const { result, exercise } = state;
  if (!result) return [pc.dim('Running the checks…')];
  const took = state.seconds === undefined ? '' : pc.dim(`  (${state.trigger}, ${state.seconds.toFixed(1)} s)`);
  if (allPass(result)) {
    return [
      pc.green(pc.bold(`✓ ${checksLine(result)}. ${exercise.id} is done!`)) + took,
      '',
      `The reference solution is unlocked: ${pc.cyan(`pnpm workbook solution ${exercise.id}`)}`,
      state.next ? `Next: ${state.next.id}, ${state.next.title}. Press ${pc.bold('n')}.` : pc.green('That was the last exercise. Well done!'),
    ];
  }
  const lines = [pc.yellow(pc.bold(`✗ ${checksLine(result)}`)) + took];
  if (result.firstFailure) {
    lines.push('', `${pc.bold('First failing check:')} ${result.firstFailure.name}`, ...result.firstFailure.message.split('\n').map((line) => `  ${line}`));
  } else if (result.runError) {
    lines.push('', pc.bold('The tests could not run:'), ...result.runError.split('\n').map((line) => `  ${line}`));
  }
  return lines;
}

/** Fits the lines into the screen: the message is cut first, the header and the keys always show. */
export function renderWatch(state: WatchState, size: Size): string[] {
  const header = [
    `${pc.bold(`${state.exercise.id} ${state.exercise.title}`)}${state.running && state.result ? pc.dim('  running the checks again…') : ''}`,
    pc.dim(`Watching ${state.files.join(', ')}: save to run the checks again.`),
    '',
  ];
  const hint = state.hint ? ['', pc.bold(`Hint ${state.hint.number} of ${state.hint.total}:`), ...state.hint.text.split('\n').map((line) => `  ${line}`)] : [];
  const footer = [...(state.notice ? ['', pc.yellow(state.notice)] : []), '', keys(state)];
  const body = resultLines(state);

  const used = (lines: string[]) => lines.reduce((sum, line) => sum + size.rowsOf(line), 0);
  const room = size.rows - 1 - used(header) - used(hint) - used(footer);
  if (used(body) <= room) return [...header, ...body, ...hint, ...footer];
  const kept: string[] = [];
  for (const line of body) {
    if (used(kept) + size.rowsOf(line) > room - 1) break;
    kept.push(line);
  }
  const cut = body.length - kept.length;
  const rest = pc.dim(`  … ${cut} more line${cut === 1 ? '' : 's'}: pnpm test exercises/${state.exercise.id} shows the whole message`);
  return [...header, ...kept, rest, ...hint, ...footer];
}
