import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vitest/config';
import exercises from '../../../vitest.exercises.config.ts';

// The exercises' own config (the one `pnpm test exercises/ex02` uses), plus what grading needs:
// the submission's copy filled before the tests start, and each test file starting its random
// values from the seed, as it does on the student's machine.
export default mergeConfig(
  exercises,
  defineConfig({
    test: {
      globalSetup: [fileURLToPath(new URL('./fill-copy.ts', import.meta.url))],
      setupFiles: [fileURLToPath(new URL('./fresh-random.ts', import.meta.url))],
    },
  }),
);
