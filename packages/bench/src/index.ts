/** `pnpm bench`: the workbook command hands it the arguments, and the bench does the rest. */
export { bench } from './command.ts';
