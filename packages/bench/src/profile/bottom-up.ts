/**
 * A CPU profile's "bottom-up" view, as DevTools shows it: for each function, the time the
 * profiler caught it running its own code (self time), biggest first. The profile is V8's
 * format, the one `node --cpu-prof` writes: a tree of call frames, and a list of samples, each
 * naming the frame that was on top of the stack and the time since the previous sample.
 */
import path from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
}

export interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame }[];
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  /** `realpath`, `(garbage collector)`, `serve` */
  name: string;
  /** Where it is: `node:internal/fs/promises`, `lesson-04-file-server/src/server.ts`, or '' for native code. */
  where: string;
  /** Its share of all the samples, 0 to 1. */
  share: number;
}

/** The functions with the most self time, merged by name and place. `root` shortens the paths. */
export function bottomUp(profile: CpuProfile, root: string): SelfTime[] {
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const byFunction = new Map<string, SelfTime & { micros: number }>();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const micros = profile.timeDeltas[index] ?? 0;
    total += micros;
    const frame = frames.get(id);
    if (!frame) return;
    const name = frame.functionName || '(anonymous)';
    const where = placeOf(frame, root);
    const key = `${name} ${where}`;
    const entry = byFunction.get(key) ?? { name, where, share: 0, micros: 0 };
    entry.micros += micros;
    byFunction.set(key, entry);
  });
  return [...byFunction.values()].map(({ name, where, micros }) => ({ name, where, share: total > 0 ? micros / total : 0 })).sort((a, b) => b.share - a.share);
}

/**
 * Native code (a system call's wrapper, the garbage collector) has no url. No line numbers: for
 * the lessons' own files they count in the JavaScript the kit built, not in the .ts you read.
 */
function placeOf(frame: CallFrame, root: string): string {
  if (!frame.url) return '';
  let file = frame.url.startsWith('file://') ? decodeURIComponent(new URL(frame.url).pathname) : frame.url;
  if (path.isAbsolute(file)) {
    const relative = path.relative(path.join(root, 'packages'), file);
    file = relative.startsWith('..') ? path.basename(file) : relative.split(path.sep).join('/');
  }
  return file;
}
