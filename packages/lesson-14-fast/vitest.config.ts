import { defineConfig } from 'vitest/config';

// Without a config of its own, vitest run from this folder would find the workbook's root config
// and look for `packages/*` under here. This file makes the lesson a project that runs alone, and
// the root config still picks it up as one of its projects.
export default defineConfig({
  test: {
    name: 'lesson-14-fast',
    include: ['test/**/*.test.ts'],
    // Lesson 4's large-file test runs here too, against each step; the rest take milliseconds.
    testTimeout: 30_000,
  },
});
