import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'grader',
    include: ['test/**/*.test.ts'],
    // The fixture classes hold student submissions, some with their own (edited) test files: graded, never run.
    exclude: ['test/fixtures/**', '**/node_modules/**'],
    testTimeout: 60_000,
  },
});
