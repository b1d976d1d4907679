/** `pnpm bench files`: the lesson's file server against Python's, two npm packages, and bare node:http. */
import { defineBenchmark } from '../benchmark.ts';
import { runFiles } from '../files/run.ts';

export default defineBenchmark({
  name: 'files',
  description: "the lesson's file server against Python's, two npm packages and bare node:http",
  run: async (options) => (await runFiles(options)).report,
});
