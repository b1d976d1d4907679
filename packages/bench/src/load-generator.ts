/**
 * The program that sends the requests. wrk when it is installed, because it is fast enough to
 * measure any of these servers; otherwise autocannon for many small requests and a node:http
 * download loop for big files, because both come with the workbook.
 */
import { autocannonBin, autocannonVersion, runAutocannon } from './autocannon.ts';
import { UsageError } from '@workbook/course';
import { runDownloadLoop } from './download-loop.ts';
import type { LoadGenerator, LoadGeneratorChoice, LoadSpec } from './load.ts';
import { findWrk, runWrk, wrkSeconds, wrkVersion } from './wrk.ts';

export function chooseLoadGenerator(choice: LoadGeneratorChoice): LoadGenerator {
  const wrk = choice === 'autocannon' ? undefined : findWrk();
  if (wrk) {
    const run = (spec: LoadSpec) => runWrk(wrk, spec);
    return { name: 'wrk', title: `wrk ${wrkVersion(wrk)}`, runLengthMs: (ms) => wrkSeconds(ms) * 1000, requests: run, download: run };
  }
  if (choice === 'wrk') {
    throw new UsageError(
      'wrk is not installed. Install it (Debian/Ubuntu: apt-get install wrk; macOS: brew install wrk), or leave out --load to use autocannon.',
      'ERR_BAD_BENCH_OPTION',
    );
  }
  const bin = autocannonBin();
  return {
    name: 'autocannon',
    title: `autocannon ${autocannonVersion(bin)} (pages), a node:http download loop (files)`,
    caveat:
      'autocannon is written in Node: on 2 cores it saturates near 75k requests/s, so it under-reports fast servers, ' +
      'and it measures latency in whole milliseconds. Install wrk for sharper figures.',
    runLengthMs: (ms) => ms,
    requests: (spec) => runAutocannon(bin, spec),
    download: runDownloadLoop,
  };
}
