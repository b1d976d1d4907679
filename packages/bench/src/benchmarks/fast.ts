/** `pnpm bench fast`: lesson 14's steps against lesson 4, sirv, http-server, serve, bare node:http and nginx. */
import { defineBenchmark } from '../benchmark.ts';
import { runFast } from '../fast/run.ts';

export default defineBenchmark({
  name: 'fast',
  description: "lesson 14's steps against lesson 4, sirv, http-server, serve, bare node:http and nginx (ratios to sirv)",
  run: async (options) => (await runFast(options)).report,
});
