/**
 * A setup file of the grading config: runs before each test file. The grader runs a submission's
 * exercises in one process, one after the other; without this, each exercise would draw its random
 * paths where the one before stopped, and `WORKBOOK_SEED=<seed> pnpm test exercises/ex03` on the
 * student's machine would not send what the grader sent.
 */
import { random } from '@workbook/testkit';

random.reset();
