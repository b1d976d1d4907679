import { defineConfig } from 'vitest/config';

// Without a config of its own, vitest run from this folder would find the workbook's root config
// and look for `packages/*` under here. This file makes the lesson a project that runs alone, and
// the root config still picks it up as one of its projects.
export default defineConfig({
  test: {
    name: 'lesson-11-streaming',
    include: ['test/**/*.test.ts'],
    // The browser test starts Chromium, and the backpressure test writes a 48 MB file: both take
    // seconds, not milliseconds, on a slow machine.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
