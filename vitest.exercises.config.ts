import { configDefaults, defineConfig } from 'vitest/config';

// The exercises' tests. `workbook test exercises/ex02` loads this file alone (a student's loop
// starts faster without the lesson packages' projects); the root config includes it as a project.
export default defineConfig({
  test: {
    name: 'exercises',
    include: ['exercises/*/*.test.ts'],
    // A student's server is a separate process the tests start, not an import, so watch mode
    // would not see it change: re-run when any exercise or solution file is saved.
    forceRerunTriggers: [...configDefaults.forceRerunTriggers, '**/exercises/**', '**/solutions/**'],
    testTimeout: 15_000,
    hookTimeout: 20_000,
  },
});
