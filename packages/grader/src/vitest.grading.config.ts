import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vitest/config';
import exercises from '../../../vitest.exercises.config.ts';
import HiddenLast from './hidden-last.ts';
import { hiddenTestsVariable } from './hidden-tests.ts';

// The exercises' own config (the one `pnpm test exercises/ex02` uses), plus what grading needs:
// the submission's copy filled before the tests start, each test file starting its random values
// from the seed, as it does on the student's machine, and the instructor's hidden tests, if any,
// after the public ones.
const hidden = process.env[hiddenTestsVariable];
const testkit = fileURLToPath(new URL('../../testkit/src/index.ts', import.meta.url));

export default mergeConfig(
  exercises,
  defineConfig({
    // A hidden tests' folder outside the workbook finds the kit all the same.
    resolve: { alias: [{ find: /^@workbook\/testkit$/, replacement: testkit }] },
    test: {
      ...(hidden && { include: ['exercises/*/*.test.ts', `${hidden.split('\\').join('/')}/*/*.test.ts`] }),
      globalSetup: [fileURLToPath(new URL('./fill-copy.ts', import.meta.url))],
      setupFiles: [fileURLToPath(new URL('./fresh-random.ts', import.meta.url))],
      sequence: { sequencer: HiddenLast },
    },
  }),
);
