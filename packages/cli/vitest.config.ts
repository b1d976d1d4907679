import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'cli',
    include: ['test/**/*.test.ts'],
    // The fixture class holds student submissions, one with its own (edited) test file: graded, never run.
    exclude: ['test/fixtures/**', '**/node_modules/**'],
    testTimeout: 60_000,
  },
});
