/**
 * Due dates and late work. --due says when the work was due, --late what happens after it:
 *
 *   none                        late work gets 0 (the default)
 *   penalty:10%/day             10% off for each day or part of a day late, down to 0
 *   penalty:10%/day,min:50%     the same, never below half of what the work earned
 *   grace:2h                    on time until two hours after the due date, then as `none`
 *   grace:2h,penalty:10%/day    the grace period first, the penalty after it
 *
 * When a student handed in comes from, in order: --times (a CSV as an LMS exports it:
 * student,time, and a third column `due` for an extension), the last commit of the student's git
 * repository, or the newest of their files. The gradebook says which. Late points are worked out
 * from the results when the outputs are written, so a new --due or --late needs no regrading.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileNames, UsageError, type Exercise } from '@workbook/course';
import { formatPoints } from './points.ts';
import type { Submission } from './submissions.ts';
import type { LateResult, SubmissionResult } from './types.ts';

export interface LatePolicy {
  /** How long after the due date work still counts as on time. */
  graceMs: number;
  /** Percent off per day (or part of one) late; undefined: late work gets 0. */
  perDay: number | undefined;
  /** The least share of the points late work keeps, in percent. */
  floor: number;
  /** The policy as typed, for the gradebook. */
  text: string;
}

export interface Deadline {
  due: Date;
  policy: LatePolicy;
  /** From --times: when each student handed in, and their own due date if they have an extension. */
  times: Map<string, { time: Date; due?: Date }>;
}

/** When a submission was handed in, and where that came from. */
export interface HandedIn {
  time: Date;
  source: Exclude<LateResult['source'], 'none'>;
}

const dayMs = 24 * 60 * 60 * 1000;
const units: Record<string, number> = { m: 60_000, h: 3_600_000, d: dayMs };

function usage(message: string): UsageError {
  return new UsageError(message, 'ERR_GRADE_USAGE');
}

/** An ISO date-time, with its time zone; a date alone is the end of that day, UTC. */
export function parseDate(text: string, what: string): Date {
  const full = /^\d{4}-\d\d-\d\d$/.test(text.trim()) ? `${text.trim()}T23:59:59Z` : text.trim();
  const date = new Date(full);
  if (!/^\d{4}-\d\d-\d\d/.test(full) || Number.isNaN(date.getTime())) {
    throw usage(`${what} takes a date and time such as 2026-12-01T23:59+01:00 (or 2026-12-01 for the end of that day, UTC); "${text}" is not one.`);
  }
  return date;
}

export function parseLatePolicy(text: string): LatePolicy {
  const valid = 'none, penalty:10%/day, penalty:10%/day,min:50%, grace:2h, or grace:2h,penalty:10%/day';
  const policy: LatePolicy = { graceMs: 0, perDay: undefined, floor: 0, text };
  if (text === 'none') return policy;
  for (const part of text.split(',')) {
    const penalty = /^penalty:(\d+(?:\.\d+)?)%\/day$/.exec(part);
    const floor = /^min:(\d+(?:\.\d+)?)%$/.exec(part);
    const grace = /^grace:(\d+(?:\.\d+)?)([mhd])$/.exec(part);
    if (penalty) policy.perDay = Number(penalty[1]);
    else if (floor) policy.floor = Number(floor[1]);
    else if (grace) policy.graceMs = Number(grace[1]) * (units[grace[2] ?? 'h'] ?? 0);
    else throw usage(`--late takes ${valid}; "${part}" is not part of one.`);
  }
  if (policy.perDay !== undefined && (policy.perDay <= 0 || policy.perDay > 100)) throw usage(`--late penalty:<p>%/day takes p from 1 to 100, not ${policy.perDay}.`);
  if (policy.floor > 100) throw usage(`--late min:<m>% takes m from 0 to 100, not ${policy.floor}.`);
  if (policy.floor > 0 && policy.perDay === undefined)
    throw usage(`--late min:${policy.floor}% is the floor of a penalty: give one too, such as penalty:10%/day,min:${policy.floor}%.`);
  return policy;
}

/** --times: `student,time` or `student,time,due` per line; a first line naming the columns is skipped. */
export function readTimes(file: string): Deadline['times'] {
  if (!existsSync(file)) throw usage(`--times takes a CSV file of student,time lines; there is no file ${file}.`);
  const times: Deadline['times'] = new Map();
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  lines.forEach((line, index) => {
    const cells = line.split(',').map((cell) => cell.trim().replace(/^"(.*)"$/, '$1'));
    if (cells.every((cell) => cell === '') || (index === 0 && /^student$/i.test(cells[0] ?? ''))) return;
    const [student, time, due] = cells;
    if (!student || !time) throw usage(`${file}, line ${index + 1}: expected student,time (and a due date for an extension), got "${line}".`);
    times.set(student, { time: parseDate(time, `${file}, line ${index + 1}, the time`), ...(due && { due: parseDate(due, `${file}, line ${index + 1}, the due date`) }) });
  });
  return times;
}

export function parseDeadline(due: string | undefined, late: string | undefined, timesFile: string | undefined): Deadline | undefined {
  if (due === undefined) {
    if (late !== undefined || timesFile !== undefined) throw usage(`${late !== undefined ? '--late' : '--times'} needs a due date: add --due 2026-12-01T23:59+01:00`);
    return undefined;
  }
  return { due: parseDate(due, '--due'), policy: parseLatePolicy(late ?? 'none'), times: timesFile ? readTimes(timesFile) : new Map() };
}

/** When a student handed in, and how the grader knows. A student can set their own commit dates and file times; an LMS's times they cannot. */
export function submissionTime(submission: Submission, exercises: Exercise[], deadline: Deadline): HandedIn | undefined {
  const listed = deadline.times.get(submission.student);
  if (listed) return { time: listed.time, source: 'times' };
  if (existsSync(path.join(submission.dir, '.git'))) {
    // No hooks, no fsmonitor, no pager: nothing of the student's runs.
    const git = spawnSync('git', ['-c', 'core.fsmonitor=false', '-c', `safe.directory=${submission.dir}`, '-C', submission.dir, 'log', '-1', '--format=%cI'], {
      encoding: 'utf8',
      timeout: 10_000,
      env: { ...process.env, GIT_PAGER: 'cat', GIT_CONFIG_NOSYSTEM: '1' },
    });
    const date = new Date(git.stdout.trim());
    if (git.status === 0 && !Number.isNaN(date.getTime())) return { time: date, source: 'git' };
  }
  const times = exercises.flatMap((exercise) =>
    fileNames(exercise)
      .map((name) => submission.exercisesDir && path.join(submission.exercisesDir, exercise.slug, name))
      .filter((file): file is string => typeof file === 'string' && existsSync(file))
      .map((file) => statSync(file).mtimeMs),
  );
  return times.length > 0 ? { time: new Date(Math.max(...times)), source: 'files' } : undefined;
}

const sourceWords: Record<Exclude<LateResult['source'], 'none'>, string> = { times: 'the times file', git: 'the last commit', files: 'the newest file' };

function formatDate(date: Date): string {
  return date.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

/** The late rule for one submission, and the points it leaves. */
export function lateResult(result: SubmissionResult, time: HandedIn | undefined, deadline: Deadline): LateResult {
  const due = deadline.times.get(result.student)?.due ?? deadline.due;
  const { policy } = deadline;
  const base = { due: due.toISOString(), policy: policy.text, rawPoints: result.points };
  if (!time) return { ...base, source: 'none', lateMs: 0, penaltyPercent: 0, rule: `Due ${formatDate(due)}; no time of handing in was found, so no late rule was applied.` };
  const lateMs = Math.max(0, time.time.getTime() - due.getTime());
  const handedIn = `Handed in ${formatDate(time.time)} (from ${sourceWords[time.source]}), due ${formatDate(due)}`;
  const withTime = { ...base, submittedAt: time.time.toISOString(), source: time.source, lateMs };
  if (lateMs === 0) return { ...withTime, penaltyPercent: 0, rule: `${handedIn}: on time.` };
  if (lateMs <= policy.graceMs) return { ...withTime, penaltyPercent: 0, rule: `${handedIn}: within the grace period, so on time.` };
  const days = Math.ceil((lateMs - policy.graceMs) / dayMs);
  if (policy.perDay === undefined) return { ...withTime, penaltyPercent: 100, rule: `${handedIn}: late, and late work gets no points.` };
  const penaltyPercent = Math.min(policy.perDay * days, 100 - policy.floor);
  const floor = policy.floor > 0 && penaltyPercent === 100 - policy.floor ? `, never more than ${100 - policy.floor}%` : '';
  return { ...withTime, penaltyPercent, rule: `${handedIn}: ${days} day${days === 1 ? '' : 's'} late, ${policy.perDay}% off a day${floor}: ${penaltyPercent}% off.` };
}

/** The results with the late rule applied: points after the penalty, and the rule said. */
export function applyDeadline(results: SubmissionResult[], submissions: Submission[], exercises: Exercise[], deadline: Deadline): SubmissionResult[] {
  const byStudent = new Map(submissions.map((submission) => [submission.student, submission]));
  return results.map((result) => {
    const submission = byStudent.get(result.student);
    const late = lateResult(result, submission && submissionTime(submission, exercises, deadline), deadline);
    const points = Math.round(result.points * (100 - late.penaltyPercent)) / 100;
    return {
      ...result,
      points,
      late,
      notes: late.penaltyPercent > 0 ? [...result.notes, `late: ${late.penaltyPercent}% off (${formatPoints(result.points)} before)`] : result.notes,
    };
  });
}

/** Whether the due date has passed for a student: their after-due tests are then shown to them. */
export function isPastDue(result: SubmissionResult, deadline: Deadline | undefined, now = new Date()): boolean {
  if (!deadline) return false;
  return now.getTime() >= (deadline.times.get(result.student)?.due ?? deadline.due).getTime();
}
