/**
 * `pnpm grade similarity`: the fixture class (test/fixtures/similarity-class, see its README) run
 * as an instructor runs it, a real process; then the report's pieces on classes made here: a
 * group of three, a name that would be a spreadsheet formula, and the tokens themselves.
 */
import { cpSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadExercise } from '@workbook/course';
import { defaultThreshold } from '../src/similarity/compare.ts';
import { similarityReport, writeSimilarityReport } from '../src/similarity/report.ts';
import { tokenizeDocument, treeTokens } from '../src/similarity/tokenize.ts';
import { findSubmissions } from '../src/submissions.ts';
import { runGrader, tempFolder } from './grading.ts';

const classDir = fileURLToPath(new URL('./fixtures/similarity-class', import.meta.url));
const exercises = ['--exercises', 'ex02,ex06,ex07'];

interface Row {
  exercise: string;
  a: string;
  b: string;
  similarity: number;
  lines: number;
}

/** similarity.csv as rows; the fixture's names hold no comma or quote. */
function readCsv(file: string): { header: string; rows: Row[] } {
  const [header = '', ...lines] = readFileSync(file, 'utf8').trimEnd().split('\n');
  const rows = lines.map((line) => {
    const [exercise = '', a = '', b = '', similarity = '', lines = ''] = line.split(',');
    return { exercise, a, b, similarity: Number(similarity), lines: Number(lines) };
  });
  return { header, rows };
}

describe('the fixture class, as an instructor runs it', () => {
  let out: string;
  let run: ReturnType<typeof runGrader>;
  let rows: Row[];
  let header: string;
  let html: string;
  const pair = (a: string, b: string) => rows.find((row) => (row.a === a && row.b === b) || (row.a === b && row.b === a));

  beforeAll(() => {
    out = tempFolder('similarity');
    run = runGrader(['similarity', classDir, ...exercises, '--out', out]);
    ({ header, rows } = readCsv(path.join(out, 'similarity.csv')));
    html = readFileSync(path.join(out, 'similarity.html'), 'utf8');
  });

  test('it ends with 0 and says where the report is', () => {
    expect(run.err).toBe('');
    expect(run.status).toBe(0);
    expect(run.out).toMatch(/Compared 19 pairs of 7 submissions on ex02, ex06, ex07: 5 at or above 0\.70\./);
    expect(run.out).toContain('similarity.html');
  });

  test('the CSV has the columns, and every pair, most similar first', () => {
    expect(header).toBe('exercise,student A,student B,similarity,longest shared fragment (lines)');
    // ex02: 4 students (6 pairs, 4 with the solution, 4 with the starter); ex06: 2 (1 + 2 + 2); ex07: 2 (1 + 2 + 2).
    expect(rows).toHaveLength(19);
    expect(rows.map((row) => row.similarity)).toEqual(rows.map((row) => row.similarity).sort((x, y) => y - x));
  });

  test('the copy with renamed variables, reordered functions and other comments is flagged', () => {
    const copied = pair('original-work', 'renamed-copy');
    expect(copied?.similarity).toBeGreaterThanOrEqual(defaultThreshold);
    expect(copied?.lines).toBeGreaterThanOrEqual(10);
    expect(run.out).toMatch(/ex06 {2}0\.9\d {2}original-work and renamed-copy/);
  });

  test('the copies of the reference solution are flagged against it, the reordered one too', () => {
    expect(pair('solution-copy', '(reference solution)')?.similarity).toBe(1);
    expect(pair('reordered-solution', '(reference solution)')?.similarity).toBeGreaterThanOrEqual(defaultThreshold);
    // Neither is flagged against the starter: a finished ex07 keeps most of it, but none of its placeholders.
    expect(pair('solution-copy', '(starter)')?.similarity).toBeLessThan(defaultThreshold);
    expect(pair('reordered-solution', '(starter)')?.similarity).toBeLessThan(defaultThreshold);
  });

  test('the untouched starter is flagged against the starter, and against no one else', () => {
    expect(pair('hands-in-starter', '(starter)')?.similarity).toBe(1);
    expect(rows.filter((row) => row.a === 'hands-in-starter' && row.b !== '(starter)').every((row) => row.similarity === 0)).toBe(true);
  });

  test('the two honest ex02 solutions are not flagged: not together, not with the solution, not with the starter', () => {
    const honest = rows.filter((row) => [row.a, row.b].some((name) => name.startsWith('honest-')));
    expect(honest).toHaveLength(7);
    for (const row of honest) expect(row.similarity, `${row.a} and ${row.b}`).toBeLessThan(defaultThreshold);
  });

  test('the HTML shows the flagged pairs side by side, and escapes what a student wrote', () => {
    expect(html).toContain('id="pair-5"');
    expect(html).not.toContain('id="pair-6"');
    expect(html).toMatch(/ex06: original-work and renamed-copy, 9\d%/);
    // renamed-copy's server.ts has `</pre></td><script>alert('not escaped')</script>` in a comment.
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&#60;/pre&#62;&#60;/td&#62;&#60;script&#62;alert(&#39;not escaped&#39;)&#60;/script&#62;');
    // No address outside this computer: the students' own `http://${host}` lines are code, not links.
    expect(html).not.toMatch(/https?:\/\/(?!localhost|127\.0\.0\.1|\$\{host\})/);
  });
});

describe('what is typed', () => {
  test('--help says what the command does', () => {
    const { status, out } = runGrader(['similarity', '--help']);
    expect(status).toBe(0);
    expect(out).toContain('Usage: pnpm grade similarity <submissions>');
    expect(out).toContain(`--threshold <0-1>`);
  });

  test.each(['2', 'high', '0', ''])('--threshold "%s" is refused with exit 2, saying what would be right', (value) => {
    const { status, err, out } = runGrader(['similarity', classDir, '--threshold', value, '--out', tempFolder('similarity-bad')]);
    expect(status).toBe(2);
    expect(out).toBe('');
    expect(err).toContain(`--threshold takes a number above 0 and at most 1, such as --threshold 0.7; got "${value}".`);
    expect(err).toContain('Usage: pnpm grade similarity');
    expect(err).not.toMatch(/\n\s+at /);
  });

  test('an unknown exercise, a missing folder and an unknown option are refused with exit 2', () => {
    const unknown = runGrader(['similarity', classDir, '--exercises', 'ex99']);
    expect(unknown.status).toBe(2);
    expect(unknown.err).toContain('There is no exercise "ex99". The exercises are: ex01, ex02');
    const nowhere = runGrader(['similarity']);
    expect(nowhere.status).toBe(2);
    expect(nowhere.err).toContain('Which submissions?');
    const option = runGrader(['similarity', classDir, '--treshold', '0.5']);
    expect(option.status).toBe(2);
    expect(option.err).toContain("Unknown option '--treshold'");
  });
});

describe('the report, called as a grading run calls it', () => {
  const ex06 = loadExercise('ex06-file-server');
  const original = path.join(classDir, 'original-work', 'exercises', 'ex06-file-server', 'server.ts');
  const copy = path.join(classDir, 'renamed-copy', 'exercises', 'ex06-file-server', 'server.ts');

  /** A class made here: each student's ex06 server.ts from the file given. */
  function makeClass(students: Record<string, string>): string {
    const dir = tempFolder('similarity-class');
    for (const [student, from] of Object.entries(students)) {
      const to = path.join(dir, student, 'exercises', 'ex06-file-server');
      mkdirSync(to, { recursive: true });
      cpSync(from, path.join(to, 'server.ts'));
    }
    return dir;
  }

  test('three students who share code are one group, and the pairs come back as the gradebook wants them', async () => {
    const dir = makeClass({ ann: original, bo: copy, cy: copy });
    const out = path.join(dir, 'out');
    const flagged = await similarityReport({ submissions: findSubmissions(dir), exercises: [ex06], out, threshold: defaultThreshold });
    expect(flagged.map(({ a, b }) => `${a}~${b}`)).toEqual(['bo~cy', 'ann~bo', 'ann~cy']);
    expect(flagged[0]).toEqual({ exercise: 'ex06', a: 'bo', b: 'cy', similarity: 1, longestLines: expect.any(Number) });
    const html = readFileSync(path.join(out, 'similarity.html'), 'utf8');
    expect(html).toContain('Groups of three or more students');
    expect(html).toMatch(/ex06: 3 students<\/strong>, ann, bo, cy/);
  });

  test('two students are no group', () => {
    const dir = makeClass({ ann: original, bo: copy });
    const result = writeSimilarityReport({ submissions: findSubmissions(dir), exercises: [ex06], out: path.join(dir, 'out'), threshold: defaultThreshold });
    expect(result.clusters).toEqual([]);
    expect(readFileSync(path.join(dir, 'out', 'similarity.html'), 'utf8')).not.toContain('Groups of three');
  });

  test('a name that a spreadsheet would run as a formula is written as text', () => {
    const dir = makeClass({ '=HYPERLINK(1)': original, '+bo': copy, '@cy': copy });
    const out = path.join(dir, 'out');
    writeSimilarityReport({ submissions: findSubmissions(dir), exercises: [ex06], out, threshold: defaultThreshold });
    const csv = readFileSync(path.join(out, 'similarity.csv'), 'utf8');
    expect(csv).toContain("'+bo,'@cy,1.00");
    expect(csv).toContain("'+bo,'=HYPERLINK(1),0.91");
    expect(csv.split('\n').some((line) => /(^|,)[=+@-]/.test(line))).toBe(false);
  });

  test('a file that is a link is left out, as grading leaves it out, and the report says so', () => {
    const dir = makeClass({ ann: original, bo: copy });
    const link = path.join(dir, 'cy', 'exercises', 'ex06-file-server');
    mkdirSync(link, { recursive: true });
    try {
      symlinkSync(original, path.join(link, 'server.ts'));
    } catch {
      return; // Windows without the right to make links
    }
    const result = writeSimilarityReport({ submissions: findSubmissions(dir), exercises: [ex06], out: path.join(dir, 'out'), threshold: defaultThreshold });
    expect(result.pairs.some((pair) => pair.a === 'cy' || pair.b === 'cy')).toBe(false);
    expect(result.notes).toEqual(["ex06: cy's server.ts is not a file of its own (a link?), so it was left out, as grading leaves it out."]);
  });
});

describe('the tokens', () => {
  const tokens = (text: string) => treeTokens(text).tokens.map((token) => token.token);

  test('names, literals, comments and layout are not in them', () => {
    const one = 'function add(a: number, b: number) {\n  // the sum\n  return a + b + 1;\n}\n';
    const other = '/** Adds. */\nfunction plus(x: number,\n    y: number) { return x + y + 42; }';
    expect(tokens(one)).toEqual(tokens(other));
  });

  test('what the code does is in them', () => {
    expect(tokens('const a = b + c;')).not.toEqual(tokens('const a = b - c;'));
    expect(tokens('f(a);')).not.toEqual(tokens('f(a, b);'));
  });

  test('broken code still gives tokens, in order', () => {
    const { tokens: broken } = treeTokens('function (x { return ');
    expect(broken.length).toBeGreaterThan(0);
  });

  test('a file with Windows line ends is the same document, line for line', () => {
    const text = readFileSync(path.join(classDir, 'original-work', 'exercises', 'ex06-file-server', 'server.ts'), 'utf8');
    const unix = tokenizeDocument('unix', [{ name: 'server.ts', text }]).tokenized;
    const windows = tokenizeDocument('windows', [{ name: 'server.ts', text: text.replaceAll('\n', '\r\n') }]).tokenized;
    expect(windows.tokens).toEqual(unix.tokens);
    expect(windows.mapping).toEqual(unix.mapping);
    expect(windows.lines).toEqual(unix.lines);
  });

  test('the files of a multi-file exercise follow one another, each from its first line', () => {
    const document = tokenizeDocument('two', [
      { name: 'a.ts', text: 'const a = 1;\nconst b = 2;' },
      { name: 'b.ts', text: 'export {};\n' },
    ]);
    expect(document.starts).toEqual([
      { name: 'a.ts', line: 0 },
      { name: 'b.ts', line: 2 },
    ]);
    expect(document.tokenized.mapping.at(-1)?.startRow).toBe(2);
  });
});
