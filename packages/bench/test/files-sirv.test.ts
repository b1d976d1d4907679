/**
 * `pnpm bench files` with sirv: a row of its own, started in production mode on loopback, and
 * checked (status and length of every file) and measured by one tiny real run.
 */
import { describe, expect, test } from 'vitest';
import { runFiles } from '../src/files/run.ts';
import { fileServers, sirvPackage } from '../src/files/servers.ts';
import { KB, MB } from '../src/files/site.ts';

describe('sirv in the files benchmark', () => {
  test('is a row, after the other npm servers and before bare node:http', () => {
    expect(fileServers().map((server) => server.name)).toEqual(['lesson 4', 'python http.server', 'http-server', 'serve', 'sirv', 'node:http minimal']);
  });

  test('starts without --dev, quiet, on 127.0.0.1, with HOST and PORT saying the same as its flags', () => {
    const launch = sirvPackage.launch('/tmp/site', 8123);
    if (typeof launch === 'string') throw new Error(launch);
    expect(launch.args.slice(1)).toEqual(['/tmp/site', '--port', '8123', '--host', '127.0.0.1', '--quiet']);
    expect(launch.args).not.toContain('--dev');
    expect(launch.env).toEqual({ HOST: '127.0.0.1', PORT: '8123' });
  });

  test('a tiny real run serves every file right and measures it', async () => {
    const { measurements, report } = await runFiles({
      servers: [sirvPackage],
      sizes: { page: KB, medium: 256 * KB, large: MB },
      durationMs: 200,
      warmupMs: 0,
      runs: 1,
      load: 'autocannon',
      quick: true,
      command: 'pnpm bench files --quick',
      progress: () => {},
      downloadLimitMs: 10_000,
    });
    expect(measurements[0]?.problem).toBeUndefined();
    expect(measurements[0]?.large?.downloads).toMatchObject({ completed: 20, failed: 0 });
    expect(report).toMatch(/^\| sirv +\| +[\d,.]+ 1\.00× \|/m);
    expect(report).toContain('- sirv: the npm package sirv-cli in production mode');
  }, 20_000);
});
