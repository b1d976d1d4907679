import { defineConfig } from 'vitest/config';

// Without a config of its own, vitest run from this folder would find the workbook's root config
// and look for `packages/*` under here. This file makes the lesson a project that runs alone, and
// the root config still picks it up as one of its projects.
export default defineConfig({
  test: {
    name: 'lesson-12-cookies-and-sessions',
    include: ['test/**/*.test.ts'],
    // The crash test starts the board as a real process, the browser test starts Chromium and signs
    // people up (scrypt, some tens of milliseconds each): seconds, not milliseconds, on a busy machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
