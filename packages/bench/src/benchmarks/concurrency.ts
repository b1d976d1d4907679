/** `pnpm bench concurrency`: lesson 7's file server in each of its models, with and without a slow client. */
import { defineBenchmark } from '../benchmark.ts';
import { runConcurrency } from '../concurrency/run.ts';

export default defineBenchmark({
  name: 'concurrency',
  description: "lesson 7's file server served one at a time, by processes, by threads and by the event loop; then with a slow client",
  run: runConcurrency,
});
