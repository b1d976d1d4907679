/**
 * The watch view: the tests of one exercise run on every save, and the screen shows how many
 * checks pass and the first one that does not. Keys: h the next hint, n the next exercise once
 * this one passes, l the list of exercises, r run again, q quit.
 */
import { nextHint } from '../hints.ts';
import type { StudentCopy } from '../student.ts';
import type { Exercise } from '@workbook/course';
import { boardRows } from './board-view.ts';
import { chooseFromBoard, renderBoard } from './board-keys.ts';
import { allPass } from './exercise-result.ts';
import { FileWatcher } from './file-watcher.ts';
import { listenForKeys, type Key } from './keys.ts';
import type { Screen } from './screen.ts';
import type { TestSession } from './test-session.ts';
import { renderWatch, type WatchState } from './watch-view.ts';

export interface WatchOptions {
  copy: StudentCopy;
  exercises: Exercise[];
  session: TestSession;
  screen: Screen;
  exercise: Exercise;
  /** Poll for saves only: for folders whose file-system events never arrive. */
  pollOnly?: boolean;
}

/** Runs until q (or Ctrl+C, or the end of piped input); resolves with the exit code. */
export function watchExercise(options: WatchOptions): Promise<number> {
  const { copy, exercises, session, screen } = options;
  let state: WatchState;
  let watcher: FileWatcher | undefined;
  /** A save came while the checks ran: run them again once they finish. */
  let again: string | undefined;
  let inList = false;
  let quitting = false;
  let stopKeys = () => {};
  let finish: (code: number) => void = () => {};

  const draw = () => {
    if (inList) return;
    // Without a terminal every view stays on the page: print the results, not each "running".
    if (!screen.interactive && state.running) return;
    screen.show(renderWatch(state, screen));
  };
  const nextOf = (exercise: Exercise) => exercises[exercises.indexOf(exercise) + 1];

  async function run(trigger: string): Promise<void> {
    if (state.running) {
      again = trigger;
      return;
    }
    state = { ...state, running: true, trigger };
    delete state.notice;
    draw();
    const started = performance.now();
    const exercise = state.exercise;
    const result = await session.run(exercise).catch((error: unknown) => ({ passed: 0, total: 0, runError: String((error as Error)?.stack ?? error) }));
    // The student may have moved to another exercise, or quit, while this one ran.
    if (state.exercise !== exercise || quitting) return;
    state = { ...state, running: false, result, seconds: (performance.now() - started) / 1000 };
    draw();
    if (again !== undefined) {
      const why = again;
      again = undefined;
      await run(why);
    }
  }

  function open(exercise: Exercise): void {
    watcher?.close();
    const files = copy.filesOf(exercise);
    const next = nextOf(exercise);
    state = { exercise, files: files.map((file) => copy.show(file)), running: false, trigger: 'started', ...(next && { next }) };
    watcher = new FileWatcher(files, () => void run('saved'), { pollOnly: options.pollOnly ?? false });
    void run('started');
  }

  function showHint(): void {
    const { exercise } = state;
    const hint = nextHint(copy, exercise);
    if (!hint) {
      state = { ...state, notice: `${exercise.id} has no hints.` };
      return draw();
    }
    state = { ...state, hint };
    if (hint.again) state.notice = `That was the last hint of ${exercise.id}.`;
    else delete state.notice;
    draw();
  }

  async function showList(): Promise<void> {
    if (!screen.interactive) {
      const rows = await boardRows(exercises, copy, session);
      screen.show(renderBoard(rows, exercises.indexOf(state.exercise), { leave: 'back' }));
      return;
    }
    inList = true;
    stopKeys();
    screen.show(['Running the tests of every exercise you started…']);
    const rows = await boardRows(exercises, copy, session);
    const chosen = await chooseFromBoard(screen, rows, exercises.indexOf(state.exercise), { leave: 'back' });
    inList = false;
    stopKeys = listenForKeys(onKey);
    if (chosen && chosen !== state.exercise) open(chosen);
    else draw();
  }

  function quit(): void {
    if (quitting) return;
    quitting = true;
    watcher?.close();
    stopKeys();
    process.stdin.off('end', quit);
    screen.close(`Stopped watching ${state.exercise.id}.`);
    finish(0);
  }

  function onKey(key: Key): void {
    if (key === 'q' || key === 'ctrl-c') return quit();
    if (key === 'r') return void run('r pressed');
    if (key === 'h') return showHint();
    if (key === 'l') return void showList();
    if (key === 'n') {
      const passed = state.result !== undefined && allPass(state.result);
      const next = nextOf(state.exercise);
      if (passed && next) return open(next);
      state = { ...state, notice: next ? `n opens ${next.id} once every check of ${state.exercise.id} passes.` : 'This is the last exercise.' };
      return draw();
    }
  }

  return new Promise((resolve) => {
    finish = resolve;
    stopKeys = listenForKeys(onKey);
    // Piped input that ends (a script, a test) ends the watch, as q would.
    if (!process.stdin.isTTY) process.stdin.once('end', quit);
    open(options.exercise);
  });
}
