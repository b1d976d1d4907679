import { readdirSync } from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

// The exercises' tests. `workbook test exercises/ex02` loads this file alone (a student's loop
// starts faster without the lesson packages' projects); the root config includes it as a project.

const exercises = path.join(import.meta.dirname, 'exercises');

/** The test files of one exercise, such as exercises/ex02-happy-server/server.test.ts. */
function testsOf(slug: string): string[] {
  const dir = path.join(exercises, slug);
  return readdirSync(dir)
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => path.join(dir, name));
}

export default defineConfig({
  test: {
    name: 'exercises',
    include: ['exercises/*/*.test.ts'],
    testTimeout: 15_000,
    hookTimeout: 20_000,
    // The tests start a student's server as a separate process instead of importing it, so watch
    // mode cannot see that they depend on it. Saving any file of an exercise (or of its solution),
    // its pages and images included,
    // re-runs that exercise's tests.
    watchTriggerPatterns: [
      {
        pattern: /(?:exercises|solutions)[\\/](ex\d\d-[^\\/]+)[\\/].+(?<!\.test\.ts)$/,
        testsToRun: (_file, match) => (match[1] ? testsOf(match[1]) : []),
      },
    ],
  },
});
