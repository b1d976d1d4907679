import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vitest/config';
import exercises from '../../../../vitest.exercises.config.ts';

// The exercises' own config (the one `pnpm test exercises/ex02` uses), plus what grading needs:
// each test file starts its random values from the seed, as it does on the student's machine.
export default mergeConfig(
  exercises,
  defineConfig({
    test: {
      setupFiles: [fileURLToPath(new URL('./fresh-random.ts', import.meta.url))],
    },
  }),
);
