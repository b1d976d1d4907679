import { defineConfig } from 'vitest/config';

// Without a config of its own, vitest run from this folder would find the workbook's root config
// and look for `packages/*` under here. This file makes the lesson a project that runs alone, and
// the root config still picks it up as one of its projects.
export default defineConfig({
  test: {
    name: 'lesson-13-https',
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
