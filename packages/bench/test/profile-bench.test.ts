/**
 * The profile benchmark's arithmetic and report, from a made-up profile: the real run needs
 * seconds of load per step, and its figures differ on every machine.
 */
import path from 'node:path';
import { root } from '@workbook/course';
import { describe, expect, test } from 'vitest';
import { bottomUp, type CpuProfile } from '../src/profile/bottom-up.ts';
import { renderProfileReport } from '../src/profile/run.ts';

const frame = (functionName: string, url = '') => ({ functionName, url, lineNumber: 0 });

// Four frames; the samples land on them 5, 3, 1 and 1 times, 100 µs apart (the first after 0).
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(idle)') },
    { id: 2, callFrame: frame('realpath') },
    { id: 3, callFrame: frame('serve', `file://${path.join(root, 'packages', 'lesson-04-file-server', 'src', 'server.ts')}`) },
    { id: 4, callFrame: frame('', 'node:internal/fs/promises') },
  ],
  samples: [2, 2, 2, 2, 2, 1, 1, 1, 3, 4],
  timeDeltas: [100, 100, 100, 100, 100, 100, 100, 100, 100, 100],
};

describe('bottomUp', () => {
  test('self time per function, biggest first, as shares of all the samples', () => {
    const rows = bottomUp(profile, root);
    expect(rows.map((row) => [row.name, row.share])).toEqual([
      ['realpath', 0.5],
      ['(idle)', 0.3],
      ['serve', 0.1],
      ['(anonymous)', 0.1],
    ]);
  });

  test("a workbook file is named from packages/, node's own by its module name, native code by nothing", () => {
    const where = Object.fromEntries(bottomUp(profile, root).map((row) => [row.name, row.where]));
    expect(where).toEqual({ realpath: '', '(idle)': '', serve: 'lesson-04-file-server/src/server.ts', '(anonymous)': 'node:internal/fs/promises' });
  });
});

describe('the report', () => {
  test('one table per step, the files to open in DevTools, and the command', () => {
    const report = renderProfileReport(
      [{ step: 1, requests: 3000, seconds: 2, top: bottomUp(profile, root), file: path.join(root, '.workbook', 'profiles', 'lesson-14-step-1.cpuprofile') }],
      { header: ['## profile'], noPicture: 'no Chromium found', command: 'pnpm bench profile' },
    );
    expect(report).toContain('### Step 1: 1,500 requests/s while profiled');
    expect(report).toMatch(/\|\s+50\.0 % \| realpath\s+\| \(native\)/);
    expect(report).toContain('`.workbook/profiles/lesson-14-step-1.cpuprofile`');
    expect(report).toContain('No pictures: no Chromium found.');
    expect(report.trimEnd().endsWith('Reproduce: `pnpm bench profile`')).toBe(true);
  });
});
