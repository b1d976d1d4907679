/**
 * The keys pressed while a view is open, one at a time. On a terminal, stdin is put in raw mode
 * so a key arrives without Enter; without one (piped input, a test), each character read counts
 * as a key and line ends are ignored.
 */
export type Key = string | 'enter' | 'escape' | 'up' | 'down' | 'ctrl-c';

const named: Record<string, Key> = {
  '\r': 'enter',
  '\n': 'enter',
  '\x1b': 'escape',
  '\x1b[A': 'up',
  '\x1bOA': 'up',
  '\x1b[B': 'down',
  '\x1bOB': 'down',
  '\x03': 'ctrl-c',
};

/** Splits what one read brought into keys: an arrow is three bytes, a pasted word several keys. */
function keysIn(data: string, raw: boolean): Key[] {
  if (named[data]) return [named[data]];
  return [...data].flatMap((char): Key[] => {
    if (!raw && (char === '\n' || char === '\r')) return [];
    return [named[char] ?? char];
  });
}

/** Calls `onKey` for every key until the returned function is called. */
export function listenForKeys(onKey: (key: Key) => void, input: NodeJS.ReadStream = process.stdin): () => void {
  const raw = Boolean(input.isTTY);
  if (raw) input.setRawMode(true);
  input.setEncoding('utf8');
  const onData = (data: string) => keysIn(data, raw).forEach(onKey);
  input.on('data', onData);
  input.resume();
  return () => {
    input.off('data', onData);
    if (raw) input.setRawMode(false);
    input.pause();
  };
}
