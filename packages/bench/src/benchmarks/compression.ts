/** `pnpm bench compression`: lesson 10's file server, its pages with Accept-Encoding none, gzip and br: bytes on the wire and req/s. */
import { defineBenchmark } from '../benchmark.ts';
import { runCompression } from '../compression/run.ts';

export default defineBenchmark({
  name: 'compression',
  description: "lesson 10's file server: bytes on the wire and req/s for its pages, uncompressed, gzip and br",
  run: runCompression,
});
