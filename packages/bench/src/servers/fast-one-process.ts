/**
 * Lesson 14's steps 1 to 4, started as the lesson's own main.ts starts them, from its steps.ts,
 * for `pnpm bench fast` and `pnpm bench profile`. main.ts also holds step 5, which imports
 * node:cluster, so the kit runs it through tsx, and tsx's loader would add about 37 MB to every
 * memory figure. This file has the same steps without step 5, so the kit builds it and plain node
 * runs it, as it runs every other lesson. Serves SITE_DIR on 127.0.0.1:PORT; `--step N` picks.
 */
import { parseArgs } from 'node:util';
import { isOneProcessStep, STEPS } from 'lesson-14-fast/src/steps.ts';

const { values } = parseArgs({ options: { step: { type: 'string', default: '4' } } });
const step = values.step;
if (!isOneProcessStep(step)) throw new Error(`fast-one-process.ts runs steps 1 to 4, not "${step}"`);
await STEPS[step].listen({ port: Number(process.env.PORT), host: '127.0.0.1', siteDir: process.env.SITE_DIR ?? '.' });
