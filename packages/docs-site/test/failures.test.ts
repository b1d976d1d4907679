/**
 * The failure reference page: every golden file of the test kit shown with its note, the start
 * failures first, under their own heading, each message exactly as its golden file holds it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { failureGroups, failureNotes } from '../src/failure-notes.ts';
import { failuresMarkdown, GOLDEN_FOLDER } from '../src/generated-pages.ts';
import { root } from '../src/site-paths.ts';

const goldenNames = readdirSync(path.join(root, GOLDEN_FOLDER))
  .filter((file) => file.endsWith('.txt'))
  .map((file) => file.slice(0, -'.txt'.length));

function build(): { markdown: string; warnings: string[] } {
  const warnings: string[] = [];
  return { markdown: failuresMarkdown((line) => warnings.push(line)), warnings };
}

describe('the failure reference page', () => {
  test('every golden file has a note, and every note a golden file', () => {
    expect(build().warnings).toEqual([]);
    expect(Object.keys(failureNotes).sort()).toEqual([...goldenNames].sort());
  });

  test('the start failures come first, under their heading, then the checks, then the limits', () => {
    const { markdown } = build();
    const at = (text: string) => markdown.indexOf(text);
    const headingAt = (prefix: string) => at(`\n## ${failureGroups.find((group) => group.prefix === prefix)!.heading}\n`);
    const [start, check, limit] = ['start-', '', 'limit-'].map(headingAt);
    expect(start).toBeGreaterThan(0);
    expect(check).toBeGreaterThan(start!);
    expect(limit).toBeGreaterThan(check!);
    for (const prefix of ['chunked-', 'range-', 'events-']) {
      expect(headingAt(prefix), prefix).toBeGreaterThan(check!);
      expect(headingAt(prefix), prefix).toBeLessThan(limit!);
    }
    expect(at(`### ${failureNotes['chunked-size-not-hex']!.title}`)).toBeGreaterThan(headingAt('chunked-'));
    expect(at(`### ${failureNotes['events-no-event']!.title}`)).toBeGreaterThan(headingAt('events-'));
    expect(at(`### ${failureNotes['start-wrong-port']!.title}`)).toBeGreaterThan(start!);
    expect(at(`### ${failureNotes['start-wrong-port']!.title}`)).toBeLessThan(check!);
    expect(at(`### ${failureNotes['bare-lf']!.title}`)).toBeGreaterThan(check!);
    expect(at(`### ${failureNotes['limit-memory']!.title}`)).toBeGreaterThan(limit!);
  });

  test('each message is shown exactly as its golden file holds it', () => {
    const { markdown } = build();
    for (const name of goldenNames) {
      const message = readFileSync(path.join(root, GOLDEN_FOLDER, `${name}.txt`), 'utf8');
      expect(markdown, name).toContain(message.replace(/\n?$/, '\n'));
    }
  });
});
