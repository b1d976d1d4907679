/**
 * Groups of three or more students who share code on one exercise: the connected parts of the
 * graph whose edges are the pairs at or above the threshold. Only students count as members:
 * the starter and the reference solution would join everyone who handed either in, although
 * those students shared nothing with one another.
 */
import { referenceName, starterName, type SimilarPair } from './compare.ts';

export interface Cluster {
  exercise: string;
  /** Sorted by name. */
  students: string[];
  /** The pairs inside the group that are at or above the threshold, most similar first. */
  pairs: SimilarPair[];
}

export function clustersOf(flagged: SimilarPair[]): Cluster[] {
  const between = flagged.filter((pair) => ![referenceName, starterName].includes(pair.b));
  const clusters: Cluster[] = [];
  for (const exercise of [...new Set(between.map((pair) => pair.exercise))]) {
    const pairs = between.filter((pair) => pair.exercise === exercise);
    // Union-find over the students' names.
    const parent = new Map<string, string>();
    const find = (name: string): string => {
      let root = name;
      for (let up = parent.get(root); up !== undefined && up !== root; up = parent.get(root)) root = up;
      parent.set(name, root);
      return root;
    };
    for (const { a, b } of pairs) {
      if (!parent.has(a)) parent.set(a, a);
      if (!parent.has(b)) parent.set(b, b);
      parent.set(find(a), find(b));
    }
    const groups = new Map<string, string[]>();
    for (const name of parent.keys()) groups.set(find(name), [...(groups.get(find(name)) ?? []), name]);
    for (const students of groups.values()) {
      if (students.length < 3) continue;
      students.sort();
      const inside = pairs.filter((pair) => students.includes(pair.a)).sort((x, y) => y.similarity - x.similarity);
      clusters.push({ exercise, students, pairs: inside });
    }
  }
  return clusters.sort((x, y) => y.students.length - x.students.length || x.exercise.localeCompare(y.exercise));
}
