/** `pnpm grade`: the workbook command hands it the arguments, and the grader does the rest. */
export { grade } from './command.ts';
