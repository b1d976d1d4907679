/**
 * What each of the test kit's failure messages means, and what to try, in a learner's words.
 *
 * The messages themselves come from the golden files in packages/testkit/test/golden/, so the
 * reference page always shows the exact text the kit prints today. Only the explanation lives
 * here, keyed by the golden file's name. A new golden file without a note still gets a section
 * (its own hint is shown), and the build prints a warning so someone writes the note.
 */
export type FailureNote = {
  /** A short heading: the verdict in a few words. */
  title: string;
  meaning: string;
  /** Things to try, most likely first. */
  tryThis: string[];
};

export const failureNotes: Record<string, FailureNote> = {
  'connection-refused': {
    title: 'The connection failed (ECONNREFUSED)',
    meaning:
      'Nothing was listening on the port the test chose. Your program either stopped, crashed, or listens on another port.',
    tryThis: [
      'Read the port from `process.env.PORT`. The tests pick a free port and pass it this way; a fixed 8080 is the wrong port.',
      'Run the program by hand and watch for an error before "listening".',
      'Make sure the program keeps running: a server waits for clients, it does not finish.',
    ],
  },
  'closed-without-answer': {
    title: 'The server closed the connection without an answer',
    meaning: 'The connection opened, the request went out, and the server hung up without sending a single byte.',
    tryThis: [
      'Write the response before you call `socket.end()` or `socket.destroy()`.',
      'Look for an exception in your data handler: an error thrown there can end the connection early.',
    ],
  },
  'head-never-ends': {
    title: 'The head of the response never ended',
    meaning:
      'Some of a response came back, but not the blank line that ends its head, so the client cannot tell where the headers stop and the body starts.',
    tryThis: [
      'End the head with an empty line: the last header line is followed by `\\r\\n\\r\\n` in total.',
      'Print your response with `JSON.stringify` to see every `\\r\\n` it contains.',
    ],
  },
  'bare-lf': {
    title: 'Lines end with \\n instead of \\r\\n',
    meaning: 'HTTP lines end with two bytes, carriage return and line feed. Some of your lines end with the line feed alone.',
    tryThis: [
      'Join the lines of the head with `"\\r\\n"`, written out in the code.',
      'Avoid template literals with real line breaks for the head: they contain `\\n` only.',
    ],
  },
  'no-content-length': {
    title: 'No Content-Length header',
    meaning:
      'The response has a body but does not say how long it is. The client can only guess that the body ends when the connection closes, and a crash looks the same.',
    tryThis: ['Send `Content-Length` with the size of the body in bytes: `Buffer.byteLength(body)`.'],
  },
  'content-length-too-short': {
    title: 'Content-Length does not match the body',
    meaning:
      'The header promises one number of bytes and another number arrives. This happens most often with characters such as `é` or `→`, which take more than one byte.',
    tryThis: [
      'Count bytes, not characters: `Buffer.byteLength(body)` instead of `body.length`.',
      'Compute the length from the exact body you send, after every change to it.',
    ],
  },
  'answered-too-early': {
    title: 'The server answered before the whole request arrived',
    meaning:
      'The test sent the request in pieces. Your server answered after the first piece, so it treated one read as one request.',
    tryThis: [
      'Keep every chunk that arrives, joined together, and look for `\\r\\n\\r\\n` in all of it.',
      'Only answer once that blank line has been found.',
    ],
  },
  'stays-open': {
    title: 'The connection stayed open after the answer',
    meaning:
      'A complete response came back, but the server kept the connection open. In this exercise the server should hang up after each answer.',
    tryThis: ['Call `socket.end()` after writing the response.', 'Send `Connection: close` so the client knows what is coming.'],
  },
  'wrong-status': {
    title: 'The status code is not the one expected',
    meaning: 'The server answered, but with another status code than the task asks for on this path.',
    tryThis: [
      'Check the method and the path your code compares against: `/about` and `/about/` are different paths.',
      'Try the same request by hand with the `curl -i` line from the message.',
    ],
  },
  'body-differs': {
    title: 'The body is not the expected text',
    meaning:
      'The body came back, but differs from the expected text. The caret (^) points at the first byte that differs.',
    tryThis: [
      'Compare the two lines character by character at the caret: a missing `!`, a space, or a newline at the end are the usual causes.',
      'Copy the expected text from the task rather than typing it again.',
    ],
  },
  'missing-header': {
    title: 'A header is missing',
    meaning: 'The response does not contain a header the task asks for.',
    tryThis: [
      'Set the header before you send the body: once body bytes are on their way, it is too late.',
      'Check the spelling of the header name, and give the value in full, for example `text/plain; charset=utf-8`.',
    ],
  },
};
