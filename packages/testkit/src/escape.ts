/**
 * Shows bytes the way a tester should: every invisible character made visible, so "\r\n" versus
 * "\n" is something a beginner can see.
 */
export function escapeBytes(bytes: Buffer | string): string {
  const text = typeof bytes === 'string' ? bytes : bytes.toString('latin1');
  // Bytes past ASCII are shown by number too: as letters they would be guesses (is it UTF-8?
  // Latin-1?), and some of them are terminal control codes.
  return quote(text, (code) => code < 0x20 || code >= 0x7f);
}

/**
 * Like escapeBytes, for text already decoded (from UTF-8, say): letters stay letters, and only
 * control characters are written out.
 */
export function escapeText(text: string): string {
  return quote(text, (code) => code < 0x20 || (code >= 0x7f && code < 0xa0));
}

function quote(text: string, hidden: (code: number) => boolean): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '\r') out += '\\r';
    else if (char === '\n') out += '\\n';
    else if (char === '\t') out += '\\t';
    else if (char === '"') out += '\\"';
    else if (char === '\\') out += '\\\\';
    else if (hidden(code)) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += char;
  }
  return `"${out}"`;
}

/** Like escapeBytes, but cut to `max` bytes with a note of how much was left out. */
export function escapeStart(bytes: Buffer, max = 300): string {
  if (bytes.length <= max) return escapeBytes(bytes);
  return `${escapeBytes(bytes.subarray(0, max))} … (${bytes.length - max} more bytes)`;
}

/** Index of the first byte where two texts differ, or -1 when they are equal. */
export function firstDifference(expected: Buffer, received: Buffer): number {
  const length = Math.min(expected.length, received.length);
  for (let i = 0; i < length; i++) if (expected[i] !== received[i]) return i;
  return expected.length === received.length ? -1 : length;
}

/**
 * Two escaped texts one above the other with a caret under the first byte that differs, like:
 *   Expected: "HTTP/1.1 200 OK\r\n"
 *   Received: "HTTP/1.1 200 OK\n"
 *                             ^ here
 */
export function caretDiff(expected: Buffer, received: Buffer, labels = ['Expected', 'Received']): string {
  const at = firstDifference(expected, received);
  const [expectedLabel = 'Expected', receivedLabel = 'Received'] = labels;
  const width = Math.max(expectedLabel.length, receivedLabel.length) + 2;
  const top = `${`${expectedLabel}:`.padEnd(width)}${escapeStart(expected)}`;
  const bottom = `${`${receivedLabel}:`.padEnd(width)}${escapeStart(received)}`;
  if (at === -1 || at > 300) return `${top}\n${bottom}`;
  // The caret goes under the escaped form of the byte, so count escaped widths before it.
  const column = width + escapeBytes(received.subarray(0, at)).length - 1;
  return `${top}\n${bottom}\n${' '.repeat(column)}^ first difference, at byte ${at}`;
}
