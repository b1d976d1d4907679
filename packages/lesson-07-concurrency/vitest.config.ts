import { defineConfig } from 'vitest/config';

// Without a config of its own, vitest run from this folder would find the workbook's root config
// and look for `packages/*` under here. This file makes the lesson a project that runs alone, and
// the root config still picks it up as one of its projects.
export default defineConfig({
  test: {
    name: 'lesson-07-concurrency',
    include: ['test/**/*.test.ts'],
    // Every test starts a server as a separate program (some start several processes or threads),
    // which takes a moment on a slow machine.
    testTimeout: 15_000,
    hookTimeout: 20_000,
  },
});
