#!/usr/bin/env node
// The CLI is written in TypeScript. tsImport compiles just its own files on the fly, so there is
// no build step.
import { tsImport } from 'tsx/esm/api';

const { main } = await tsImport('../src/main.ts', import.meta.url);
// Vitest is large, and loading it through tsx's hooks triples its start-up time, so it is loaded
// from here, where Node loads it directly.
process.exitCode = await main(process.argv.slice(2), { loadVitest: () => import('vitest/node') });
