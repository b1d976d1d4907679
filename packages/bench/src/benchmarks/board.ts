/** `pnpm bench board`: lesson 5's message board, page views and durable posts, against an in-memory board. */
import { defineBenchmark } from '../benchmark.ts';
import { runBoard } from '../board/run.ts';

export default defineBenchmark({
  name: 'board',
  description: "lesson 5's message board: page views and fsynced posts, against an in-memory node:http board",
  run: runBoard,
});
