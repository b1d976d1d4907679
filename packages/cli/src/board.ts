/**
 * The progress board (`pnpm start`, `pnpm workbook`): every exercise, its lesson, how far along it
 * is, and what to do next. The status comes from running the tests, never from a saved file.
 *
 * Without a terminal (piped, in CI) it prints once and exits. On a terminal the current exercise
 * is highlighted and the arrow keys move through the list: Enter watches the chosen exercise.
 */
import { pc } from '@workbook/testkit/color';
import { boardRows, currentRow, renderRows, rowPasses, type BoardRow } from './loop/board-view.ts';
import { chooseFromBoard } from './loop/board-keys.ts';
import { Screen } from './loop/screen.ts';
import { TestSession } from './loop/test-session.ts';
import { watchExercise } from './loop/watch.ts';
import { StudentCopy } from './student.ts';
import { fileNames, loadExercises } from '@workbook/course';

function summary(rows: BoardRow[]): string[] {
  const done = rows.filter(rowPasses).length;
  const lines = ['', `  ${done} of ${rows.length} exercises pass.`];
  const next = rows.find((row) => !rowPasses(row));
  if (!next) return [...lines, pc.green('\nEvery exercise passes. Well done!')];
  const { exercise } = next;
  return [
    ...lines,
    '',
    `Next: ${exercise.id}, ${exercise.title}.`,
    `  Read   exercises/${exercise.slug}/README.md`,
    `  Edit   exercises/${exercise.slug}/${fileNames(exercise, 'edit').join(', ')}`,
    `  Check  ${pc.cyan(`pnpm workbook watch ${exercise.id}`)}   (once: pnpm test exercises/${exercise.id})`,
  ];
}

/** `exercisesDir` shows the board for another copy of exercises/, such as a student's submission. */
export async function board(exercisesDir?: string): Promise<number> {
  const copy = new StudentCopy(exercisesDir);
  const exercises = loadExercises();
  const screen = new Screen();
  const session = new TestSession(copy);
  try {
    const started = exercises.filter((exercise) => copy.isStarted(exercise));
    if (started.length && screen.interactive) console.log(pc.dim(`Running the tests of ${started.map((e) => e.id).join(', ')} …`));
    const rows = await boardRows(exercises, copy, session);
    const interactive = screen.interactive && process.stdin.isTTY;
    if (!interactive) {
      console.log([pc.bold('\nHTTP Workbook: your progress\n'), ...renderRows(rows), ...summary(rows)].join('\n'));
      return 0;
    }
    const chosen = await chooseFromBoard(screen, rows, currentRow(rows), { below: summary(rows), leave: 'quit' });
    if (chosen === undefined) return 0;
    return await watchExercise({ copy, exercises, session, screen, exercise: chosen });
  } finally {
    await session.close();
  }
}
