#!/usr/bin/env node
// The CLI is written in TypeScript. tsImport compiles just its own files on the fly, so there is
// no build step.
import { tsImport } from 'tsx/esm/api';

// `pnpm workbook hint ex02 | head -3` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const { main } = await tsImport('../src/main.ts', import.meta.url);
// Vitest is large, and loading it through tsx's hooks triples its start-up time, so it is loaded
// from here, where Node loads it directly.
process.exitCode = await main(process.argv.slice(2), { loadVitest: () => import('vitest/node') });
