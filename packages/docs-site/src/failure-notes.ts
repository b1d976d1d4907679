/**
 * What each of the test kit's failure messages means, and what to try, in a learner's words.
 *
 * The messages themselves come from the golden files in packages/testkit/test/golden/, so the
 * reference page always shows the exact text the kit prints today. Only the explanation lives
 * here, keyed by the golden file's name; the page shows them in the order of this list. A new
 * golden file without a note still gets a section (its own hint is shown), and the build prints a
 * warning so someone writes the note.
 */
export type FailureNote = {
  /** A short heading: the verdict in a few words. */
  title: string;
  meaning: string;
  /** Things to try, most likely first. */
  tryThis: string[];
};

/** A part of the page: the golden files whose names start with `prefix` ('' takes the rest). */
export type FailureGroup = {
  heading: string;
  intro: string;
  prefix: string;
};

/** The parts of the page, in the order a learner meets them. */
export const failureGroups: FailureGroup[] = [
  {
    heading: 'When your program does not start',
    prefix: 'start-',
    intro:
      'Before any check runs, the tests start your program, give it a free port in the environment variable `PORT`, and wait for it to listen there. ' +
      'If it does not, every check of the exercise fails with the same message, which says why. Fix that one first: no check can tell you more until your program runs.',
  },
  {
    heading: 'When a check fails',
    prefix: '',
    intro: 'Your program runs. Each check sends it a request and compares what came back with what the task asks for.',
  },
  {
    heading: 'When the grader stops your program',
    prefix: 'limit-',
    intro:
      'Only when an instructor grades your work with `pnpm grade`: each program then runs with limits, and one that goes over a limit is stopped, at its start or later. ' +
      "The numbers shown are the grader's defaults; your instructor may have chosen others. On your own machine there are no limits.",
  },
];

export const failureNotes: Record<string, FailureNote> = {
  'start-missing-file': {
    title: 'There is no such file',
    meaning: "The tests run the file the exercise names (such as `server.ts`) in the exercise's folder, and there is no file of that name there.",
    tryThis: [
      'If you renamed or moved the file, give it its name and place back.',
      "If it is gone, `pnpm workbook reset ex02` puts the starter back (use your exercise's number); the files you had are kept in `.workbook/backups/`.",
    ],
  },
  'start-does-not-compile': {
    title: 'Your program does not compile',
    meaning:
      'Before running your program, the kit turns its TypeScript into JavaScript. The compiler came to something it cannot read as code, so the program never ran. ' +
      '(A type error does not stop it; a syntax error does.)',
    tryThis: [
      'Go to the file, line and column the message names: the caret (^) points at the spot.',
      'Look just before it too: a bracket, quote or comma missing at the end of one line often shows up at the start of the next.',
      'Your editor underlines the same spot in red.',
    ],
  },
  'start-exited-with-error': {
    title: 'Your program exited before it listened',
    meaning: 'Your program stopped on its own, with an exit code other than 0, before it opened its port. The lines it printed last, quoted in the message, usually say why.',
    tryThis: [
      'Read the quoted lines from the top: the `Error:` line says what went wrong.',
      "Run the program by hand to see all it prints: `pnpm workbook run ex02` (use your exercise's number).",
      'Look for a `process.exit()` that runs before `listen()`.',
    ],
  },
  'start-threw-an-error': {
    title: 'Your program threw an error as it started',
    meaning:
      'An error was thrown before your program listened, and nothing caught it, so Node stopped the program and printed where. ' +
      'The quote shows the file and line, the line itself with a caret under the spot, the error, and the calls that led there.',
    tryThis: [
      'Open the file at the line named on the first `at` line: that is where the error was thrown.',
      'Read the `Error:` line: `Cannot read properties of undefined` means a value you used was not there; `is not a function` means a name is misspelt or not imported.',
    ],
  },
  'start-finished': {
    title: 'Your program finished instead of waiting for requests',
    meaning:
      'Your program ran to its end and exited with code 0, as a script does. A server must keep running: a server that listens keeps the program alive until it is stopped.',
    tryThis: [
      'Check that `listen()` is called, and not only written in a function that nothing calls.',
      'Remove any `process.exit()`, and any `server.close()` that runs right after `listen()`.',
    ],
  },
  'start-killed': {
    title: 'Your program was killed before it listened',
    meaning:
      'Something stopped your program from outside, with a signal such as SIGKILL, before it listened: most often the operating system, when memory ran out, or a `process.kill()` in the program itself. ' +
      'A killed program usually has no time to print anything, so there may be no error to read.',
    tryThis: ['Look for `process.kill` in your code.', 'If your program reads or builds something big as it starts, make it smaller, or read it in pieces.'],
  },
  'start-port-in-use': {
    title: 'The port was already in use (EADDRINUSE)',
    meaning:
      'Your program asked to listen on a port that another program already holds, `listen()` failed, and your program exited. ' +
      'The tests always give a free port in `PORT`, so this happens when a program listens on another one, such as a fixed 8080 that a copy started earlier still holds.',
    tryThis: [
      'Listen on the port from the environment: `Number(process.env.PORT ?? 8080)`, not a fixed number.',
      'Stop the other copy: press Ctrl+C in the terminal where it runs.',
    ],
  },
  'start-never-listens': {
    title: 'Your program runs, but never listens',
    meaning: 'Your program started and keeps running, but in the few seconds the tests wait, nothing listened on the port they gave it in `PORT`.',
    tryThis: [
      'Check that `listen()` is called: a server that is created but never told to listen waits for nothing.',
      'Give `listen()` the port from `process.env.PORT`, turned into a number with `Number(...)`.',
      'If your program does something slow before it listens, listen first.',
    ],
  },
  'start-stuck-in-loop': {
    title: 'Your program is stuck in a loop before it listens',
    meaning: 'Your program started, then kept computing without a pause. JavaScript does one thing at a time: while a loop runs, nothing else can, not even `listen()`.',
    tryThis: [
      'Look for a `while` or `for` loop before `listen()` whose condition never becomes false.',
      'Run the program by hand and put a `console.log` before and after each loop: the loop whose second line never prints is the one.',
    ],
  },
  'start-wrong-port': {
    title: 'Your program listens on the wrong port',
    meaning:
      'Your program listens, but on another port than the one the tests gave it in `PORT`. The tests pick a free port for every run, so a fixed port is always the wrong one.',
    tryThis: [
      'Read the port from the environment, `const port = Number(process.env.PORT ?? 8080);`, and pass `port` to `listen()`.',
      'Check every `listen()` call: the number 8080 written in one of them wins over the variable.',
    ],
  },
  'start-not-allowed': {
    title: 'Your program may not start other programs here',
    meaning:
      'Only while your work is graded: your program imports `node:child_process`, `node:cluster` or `node:worker_threads`, which this exercise does not allow, so it was not started at all.',
    tryThis: ['Remove those imports: the exercise needs only the one process.', 'If a package you added imports them, do without it in this exercise.'],
  },
  'connection-refused': {
    title: 'The connection failed (ECONNREFUSED)',
    meaning: 'Nothing was listening on the port the test chose. Your program either stopped, crashed, or listens on another port.',
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
    meaning: 'Some of a response came back, but not the blank line that ends its head, so the client cannot tell where the headers stop and the body starts.',
    tryThis: [
      'End the head with an empty line: the last header line is followed by `\\r\\n\\r\\n` in total.',
      'Print your response with `JSON.stringify` to see every `\\r\\n` it contains.',
    ],
  },
  'bare-lf': {
    title: 'Lines end with \\n instead of \\r\\n',
    meaning: 'HTTP lines end with two bytes, carriage return and line feed. Some of your lines end with the line feed alone.',
    tryThis: ['Join the lines of the head with `"\\r\\n"`, written out in the code.', 'Avoid template literals with real line breaks for the head: they contain `\\n` only.'],
  },
  'no-content-length': {
    title: 'No Content-Length header',
    meaning: 'The response has a body but does not say how long it is. The client can only guess that the body ends when the connection closes, and a crash looks the same.',
    tryThis: ['Send `Content-Length` with the size of the body in bytes: `Buffer.byteLength(body)`.'],
  },
  'content-length-too-short': {
    title: 'Content-Length does not match the body',
    meaning: 'The header promises one number of bytes and another number arrives. This happens most often with characters such as `é` or `→`, which take more than one byte.',
    tryThis: [
      'Count bytes, not characters: `Buffer.byteLength(body)` instead of `body.length`.',
      'Compute the length from the exact body you send, after every change to it.',
    ],
  },
  'answered-too-early': {
    title: 'The server answered before the whole request arrived',
    meaning: 'The test sent the request in pieces. Your server answered after the first piece, so it treated one read as one request.',
    tryThis: ['Keep every chunk that arrives, joined together, and look for `\\r\\n\\r\\n` in all of it.', 'Only answer once that blank line has been found.'],
  },
  'stays-open': {
    title: 'The connection stayed open after the answer',
    meaning: 'A complete response came back, but the server kept the connection open. In this exercise the server should hang up after each answer.',
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
    meaning: 'The body came back, but differs from the expected text. The caret (^) points at the first byte that differs.',
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
  'crashed-while-answering': {
    title: 'Your program crashed while answering',
    meaning:
      'Your program started, but an error thrown while it handled this request ended it, so the connection closed without an answer. ' +
      'The quote shows what it printed as it stopped: the file and line, the error, the calls that led there. The tests start it again for the next check.',
    tryThis: [
      'Open the file at the line named on the first `at` line: that is where the error was thrown.',
      'Catch the error where you handle a request and answer with status 500, so that one bad request does not end the server for everyone.',
    ],
  },
  'limit-memory': {
    title: 'Too much memory',
    meaning:
      'While graded, a program may use only so much memory, together with every process it starts. Yours used more, so it was stopped. Whole files read into memory, and lists that only grow, add up.',
    tryThis: [
      'Send big files as a stream, `fs.createReadStream(file).pipe(res)`, instead of reading them whole.',
      'Keep only what you still need: a list of every request or every body only grows.',
    ],
  },
  'limit-processes': {
    title: 'Too many processes',
    meaning: 'While graded, a program and the processes it starts may be only so many at once. Yours started more, so it was stopped.',
    tryThis: [
      'Start a fixed number of workers when the server starts, such as one per CPU core, not one per request.',
      'Make sure each process you start ends once its work is done.',
    ],
  },
  'limit-cpu': {
    title: 'Too much CPU time',
    meaning:
      'While graded, all the programs of your submission share a budget of CPU time. Yours used it up, so the one that was running was stopped. ' +
      'A loop or a timer that keeps running between requests uses CPU even while nobody asks anything.',
    tryThis: ['Look for a loop that waits by checking over and over: wait for an event instead.', 'Look for a `setInterval` with a very short delay.'],
  },
  'limit-output': {
    title: 'Too much output',
    meaning: 'While graded, your programs together may print only so much to stdout and stderr. Yours printed more, so the one that was running was stopped.',
    tryThis: ['Print one short line per request at most.', 'Do not print bodies or whole files; print their size.'],
  },
  'limit-disk': {
    title: 'The disk is full',
    meaning: 'While graded, your submission gets a fixed amount of disk space. Your program wrote more than that, so it was stopped.',
    tryThis: ['Write only the files the exercise asks for.', 'Overwrite a file instead of adding to it without end, or making a new one for every request.'],
  },
};
