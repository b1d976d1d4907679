/**
 * Bytes as someone watching the network would read them: every letter, digit and sign that is
 * plain ASCII stays, line breaks stay, and every other byte becomes a dot.
 *
 * An HTTP request comes out as you wrote it. A TLS record comes out as dots and a scatter of
 * letters, because encrypted bytes look like random ones, and about a third of random bytes
 * happen to be printable. Only what TLS itself sends unencrypted stands out: the name of the
 * server you asked for, in the first message of the handshake.
 */

/** Lines of at most `width` characters; after `maxLines` of them, a count of what was left out. */
export function readableLines(bytes: Buffer, width = 64, maxLines = 8): string[] {
  let text = '';
  for (const byte of bytes) {
    if (byte === 0x0a) text += '\n';
    else if (byte === 0x0d) continue;
    else text += byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.';
  }
  const lines = text
    .replace(/\n$/, '')
    .split('\n')
    .flatMap((line) => (line.length <= width ? [line] : (line.match(new RegExp(`.{1,${width}}`, 'g')) ?? [])));
  if (lines.length <= maxLines) return lines;
  return [...lines.slice(0, maxLines), `... and ${lines.length - maxLines} more lines`];
}
