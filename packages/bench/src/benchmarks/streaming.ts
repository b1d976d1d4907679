/** `pnpm bench streaming`: lesson 11's download server with and without backpressure, memory while a slow client downloads 100 MB. */
import { defineBenchmark } from '../benchmark.ts';
import { runStreaming } from '../streaming/run.ts';

export default defineBenchmark({
  name: 'streaming',
  description: "lesson 11's download server, naive and careful: its memory while a slow client downloads 100 MB",
  run: runStreaming,
});
