import { defineConfig } from 'vitest/config';

// Without a config of its own, vitest run here would climb up to the workspace's config, whose
// project globs only make sense from the repository root, and find no tests.
export default defineConfig({
  test: {
    name: 'lesson-01-raw-socket',
  },
});
