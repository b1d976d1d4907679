/** `pnpm bench profile`: where each step of lesson 14 spends its time, from V8's CPU profiler. */
import { defineBenchmark } from '../benchmark.ts';
import { runProfile } from '../profile/run.ts';

export default defineBenchmark({
  name: 'profile',
  description: "where each step of lesson 14's file server spends its time (CPU profiles, with DevTools pictures when Chromium is installed)",
  run: runProfile,
});
