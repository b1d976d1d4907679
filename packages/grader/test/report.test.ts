/**
 * `pnpm grade report` as an instructor uses it: a real process serving a results folder, opened
 * in a real headless Chromium. The folder is written here, by the grader's own writeOutputs, from
 * a small class made by hand: quick, and the same whatever else the grader is doing. Two of its
 * students are hostile: one is named with HTML, one's server answered a <script>.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { track } from '@workbook/testkit';
import { chromiumFound, launchChromium, MISSING_IN_CI, SKIP_NOTICE } from '@workbook/testkit/chromium';
import { sumPoints } from '../src/points.ts';
import type { ReportedTest } from '../src/report/class-folder.ts';
import type { ExerciseResult, SubmissionResult, Verdict } from '../src/types.ts';
import { writeOutputs } from '../src/write-outputs.ts';
import { bin, cleanEnv, runGrader, tempFolder } from './grading.ts';

type Browser = Awaited<ReturnType<typeof launchChromium>>;
type Page = Awaited<ReturnType<Browser['newPage']>>;

// ---- The class: five students, two exercises -------------------------------------------------

const ex01Tests = { a: 5, b: 5 };
const ex02Tests = { x: 3.34, y: 3.33, z: 3.33 };
const MALLORY = `<img src=x onerror=alert('name')><script>alert('name')`;
const SCRIPT_MESSAGE = `GET /: the body was "<script>alert('message')</script>" <img src=x onerror=alert('message')>`;
const neverListened = (port: number) =>
  `Your program is running, but nothing listened on port ${port} within a few seconds.\nHint: does it call listen() with the port from process.env.PORT?`;
const wrongBody = (urlPath: string) => `GET ${urlPath}: the body is not what was expected.\n\nExpected body: "I am the happy server! :-)"\nReceived body: ""`;

/** What each check did: passed, failed with this message, or not run. */
type Outcome = 'passed' | 'not-run' | { message: string };

function exercise(id: string, points: Record<string, number>, outcomes: Record<string, Outcome>, verdict: Verdict, detail?: string): ExerciseResult {
  const tests = Object.entries(points).map(([name, maxPoints]): ReportedTest => {
    const outcome = outcomes[name] ?? 'passed';
    const visibility = name === 'z' ? { visibility: 'hidden' as const } : {};
    if (outcome === 'passed') return { name, status: 'passed', points: maxPoints, maxPoints, ...visibility };
    if (outcome === 'not-run') return { name, status: 'not-run', points: 0, maxPoints, ...visibility };
    return { name, status: 'failed', points: 0, maxPoints, message: outcome.message, ...visibility };
  });
  const passed = tests.filter((t) => t.status === 'passed').length;
  return {
    id,
    slug: `${id}-sample`,
    title: id === 'ex01' ? 'A <bare> socket' : 'The happy server',
    verdict,
    summary: verdict === 'missing' ? 'missing' : `${passed} of ${tests.length} checks pass`,
    ...(detail !== undefined && { detail }),
    points: sumPoints(tests.map((t) => t.points)),
    maxPoints: sumPoints(tests.map((t) => t.maxPoints)),
    tests,
    editedOfficialFiles: [],
  };
}

function student(name: string, exercises: ExerciseResult[], notes: string[] = []): SubmissionResult {
  const points = sumPoints(exercises.map((e) => e.points));
  return { student: name, key: 'k', seed: 7, points, maxPoints: sumPoints(exercises.map((e) => e.maxPoints)), exercises, notes };
}

const allNotRun = (points: Record<string, number>) => Object.fromEntries(Object.keys(points).map((name) => [name, 'not-run' as const]));
const allFailed = (points: Record<string, number>, message: string) => Object.fromEntries(Object.keys(points).map((name) => [name, { message }]));

const classResults: SubmissionResult[] = [
  student('ann', [exercise('ex01', ex01Tests, {}, 'passed'), exercise('ex02', ex02Tests, {}, 'passed')]),
  student('bob', [exercise('ex01', ex01Tests, {}, 'passed'), exercise('ex02', ex02Tests, { y: { message: wrongBody('/cedar42/orbit17') } }, 'failed')]),
  student('cat', [
    exercise('ex01', ex01Tests, allNotRun(ex01Tests), 'missing', 'No exercises/ex01-sample/server.ts was handed in.'),
    exercise('ex02', ex02Tests, { y: { message: wrongBody('/maple11') }, z: { message: SCRIPT_MESSAGE } }, 'failed'),
  ]),
  student('dan', [exercise('ex01', ex01Tests, allFailed(ex01Tests, neverListened(40123)), 'did-not-start', neverListened(40123)), exercise('ex02', ex02Tests, {}, 'passed')]),
  student(
    MALLORY,
    [
      exercise('ex01', ex01Tests, allFailed(ex01Tests, neverListened(39001)), 'did-not-start', neverListened(39001)),
      exercise('ex02', ex02Tests, allFailed(ex02Tests, neverListened(41555)), 'did-not-start', neverListened(41555)),
    ],
    ['<b>a note</b> <script>alert("note")</script>'],
  ),
];

// ---- The report, as a real process ------------------------------------------------------------

interface RunningReport {
  child: ChildProcess;
  url: string;
  origin: string;
  port: number;
  exited: Promise<number | null>;
}

/** `pnpm grade report <args>`, once it has printed its address. */
function startReport(args: string[]): Promise<RunningReport> {
  const child = spawn(process.execPath, [bin, 'grade', 'report', ...args], { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  track(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the report printed no address in 20 s:\n${output}`)), 20_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(output);
      if (!url) return;
      clearTimeout(timer);
      resolve({ child, url: url[0], origin: url[0].slice(0, -1), port: Number(url[1]), exited });
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    void exited.then((code) => reject(new Error(`the report exited with ${code} before printing its address:\n${output}`)));
  });
}

/** One GET with the path exactly as given (no normalising of ../ or %2f), and the Host header chosen. */
function rawGet(port: number, requestPath: string, host = `127.0.0.1:${port}`): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: requestPath, headers: { host } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    request.on('error', reject);
  });
}

/** Whether a TCP connection to `host:port` is accepted. */
function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 2000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

const out = tempFolder('report');
let report: RunningReport;

beforeAll(async () => {
  writeOutputs(out, classResults, []);
  // A link the grader never makes: the report must not follow it out of the folder.
  symlinkSync('/etc/passwd', path.join(out, 'feedback', 'linked.html'));
  report = await startReport(['--out', out]);
}, 30_000);

afterAll(async () => {
  report?.child.kill('SIGINT');
  await report?.exited;
});

describe('the report server', () => {
  test('listens on 127.0.0.1 only', async () => {
    expect(await connects('127.0.0.1', report.port)).toBe(true);
    // On Linux all of 127/8 is loopback: a server on every address would answer at 127.0.0.2 too.
    const others = ['127.0.0.2', '::1', ...Object.values(networkInterfaces()).flatMap((addresses) => (addresses ?? []).filter((a) => !a.internal).map((a) => a.address))];
    for (const host of others) expect(await connects(host, report.port), `a connection to ${host}`).toBe(false);
  });

  test('serves nothing of the folder but the feedback pages, and nothing outside it', async () => {
    for (const wrong of [
      '/feedback/..%2f..%2fetc%2fpasswd',
      '/feedback/../../etc/passwd',
      '/feedback/%2e%2e%2fresults.json',
      '/feedback/..%5cresults.json',
      '/feedback/ann.html%00',
      '/feedback/%E0%A4%A.html',
      '/feedback/ann.md',
      '/feedback/linked.html',
      '/feedback/',
      '/results.json',
      '/gradebook.csv',
      '/results/ann.json',
    ]) {
      const { status, body } = await rawGet(report.port, wrong);
      expect(status, wrong).toBe(404);
      expect(body, wrong).not.toContain('root:');
    }
    const ann = await rawGet(report.port, '/feedback/ann.html');
    expect(ann.status).toBe(200);
    expect(ann.body).toContain('<h1>Feedback for ann</h1>');
    expect(ann.headers['content-security-policy']).toMatch(/^sandbox; default-src 'none'/);
  });

  test("every answer forbids inline and outside scripts, and the page's script is a file of its own", async () => {
    const page = await rawGet(report.port, '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('<script src="/report.js" defer></script>');
    expect(page.body.match(/<script/g)).toHaveLength(1);
    expect(page.body).not.toMatch(/https?:\/\//);
    expect((await rawGet(report.port, '/report.js')).headers['content-type']).toBe('text/javascript; charset=utf-8');
  });

  test('a request for another host name (a rebinding attack) gets 403', async () => {
    const { status } = await rawGet(report.port, '/', 'attacker.example');
    expect(status).toBe(403);
  });

  test('a folder without results.json, or a wrong port, is a usage error: exit 2, no stack trace', () => {
    const empty = tempFolder('report-empty');
    const noResults = runGrader(['report', '--out', empty]);
    expect(noResults.status).toBe(2);
    expect(noResults.err).toContain(`There is no results.json in ${empty}`);
    expect(noResults.err).toContain('Usage: pnpm grade report');
    expect(noResults.err).not.toMatch(/^\s+at /m);

    const broken = tempFolder('report-broken');
    writeFileSync(path.join(broken, 'results.json'), '{"students": 3}');
    expect(runGrader(['report', '--out', broken]).err).toContain('is not the results.json pnpm grade writes');

    for (const port of ['abc', '70000', '80.5', '0x50']) {
      const wrong = runGrader(['report', '--out', out, '--port', port]);
      expect(wrong.status, port).toBe(2);
      expect(wrong.err).toContain('--port takes a whole number from 1 to 65535');
    }
    expect(runGrader(['report', '--out', out, '--port', String(report.port)]).err).toContain(`Port ${report.port} is in use`);
    expect(runGrader(['report', '--help']).out).toContain('Usage: pnpm grade report [--out <folder>] [--port <n>]');
  }, 60_000);

  test('Ctrl+C stops it, with exit code 0', async () => {
    const other = await startReport(['--out', out, '--port', '0']);
    other.child.kill('SIGINT');
    expect(await other.exited).toBe(0);
    expect(await connects('127.0.0.1', other.port)).toBe(false);
  });
});

// ---- The page, in Chromium --------------------------------------------------------------------

// On a developer's machine a missing browser only skips these tests, and says so. In CI it is a
// failure: a green run that never opened a browser would be a promise not kept.
if (!chromiumFound && process.env.CI) {
  test('Chromium is installed for the browser tests', () => {
    expect.fail(MISSING_IN_CI);
  });
} else if (!chromiumFound) {
  console.warn(`\nBrowser tests ${SKIP_NOTICE}\n`);
}

describe.skipIf(!chromiumFound)(chromiumFound ? 'the report in Chromium' : SKIP_NOTICE, () => {
  let browser: Browser;
  let page: Page;
  /** Every alert the page opened (there must be none), and every address it asked for. */
  const dialogs: string[] = [];
  const requested: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('dialog', async (dialog) => {
      dialogs.push(dialog.message());
      await dialog.dismiss();
    });
    page.on('request', (request) => {
      requested.push(request.url());
    });
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
  });

  const open = async () => {
    await page.goto(report.url);
    await page.waitForLoadState();
  };
  const studentNames = () => page.locator('#students-table tbody th').allTextContents();
  const totalButton = () => page.locator('#students-table thead button', { hasText: 'Total' });

  test('the table shows every student, with points per exercise, total, percent and status', async () => {
    await open();
    expect(await studentNames()).toEqual([MALLORY, 'ann', 'bob', 'cat', 'dan']);
    const headings = await page.locator('#students-table thead th').allTextContents();
    expect(headings).toEqual(['Student', 'ex01 / 10', 'ex02 / 10', 'Total / 20', 'Percent', 'Status', 'Notes']);
    const bob = await page.locator('#students-table tbody tr', { hasText: 'bob' }).locator('td').allTextContents();
    expect(bob.slice(0, 5)).toEqual(['10', '6.67 failed', '16.67', '83.4%', 'partial']);
    const cat = await page.locator('#students-table tbody tr', { hasText: 'cat' }).locator('td').allTextContents();
    expect(cat.slice(0, 5)).toEqual(['0 missing', '3.34 failed', '3.34', '16.7%', 'partial']);
  });

  test('pressing Total sorts by it, pressing again reverses, and the keyboard does the same', async () => {
    await open();
    await totalButton().click();
    expect(await studentNames()).toEqual([MALLORY, 'cat', 'dan', 'bob', 'ann']);
    expect(await page.locator('#students-table thead th', { hasText: 'Total' }).getAttribute('aria-sort')).toBe('ascending');
    await totalButton().click();
    expect(await studentNames()).toEqual(['ann', 'bob', 'dan', 'cat', MALLORY]);
    expect(await page.locator('#students-table thead th', { hasText: 'Total' }).getAttribute('aria-sort')).toBe('descending');
    expect(await page.locator('#sort-status').textContent()).toBe('Sorted by Total, descending.');

    await open();
    await totalButton().focus();
    await page.keyboard.press('Enter');
    expect(await studentNames()).toEqual([MALLORY, 'cat', 'dan', 'bob', 'ann']);
    await page.keyboard.press('Space');
    expect(await studentNames()).toEqual(['ann', 'bob', 'dan', 'cat', MALLORY]);
    await page.locator('#students-table thead button', { hasText: 'Student' }).click();
    expect(await studentNames()).toEqual([MALLORY, 'ann', 'bob', 'cat', 'dan']);
    expect(await page.locator('#students-table thead th', { hasText: 'Student' }).getAttribute('aria-sort')).toBe('ascending');
    expect(await page.locator('#students-table thead th', { hasText: 'Total' }).getAttribute('aria-sort')).toBeNull();
  });

  test('the pass rate of each check counts the students who handed the exercise in', async () => {
    await open();
    const rows = async (id: string) =>
      (await page.locator(`#checks-${id} tbody tr`).evaluateAll((trs) => trs.map((tr) => [...tr.children].map((cell) => cell.textContent?.trim())))).map((cells) => [
        cells[0],
        cells[2],
        cells[3],
        cells[4],
        cells[5],
      ]);
    expect(await page.locator('#checks-ex01 caption').textContent()).toBe('ex01 A <bare> socket: handed in by 4 of 5 students');
    expect(await rows('ex01')).toEqual([
      ['a', '2 of 4', '2', '0', '50%'],
      ['b', '2 of 4', '2', '0', '50%'],
    ]);
    expect(await rows('ex02')).toEqual([
      ['x', '4 of 5', '1', '0', '80%'],
      ['y', '2 of 5', '3', '0', '40%'],
      ['z hidden', '3 of 5', '2', '0', '60%'],
    ]);
  });

  test('the most common failures are grouped by check and first line, random paths and ports aside', async () => {
    await open();
    const groups = await page
      .locator('ol.failures > li')
      .evaluateAll((items) =>
        items.map((item) => [item.querySelector('p')?.textContent, item.querySelector('pre.line')?.textContent, item.querySelector('.who')?.textContent]),
      );
    expect(groups).toEqual([
      ['2 students · ex01 · the whole program (every check)', 'Your program is running, but nothing listened on port N within a few seconds.', `${MALLORY}, dan`],
      ['2 students · ex02 · “y”', 'GET /…: the body is not what was expected.', 'bob, cat'],
      ['1 student · ex02 · the whole program (every check)', 'Your program is running, but nothing listened on port N within a few seconds.', MALLORY],
      ['1 student · ex02 · “z” hidden', SCRIPT_MESSAGE, 'cat'],
    ]);
  });

  test('a <script> in a student name, a note or a failure message is text, and nothing runs', async () => {
    await open();
    expect(await page.locator('#students-table tbody th').first().textContent()).toBe(MALLORY);
    expect(await page.locator('pre', { hasText: "alert('message')" }).first().textContent()).toContain(SCRIPT_MESSAGE);
    expect(await page.locator('#students-table tbody tr').first().locator('.notes').textContent()).toBe('<b>a note</b> <script>alert("note")</script>');
    expect(await page.locator('main script, main img, main b').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(1);
    expect(dialogs).toEqual([]);
  });

  test("a click on a name opens that student's feedback, a hostile name included", async () => {
    await open();
    await page.locator('#students-table tbody th a', { hasText: 'bob' }).click();
    await page.waitForLoadState();
    expect(page.url()).toBe(`${report.origin}/feedback/bob.html`);
    expect(await page.locator('h1').textContent()).toBe('Feedback for bob');

    await open();
    const [response] = await Promise.all([page.waitForEvent('response', (r) => r.url().includes('/feedback/')), page.locator('#students-table tbody th a').first().click()]);
    await page.waitForLoadState();
    expect(response.status()).toBe(200);
    expect(response.headers()['content-security-policy']).toContain('sandbox');
    expect(await page.locator('h1').textContent()).toBe(`Feedback for ${MALLORY}`);
    expect(await page.locator('img').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  test('the page asks nothing of any other server', () => {
    expect(requested.length).toBeGreaterThan(0);
    expect(requested.filter((url) => !url.startsWith(`${report.origin}/`))).toEqual([]);
  });
});
