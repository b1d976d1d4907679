import { defineConfig } from 'vitest/config';

// One vitest run covers the whole workbook: each package in packages/ is its own project, and the
// exercises are one more. The `workbook test` command picks what to run and against which files
// (the student's exercises, the reference solutions, or the untouched starters).
export default defineConfig({
  test: {
    projects: ['packages/*', './vitest.exercises.config.ts'],
  },
});
