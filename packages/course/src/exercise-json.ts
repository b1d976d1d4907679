/**
 * Reads one exercise.json and checks it against exercise.schema.json, beside this package's
 * package.json. A file that does not fit is refused with a message naming the file, the field and
 * what is valid there, so whoever wrote it can fix it without reading the schema.
 */
import { readFileSync } from 'node:fs';
import { Validator, type OutputUnit, type Schema } from '@cfworker/json-schema';

export type Role = 'edit' | 'given';
/** Who sees a test's name and result: everyone, the instructor alone, or students once the due date has passed. */
export type Visibility = 'visible' | 'hidden' | 'after-due';
export type Need = 'child-processes' | 'workers';

/** exercise.json, as written. */
export interface ExerciseJson {
  title: string;
  /** The lesson package the exercise belongs to, e.g. `lesson-02-happy-server`. */
  lesson: string;
  points: number;
  /** What its programs may start while graded, besides themselves. Without it, nothing. */
  needs?: Need[];
  /** The starter's files by name: whether the student edits it, and the sha256 of its untouched starter. */
  files: Record<string, { role: Role; starter: string }>;
  /** Points for some tests by name; the tests not named share the rest (the grader's points.ts). */
  tests?: Record<string, number>;
  /** Who sees a test's result, by test file or by a test's full name; a test not named is visible. */
  visibility?: Record<string, Visibility>;
}

/** exercise.json does not fit the schema, or is not JSON at all. */
export class ExerciseJsonError extends Error {
  override readonly name = 'ExerciseJsonError';
  readonly code = 'ERR_BAD_EXERCISE_JSON';
}

const schemaFile = new URL('../exercise.schema.json', import.meta.url);
const schema = JSON.parse(readFileSync(schemaFile, 'utf8')) as Schema;
const validator = new Validator(schema, '2020-12', false);

/** Reads and checks `file`; `shown` is how messages name it, such as exercises/ex02-happy-server/exercise.json. */
export function readExerciseJson(file: string, shown: string): ExerciseJson {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'is missing' : `is not valid JSON: ${(error as Error).message}`;
    throw new ExerciseJsonError(`${shown} ${reason}. It gives the exercise's title, lesson, points and files.`);
  }
  const problems = validator.validate(data).errors.flatMap((unit) => explain(unit, data));
  if (problems.length > 0) throw new ExerciseJsonError(`${shown} does not fit the course's schema:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  const exercise = data as ExerciseJson;
  if (!Object.values(exercise.files).some((f) => f.role === 'edit')) {
    throw new ExerciseJsonError(`${shown}: "files" has no file with "role": "edit". At least one file is the student's to change.`);
  }
  return exercise;
}

/** `#/files/server.ts/role` as `files › server.ts › role`. */
function fieldOf(pointer: string): string[] {
  return pointer
    .replace(/^#\/?/, '')
    .split('/')
    .filter(Boolean)
    .map((part) => decodeURIComponent(part).replaceAll('~1', '/').replaceAll('~0', '~'));
}

function valueAt(data: unknown, field: string[]): unknown {
  return field.reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], data);
}

/** The schema's own words for what is valid where an error was found, following `$ref`. */
function descriptionAt(keywordLocation: string): string | undefined {
  let node: unknown = schema;
  const parts = fieldOf(keywordLocation).slice(0, -1);
  for (const part of parts) {
    node = (node as Record<string, unknown>)[part];
    if (part === '$ref' && typeof node === 'string') node = valueAt(schema, fieldOf(node));
  }
  return (node as { description?: string } | undefined)?.description;
}

const fields = Object.keys(schema.properties ?? {}).filter((name) => name !== '$schema');

/** One sentence for each error at the end of a chain; the chain's links ("a subschema had errors") say nothing new. */
function explain(unit: OutputUnit, data: unknown): string[] {
  const field = fieldOf(unit.instanceLocation);
  const name = (parts: string[]) => `"${parts.join(' › ')}"`;
  switch (unit.keyword) {
    case 'required': {
      const missing = /property "(.+)"/.exec(unit.error)?.[1] ?? '?';
      const what = descriptionAt(`${unit.keywordLocation.replace(/\/required$/, '')}/properties/${missing}/x`);
      return [`${name([...field, missing])} is missing${what ? `: ${what}` : ''}.`];
    }
    case 'false':
      return field.length === 1
        ? [`${name(field)} is not a field of exercise.json; the fields are ${fields.map((f) => `"${f}"`).join(', ')}.`]
        : [`${name(field)} is not a field here.`];
    case 'properties':
    case 'additionalProperties':
    case 'propertyNames':
    case '$ref':
    case 'items':
      return [];
    default: {
      const isName = unit.keywordLocation.includes('/propertyNames/');
      const shown = isName ? name(field.slice(0, -1)) : name(field);
      const value = isName ? field.at(-1) : valueAt(data, field);
      const what = descriptionAt(unit.keywordLocation);
      const has = isName ? `has the name ${JSON.stringify(value)}` : `is ${JSON.stringify(value)}`;
      return [`${shown} ${has}; it must be ${what ?? unit.error}.`];
    }
  }
}
