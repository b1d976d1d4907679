/**
 * Tells when one of the student's files was saved. Two ways at once, because neither is enough
 * alone: file-system events arrive at once but not everywhere (network drives, some containers
 * and virtual machines, WSL reading a Windows folder), and polling works everywhere but a moment
 * later. Either way, a save counts only if a file's size or time really changed, so the two never
 * report one save twice, and an editor's burst of writes is one save.
 *
 * Only the student's own files are watched: a server under test that writes a file into its
 * folder must not set off another run, and another, and another.
 */
import { statSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

export interface WatchOptions {
  /** Only poll: for file systems whose events never arrive (the watch command's --poll). */
  pollOnly?: boolean;
  /** How often to look at the files when polling (default 500 ms). */
  pollMs?: number;
  /** How long to wait for an editor to finish writing before looking (default 100 ms). */
  settleMs?: number;
}

function look(files: string[]): string {
  return files
    .map((file) => {
      try {
        const stats = statSync(file);
        return `${stats.size}:${stats.mtimeMs}`;
      } catch {
        return 'missing';
      }
    })
    .join('|');
}

export class FileWatcher {
  readonly #files: string[];
  readonly #onSave: () => void;
  readonly #settleMs: number;
  #last: string;
  #settle: NodeJS.Timeout | undefined;
  readonly #poll: NodeJS.Timeout;
  readonly #watchers: FSWatcher[] = [];

  constructor(files: string[], onSave: () => void, options: WatchOptions = {}) {
    this.#files = files;
    this.#onSave = onSave;
    this.#settleMs = options.settleMs ?? 100;
    this.#last = look(files);
    this.#poll = setInterval(() => this.#check(), options.pollMs ?? 500);
    if (options.pollOnly) return;
    // Editors often save by writing a new file and renaming it over the old one, which ends a
    // watch on the file itself; a watch on its folder sees that too.
    for (const dir of new Set(files.map((file) => path.dirname(file)))) {
      try {
        const watcher = watch(dir, () => this.#soon());
        watcher.on('error', () => watcher.close()); // polling carries on
        this.#watchers.push(watcher);
      } catch {
        // No events here: polling alone will do.
      }
    }
  }

  /** An event came: give the editor a moment to finish, then look. */
  #soon(): void {
    clearTimeout(this.#settle);
    this.#settle = setTimeout(() => this.#check(), this.#settleMs);
  }

  #check(): void {
    const now = look(this.#files);
    if (now === this.#last) return;
    this.#last = now;
    this.#onSave();
  }

  close(): void {
    clearInterval(this.#poll);
    clearTimeout(this.#settle);
    for (const watcher of this.#watchers) watcher.close();
  }
}
