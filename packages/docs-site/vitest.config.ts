import { defineConfig } from 'vitest/config';

// Without a config of its own, vitest run from this folder would find the workbook's root config
// and look for `packages/*` under here. This file makes the site a project that runs alone, and
// the root config still picks it up as one of its projects.
export default defineConfig({
  test: {
    name: 'docs-site',
    include: ['test/**/*.test.ts'],
    // The browser test builds the site, starts Chromium and opens every page: seconds, not
    // milliseconds, on a slow machine.
    testTimeout: 180_000,
    hookTimeout: 60_000,
  },
});
