/**
 * The board as a list to choose from, on a terminal: the arrow keys (or j and k) move, Enter
 * picks, q or Esc leaves without picking.
 */
import { pc } from '@workbook/testkit/color';
import type { Exercise } from '@workbook/course';
import { renderRows, type BoardRow } from './board-view.ts';
import { listenForKeys, type Key } from './keys.ts';
import type { Screen } from './screen.ts';

export interface BoardChoice {
  /** Lines under the list: the summary and the next step. */
  below?: string[];
  /** What q does here: "quit" from `pnpm start`, "back" from the watch view. */
  leave: 'quit' | 'back';
}

function keysLine(leave: BoardChoice['leave']): string {
  return [`${pc.bold('↑ ↓')} choose`, `${pc.bold('Enter')} watch it`, `${pc.bold('q')} ${leave}`].join(pc.dim(' · '));
}

export function renderBoard(rows: BoardRow[], selected: number, choice: BoardChoice = { leave: 'quit' }): string[] {
  return [pc.bold('HTTP Workbook: your progress'), '', ...renderRows(rows, selected), ...(choice.below ?? []), '', keysLine(choice.leave)];
}

/** Shows the list until a row is picked (its exercise) or the list is left (undefined). */
export function chooseFromBoard(screen: Screen, rows: BoardRow[], start: number, choice: BoardChoice): Promise<Exercise | undefined> {
  let selected = start;
  screen.show(renderBoard(rows, selected, choice));
  return new Promise((resolve) => {
    const stop = listenForKeys((key: Key) => {
      if (key === 'up' || key === 'k') selected = Math.max(0, selected - 1);
      else if (key === 'down' || key === 'j') selected = Math.min(rows.length - 1, selected + 1);
      else if (key === 'enter' || key === 'w') {
        stop();
        resolve(rows[selected]?.exercise);
        return;
      } else if (key === 'q' || key === 'escape' || key === 'ctrl-c' || key === 'l') {
        stop();
        resolve(undefined);
        return;
      }
      screen.show(renderBoard(rows, selected, choice));
    });
  });
}
