/**
 * `pnpm grade classroom-template`: the template written to a temporary folder, its workflow read
 * as GitHub reads it, and the workflow's Grade step run here for real, in the sandbox, on the
 * template with one exercise solved, with the template given this workbook's installed packages
 * (the workflow's install step needs the network). What it hands the reporter is decoded as the
 * reporter decodes it.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, test } from 'vitest';
import { reuseInstalledPackages } from '../src/platforms/installed-packages.ts';
import { cleanEnv, root, runGrader, tempFolder } from './grading.ts';

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string | number>;
}
interface Workflow {
  name: string;
  on: string[];
  permissions: Record<string, string>;
  jobs: Record<string, { 'runs-on': string; if?: string; steps: Step[] }>;
}

const template = path.join(tempFolder('classroom'), 'template');

/** The template for ex02 and ex03, written once for this file's tests, and its workflow's steps. */
const written = (() => {
  let made: { run: ReturnType<typeof runGrader>; workflow: Workflow; steps: Step[] } | undefined;
  return () => {
    if (made) return made;
    const run = runGrader(['classroom-template', template, '--exercises', 'ex02,ex03']);
    const workflow = parse(readFileSync(path.join(template, '.github', 'workflows', 'classroom.yml'), 'utf8')) as Workflow;
    made = { run, workflow, steps: Object.values(workflow.jobs)[0]?.steps ?? [] };
    return made;
  };
})();

describe('the Classroom template', () => {
  let workflow: Workflow;
  let steps: Step[];

  beforeAll(() => {
    ({ workflow, steps } = written());
  }, 60_000);

  test('is written: the workbook, the workflow, the instructor’s page, and no hidden tests', () => {
    const { run } = written();
    expect(run.err).toBe('');
    expect(run.status).toBe(0);
    expect(run.out).toContain('It grades ex02, ex03.');
    for (const name of [
      'package.json',
      'pnpm-lock.yaml',
      'exercises/ex02-happy-server/server.ts',
      'exercises/ex02-happy-server/.starter/server.ts',
      'solutions/ex02-happy-server/server.ts',
      'INSTRUCTOR.md',
    ]) {
      expect(existsSync(path.join(template, name)), name).toBe(true);
    }
    for (const name of ['grading', 'node_modules', '.workbook', '.git']) expect(existsSync(path.join(template, name)), name).toBe(false);
    const readme = readFileSync(path.join(template, 'INSTRUCTOR.md'), 'utf8');
    for (const click of ['**New assignment**', '**Select a repository**', '**Template repository**', 'pnpm grade . --format classroom --out grades --exercises ex02,ex03'])
      expect(readme).toContain(click);
  });

  test('its workflow runs on push with the permissions Classroom needs', () => {
    expect(workflow.on).toContain('push');
    expect(workflow.permissions).toEqual({ checks: 'write', actions: 'read', contents: 'read' });
    const [job] = Object.values(workflow.jobs);
    expect(job?.['runs-on']).toBe('ubuntu-latest');
    expect(job?.if).toBe("github.actor != 'github-classroom[bot]'");
  });

  test('its steps: check out, Node 20, the packages, the sandbox, grade, report', () => {
    expect(steps[0]?.uses).toBe('actions/checkout@v4');
    const hidden = steps.find((step) => step.with?.path === 'grading');
    expect(hidden?.if).toBe("vars.HIDDEN_TESTS_REPOSITORY != ''");
    // biome-ignore lint/suspicious/noTemplateCurlyInString: GitHub's expressions, in the workflow's text.
    expect(hidden?.with?.token).toBe('${{ secrets.HIDDEN_TESTS_TOKEN }}');
    expect(steps.find((step) => step.uses === 'actions/setup-node@v4')?.with?.['node-version']).toBe(20);
    expect(steps.some((step) => step.run?.includes('pnpm install --frozen-lockfile'))).toBe(true);
    const sandbox = steps.find((step) => step.run?.includes('bubblewrap'))?.run ?? '';
    expect(sandbox).toContain('sudo apt-get install -y bubblewrap');
    expect(sandbox).toContain('sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0');
    const grade = steps.find((step) => step.id === 'grade');
    expect(grade?.run?.split('\n')[0]).toBe('pnpm grade . --format classroom --out grades --exercises ex02,ex03');
    const report = steps.at(-1);
    expect(report?.uses).toBe('classroom-resources/autograding-grading-reporter@v1');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: GitHub's expressions, in the workflow's text.
    expect(report?.with?.runners).toBe('${{ steps.grade.outputs.runners }}');
    const order = [hidden, grade, report].map((step) => steps.indexOf(step as Step));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  test('a wrong argument is named, with the usage, exit code 2', () => {
    for (const args of [[], [template], ['a', 'b'], [path.join(template, 'x'), '--exercises', 'ex99']]) {
      const wrong = runGrader(['classroom-template', ...args]);
      expect(wrong.status, args.join(' ')).toBe(2);
      expect(wrong.err).toContain('Usage: pnpm grade classroom-template');
      expect(wrong.err).not.toMatch(/\n\s+at /);
    }
  });
});

// The sandbox is bubblewrap, on Linux, as on GitHub's runners.
describe.skipIf(process.platform !== 'linux')('its Grade step, run here (Linux, with the sandbox: skipped elsewhere)', () => {
  const github = tempFolder('github');
  let stepRun: ReturnType<typeof spawnSync>;
  let env: Map<string, string>;
  let runners: string[];

  beforeAll(() => {
    const { steps } = written();
    reuseInstalledPackages(template);
    cpSync(path.join(root, 'solutions', 'ex02-happy-server', 'server.ts'), path.join(template, 'exercises', 'ex02-happy-server', 'server.ts'));
    // `pnpm grade` runs the workbook's "grade" script; this stands in for pnpm, which is not
    // always installed and may look for updates on the network.
    const bin = path.join(github, 'bin');
    mkdirSync(bin);
    writeFileSync(
      path.join(bin, 'pnpm'),
      '#!/usr/bin/env bash\n[ "$1" = grade ] || exit 99\nshift\nINIT_CWD="$PWD" exec node "$PWD/packages/cli/bin/workbook.mjs" grade "$@"\n',
    );
    chmodSync(path.join(bin, 'pnpm'), 0o755);
    const files = { GITHUB_ENV: path.join(github, 'env'), GITHUB_OUTPUT: path.join(github, 'output') };
    for (const file of Object.values(files)) writeFileSync(file, '');
    const script = steps.find((step) => step.id === 'grade')?.run ?? '';
    // As GitHub runs a step's `run`: bash -e, in the repository.
    stepRun = spawnSync('bash', ['-e', '-c', script], { cwd: template, encoding: 'utf8', env: cleanEnv({ ...files, PATH: `${bin}${path.delimiter}${process.env.PATH}` }) });
    env = new Map(
      readFileSync(files.GITHUB_ENV, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as [string, string]),
    );
    runners = (readFileSync(files.GITHUB_OUTPUT, 'utf8').match(/^runners=(.*)$/m)?.[1] ?? '').split(',');
  }, 120_000);

  test('grades in the sandbox, and hands the reporter a runner per exercise', () => {
    expect(stepRun.status, String(stepRun.stderr)).toBe(0);
    expect(stepRun.stdout).toContain('Sandbox: bubblewrap');
    expect(runners[0]).toBe('ex02');
    expect(runners.every((id) => /^ex03(_t\d+)?$/.test(id) || id === 'ex02')).toBe(true);
    for (const id of runners) expect(env.has(`${id.toUpperCase()}_RESULTS`), id).toBe(true);
  });

  test('what the reporter decodes: the solved exercise passes with its points, the untouched one fails', () => {
    const decoded = runners.map((id) => ({
      id,
      ...(JSON.parse(Buffer.from(env.get(`${id.toUpperCase()}_RESULTS`) ?? '', 'base64').toString('utf8')) as {
        status: string;
        max_score: number;
        tests: Array<{ score: number; status: string }>;
      }),
    }));
    const score = (ids: typeof decoded) => ids.reduce((sum, r) => sum + r.tests.reduce((s, t) => s + t.score, 0), 0);
    const ex02 = decoded.filter((r) => r.id === 'ex02');
    const ex03 = decoded.filter((r) => r.id.startsWith('ex03'));
    expect(ex02[0]?.status).toBe('pass');
    expect(ex02[0]?.max_score).toBe(10);
    expect(score(ex02)).toBe(10);
    expect(ex03.some((r) => r.status === 'fail')).toBe(true);
    expect(score(ex03)).toBe(0);
    expect(decoded.reduce((sum, r) => sum + r.max_score, 0)).toBe(20);
  });
});
