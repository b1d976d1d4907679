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
    heading: 'When a streamed answer is not framed right',
    prefix: 'chunked-',
    intro:
      'These checks read a body sent with `Transfer-Encoding: chunked`, as in exercise ex14 and part 1 of lesson 11: each piece is its size in hexadecimal, `\\r\\n`, the bytes, `\\r\\n`, and `0\\r\\n\\r\\n` ends the body. ' +
      'The message shows the body as it came, sizes and all, with a caret under the byte where the framing goes wrong.',
  },
  {
    heading: 'When a range is not answered right',
    prefix: 'range-',
    intro:
      'These checks ask for part of a file with a `Range` header, as a video player or a resumed download does (part 3 of lesson 11). ' +
      'The file in these samples is 45 bytes long; yours is another, and the message says which bytes were asked for.',
  },
  {
    heading: 'When an event stream goes wrong',
    prefix: 'events-',
    intro:
      "These checks open `GET /events` as the browser's `EventSource` does, and read the stream as it comes (exercise ex15, part 4 of lesson 11). " +
      'A stream has no end, so a check waits a short time for what it expects; the message says what the stream gave until then.',
  },
  {
    heading: 'When a cookie is not set right',
    prefix: 'cookie-',
    intro:
      'These checks read the `Set-Cookie` lines of an answer, as in exercise ex16 and lesson 12: the cookie itself, `name=value`, then its attributes for the browser. ' +
      'The message shows the line it judged, and says what the missing attribute is for.',
  },
  {
    heading: 'When HTTPS is not right',
    prefix: 'tls-',
    intro:
      'These checks talk to your server over TLS, trusting only a local authority the tests make for the run (exercise ex17, lesson 13), and to its plain-HTTP port. ' +
      'A failed handshake is named for what went wrong in it; the curl command shown trusts the authority that `pnpm workbook cert` made, to try the same by hand.',
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
  'chunked-missing': {
    title: 'The answer is not sent in chunks',
    meaning:
      'The check expected `Transfer-Encoding: chunked` in the head, and it is not there. The answer has a `Content-Length` instead, or nothing at all, which is how the starter sends it: no framing, and the close ends the body.',
    tryThis: [
      'Put `Transfer-Encoding: chunked` in the head, and leave `Content-Length` out.',
      'Then frame each piece as a chunk: `exercises/ex14-chunked/README.md` shows the whole body of `GET /count/3?word=grüße`, byte for byte.',
      'Stuck? `pnpm workbook hint ex14` shows the first hint.',
    ],
  },
  'chunked-and-length': {
    title: 'Both Content-Length and Transfer-Encoding',
    meaning:
      'The head says `Transfer-Encoding: chunked` and gives a `Content-Length` too: two different answers to "where does the body end?". ' +
      'HTTP says the chunks win, but a client or a proxy that trusts the other header reads the body wrong, and that mismatch is a known way to attack servers.',
    tryThis: [
      'Remove the `Content-Length` line from the head of a chunked answer.',
      'If you copied the head from an earlier exercise, look for the `Content-Length` it brought along.',
    ],
  },
  'chunked-no-framing': {
    title: 'The body came without chunk sizes',
    meaning:
      'The head promises chunks, so the client reads the first line of the body as a size in hexadecimal. It found your text there instead: the pieces were written as they are, without their sizes.',
    tryThis: [
      'Before each piece, write its size in hex and `\\r\\n`; after it, `\\r\\n`: `Buffer.byteLength(piece).toString(16) + "\\r\\n" + piece + "\\r\\n"`.',
      'Check that every write of the body goes through the function that frames it, not straight to `socket.write()`.',
    ],
  },
  'chunked-size-not-hex': {
    title: 'A chunk size is written in decimal',
    meaning:
      'Chunk sizes are hexadecimal: `10` means 16 bytes, and `c` means 12. A size written in decimal is read as a bigger number, so the client takes too many bytes and loses its place. ' +
      'The message works out which one you meant, when it can.',
    tryThis: ['Write the size with `.toString(16)`: `(12).toString(16)` is `"c"`.', 'A size of 9 bytes or less looks the same in both, which is why the test words are long.'],
  },
  'chunked-too-long': {
    title: 'A chunk is longer than its size says',
    meaning:
      'The client read as many bytes as the size line said, and expected `\\r\\n` right after them; more of the chunk came instead. ' +
      'This happens most often when the size counts characters: `ü`, `ß` and `→` are one character each, but two or three bytes.',
    tryThis: [
      'Count bytes: `Buffer.byteLength(piece)`, not `piece.length`. Or turn the piece into a Buffer first and use `buffer.length`.',
      "End each chunk's data with `\\r\\n`, and count only the data in its size, not that `\\r\\n`.",
    ],
  },
  'chunked-bare-lf': {
    title: 'A line of the framing ends with \\n instead of \\r\\n',
    meaning:
      "Every line of the chunked framing ends with the two bytes `\\r\\n`: the size line, the end of each chunk's data, and the last chunk. One of yours ends with `\\n` alone. A `\\n` inside your text is fine; it is data.",
    tryThis: [
      'Write the framing with `"\\r\\n"` spelt out in the code, after the size and after the data.',
      'The last chunk is `"0\\r\\n\\r\\n"`: a zero, `\\r\\n`, then the blank line, `\\r\\n` again.',
    ],
  },
  'chunked-never-ends': {
    title: 'The chunked body never ended',
    meaning:
      'The chunks came, but not the last chunk, `0\\r\\n\\r\\n`, and the connection stayed open. A chunked body ends only with that chunk, so the client waits for more, and so does anyone watching the page load.',
    tryThis: [
      'After the loop over the pieces, write `"0\\r\\n\\r\\n"`.',
      'Check that the loop ends at all: a `for await` loop ends when the pieces do, so the line after it runs then.',
    ],
  },
  'chunked-no-last-chunk': {
    title: 'The connection closed before the last chunk',
    meaning:
      'The server closed the connection without the last chunk, `0\\r\\n\\r\\n`. The chunks that came may be all of them, but the client cannot tell a finished answer from a server that crashed halfway, so it counts the body as broken.',
    tryThis: [
      'Write `"0\\r\\n\\r\\n"` before you close, and close only after it.',
      'If your program crashed in the middle, the lines it printed say why: run it by hand with `pnpm workbook run ex14`.',
    ],
  },
  'chunked-data-after-last-chunk': {
    title: 'An empty chunk ended the body too early',
    meaning:
      'A chunk of size 0 means "the end". One came, and then more chunks, which the client does not read as this body any more: it takes them for the start of the next response. ' +
      'A write of an empty piece (an empty string) framed as a chunk gives exactly `0\\r\\n\\r\\n`.',
    tryThis: ['Skip pieces of zero bytes: `if (Buffer.byteLength(piece) === 0) return;` before you frame one.', 'Write the last chunk only once, after the last piece.'],
  },
  'chunked-too-few-chunks': {
    title: 'The pieces were collected into one chunk',
    meaning:
      'The framing is right, but the whole body came as one chunk, so it was sent at the end, all at once. The point of chunks is to send each piece the moment it is ready, before the rest exists.',
    tryThis: [
      'Write each piece as its own chunk inside the loop that gets them, instead of joining them into one string first.',
      'Run it by hand with `curl -N` (no buffering in curl): the lines should appear one by one, not all at the end.',
    ],
  },
  'chunked-in-http-1.0': {
    title: 'Chunks sent to an HTTP/1.0 client',
    meaning:
      'The request said `HTTP/1.0`, and HTTP/1.0 has no chunked encoding: such a client would show the sizes and the `\\r\\n`s as part of the text. It needs the body as it is, and the close of the connection marks its end.',
    tryThis: [
      "Look at the request's version before you write the head: for `HTTP/1.0`, send no `Transfer-Encoding`, write the pieces unframed, and close at the end.",
      'Try it by hand: `curl -0 -i` sends an HTTP/1.0 request.',
    ],
  },
  'range-wrong-status': {
    title: 'The Range header was ignored',
    meaning:
      'The check asked for part of the file with `Range: bytes=4-8`, and got status 200 and the whole file. That is allowed for a header a server does not understand, but a simple range inside the file should get `206 Partial Content` and only those bytes.',
    tryThis: [
      'Read the `Range` header of the request, and when it names bytes inside the file, answer 206 with only that slice.',
      'Try it by hand with the `curl -i -H ...` line from the message; `curl -r 4-8` sends the same.',
    ],
  },
  'range-wrong-content-range': {
    title: 'Content-Range names other bytes',
    meaning:
      '`Content-Range` says which bytes of the file the body holds, and the size of the whole file: `bytes 4-8/45`. Both ends are included, so `4-8` is five bytes. Yours names other bytes, most often one too many at the end.',
    tryThis: [
      'Write the last byte, not the one after it: for the first 10 bytes, `bytes 0-9/size`.',
      'The size after the slash is the whole file, `file.length`, not the length of the slice.',
    ],
  },
  'range-body-differs': {
    title: 'The body is not the bytes asked for',
    meaning:
      'The head names the right range, but the body holds other bytes. The caret points at the first byte that differs, and the hint says which bytes of the file came instead, when it can find them.',
    tryThis: [
      'Both ends of a range are included, and `subarray` leaves its end out: `file.subarray(start, end + 1)`.',
      'With a read stream it is the other way round: `createReadStream(path, { start, end })` includes `end`, as the Range header does.',
    ],
  },
  'range-no-accept-ranges': {
    title: 'No Accept-Ranges header',
    meaning:
      'The answer does not say `Accept-Ranges: bytes`. That header tells a client it may ask for parts of this file: a video player uses it to let you jump ahead, and a download tool to resume where it broke.',
    tryThis: ['Send `Accept-Ranges: bytes` with every file, with a 200 as well as with a 206.'],
  },
  'range-not-satisfiable': {
    title: 'A range past the end of the file did not get 416',
    meaning:
      'The range starts at or after the end of the file, so not one byte of it exists. The answer for that is `416 Range Not Satisfiable`, not a 206 with an empty body or a made-up range.',
    tryThis: [
      'Before you cut the slice, compare the start with the size: `if (start >= file.length)`, answer 416.',
      'An end past the end of the file is fine: cut it down to the last byte, `file.length - 1`, and answer 206.',
    ],
  },
  'range-not-satisfiable-content-range': {
    title: 'A 416 without the size of the file',
    meaning:
      'The 416 is right, but its `Content-Range` should be `bytes */` and the size of the file, so that the client learns how big the file is and can ask again for a range that exists.',
    tryThis: ['Send `Content-Range: bytes */` and the size, such as `bytes */45`, with a 416, and no other range: there is none to name.'],
  },
  'events-connection-refused': {
    title: 'Nothing listened for the event stream (ECONNREFUSED)',
    meaning: 'The check tried to open `/events`, and nothing accepted the connection: your server had stopped, or listens on another port.',
    tryThis: [
      'Look at the messages of the checks before this one: a crash in one check often shows up here as a closed port.',
      'Run the board by hand with `pnpm workbook run ex15`, open `/events` with `curl -N`, and watch for an error.',
    ],
  },
  'events-wrong-status': {
    title: 'GET /events is not answered',
    meaning: 'The check opened `/events` and got another status than 200, here a 404: no branch of your server answers that path yet.',
    tryThis: [
      'Add a branch for `GET /events` before the server\'s "not found" answer, as the second task in `exercises/ex15-live-board/README.md` asks.',
      'Compare the path exactly: `/events`, without a slash at the end.',
    ],
  },
  'events-page-instead': {
    title: 'GET /events sends a page',
    meaning: 'The check opened `/events` and got an HTML page. The request reached the branch that sends the board, not one for the stream.',
    tryThis: [
      'Put the branch for `GET /events` before the one that sends the board, and check that its condition compares the path.',
      "Answer it with `res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' })`.",
    ],
  },
  'events-wrong-type': {
    title: 'The stream is not text/event-stream',
    meaning:
      'The answer to `/events` has another `Content-Type`. `EventSource` in the browser reads a stream only when its type is `text/event-stream`; it closes any other at once, and reports an error.',
    tryThis: ["Set the type in the stream's head: `'Content-Type': 'text/event-stream'`, and `'Cache-Control': 'no-cache'` with it."],
  },
  'events-no-head': {
    title: 'The head of the stream did not come',
    meaning:
      'The check opened `/events` and waited, but not even the head of the answer came back. `node:http` keeps the head until the first write, and a stream may write nothing for a while: until then the browser does not know the stream has begun.',
    tryThis: [
      'Call `res.flushHeaders()` right after `res.writeHead(...)`, or write a first comment such as `": hello\\n\\n"`.',
      'Check that the request reaches your `/events` branch at all: a `console.log` there tells.',
    ],
  },
  'events-closed': {
    title: 'The server ended the stream',
    meaning:
      'An event stream stays open for as long as the page does, and your server ended it, often after the first event. The browser then reconnects a few seconds later, and the messages posted in between are lost unless the server replays them.',
    tryThis: [
      'Never call `res.end()` on a stream: write each event with `res.write()` only.',
      'Look for a shared ending such as a `res.end()` at the bottom of the request handler that also runs for `/events`.',
    ],
  },
  'events-closed-mid-event': {
    title: 'The stream closed in the middle of an event',
    meaning:
      'The server closed the stream while an event was still open: its lines came, but not the blank line that ends it. `EventSource` drops an event that never ended, so none arrived, and then the stream was gone too.',
    tryThis: [
      'End every event with a blank line: `"\\n\\n"` at the end, two `\\n`.',
      'Keep the stream open: no `res.end()`, and no `Connection: close` head that makes the server close it.',
    ],
  },
  'events-never-ended': {
    title: 'An event never ended',
    meaning: 'An event came, but not the blank line after it. Until that blank line comes, `EventSource` takes every line for part of the same event, and shows nothing.',
    tryThis: [
      'End each event with two `\\n`, the second one makes the blank line: `id: 4\\ndata: {...}\\n\\n`.',
      'A line break inside the data would end a line too early: `JSON.stringify` keeps the whole message on one line.',
    ],
  },
  'events-ignored-lines': {
    title: 'The event has lines EventSource does not know',
    meaning:
      '`EventSource` knows four fields: `data`, `id`, `event` and `retry`, in lower case, each followed by a colon. It skips any other line without a word, so an event made only of such lines is no event at all.',
    tryThis: ['Write the field names in lower case: `id: 1`, then `data: {...}`.', 'Check the colon after each name: `data {...}` is not a data line.'],
  },
  'events-no-data': {
    title: 'An event without data',
    meaning: 'A block of lines ended with a blank line, but none of its lines was a `data:` line. `EventSource` drops such a block: an `id:` alone is not an event.',
    tryThis: [
      'Give each event its message as a `data:` line, the message turned into one line of JSON with `JSON.stringify`.',
      '`exercises/ex15-live-board/README.md`, "The event format", shows one whole event.',
    ],
  },
  'events-no-event': {
    title: 'No event came for the new message',
    meaning:
      'The stream is open and well made, but when the check posted a message, no event for it came within the time the check waits. Comments and a `retry:` may have come; they are not events.',
    tryThis: [
      'When a post is saved, write its event into every open stream: `for (const stream of streams) stream.write(eventOf(saved));`.',
      'Check that each stream is added to your list of open streams when it opens, and that the post writes to that same list.',
      'If the request sent `Last-Event-ID`, the messages after that number are due first, as soon as the stream opens.',
    ],
  },
  'events-no-match': {
    title: 'Events came, but not the one expected',
    meaning: 'The stream gave events, listed in the message, but not the one with the text the check waited for: an older message, one sent twice, or a missed one.',
    tryThis: [
      'Send each new message once, to every open stream, right after it is saved, with that message in `data`.',
      'After a reconnect with `Last-Event-ID`, replay only the messages with a larger number, in order, then go on with the new ones.',
    ],
  },
  'events-no-ping': {
    title: 'No comment kept the stream alive',
    meaning:
      'The check waited for a comment line, such as `: ping`, and none came. Proxies and home routers close a connection that says nothing for a while; a comment every few seconds keeps it open, and tells the server which tabs went away.',
    tryThis: [
      'Start one `setInterval` when the server starts, not one per stream, that writes `": ping\\n\\n"` into every open stream.',
      'Use the delay the exercise gives you, `pingMs`, not a number of your own: the tests set `PING_MS` to 200 and wait 2 seconds.',
    ],
  },
  'events-broken-chunks': {
    title: 'Bytes written around the stream broke its chunks',
    meaning:
      '`node:http` sends a stream in chunks, and frames each `res.write()` as one. Some bytes came without that framing, in the middle of the stream: they were written to the socket itself, `res.socket` or `req.socket`, not to the response.',
    tryThis: ['Write everything of the stream with `res.write()`: events and comments alike.', 'Remove every `socket.write()` from the code for `/events`.'],
  },
  'cookie-missing': {
    title: 'No cookie was set',
    meaning:
      'The answer has no `Set-Cookie` line for the cookie the check expected. Without one, the browser has nothing to send back, so every request looks like the first one from a new visitor.',
    tryThis: [
      'Send it in the head of the answer, before the body, with `res.setHeader`: `Set-Cookie: session=<id>.<signature>; Path=/; HttpOnly; SameSite=Lax`.',
      'Check that the branch that sets it runs for this request: a new visitor has no cookie yet, so that is when it is set.',
    ],
  },
  'cookie-not-httponly': {
    title: 'A script can read the cookie',
    meaning:
      'The cookie has no `HttpOnly` attribute, so every script on the page can read it with `document.cookie`. A message with a `<script>` in it, anywhere on the site, could send the session to a stranger.',
    tryThis: ['Add `; HttpOnly` to the `Set-Cookie` line. Your own scripts never need the session id: the browser sends it by itself.'],
  },
  'cookie-no-samesite': {
    title: 'The cookie goes with forms from other sites',
    meaning:
      "The cookie has no `SameSite=Lax` (or `Strict`). Then a page on another web site can post a form to yours, and the browser sends the cookie with it: that site acts in your visitor's name, signs them out, or posts for them.",
    tryThis: [
      'Add `; SameSite=Lax` to the `Set-Cookie` line.',
      'Write it out even though browsers now default to Lax: Chromium still sends a cookie without it with a cross-site post in its first two minutes.',
    ],
  },
  'cookie-wrong-path': {
    title: 'The cookie has no Path=/',
    meaning:
      'Without `Path=/`, the browser sends a cookie back only below the folder of the request that set it. A session cookie must go with every request to the server, whatever its path.',
    tryThis: [
      'Add `; Path=/` to the `Set-Cookie` line, and the same `Path=/` to the line that clears it at logout: a cookie is only replaced by one with the same name and path.',
    ],
  },
  'cookie-not-cleared': {
    title: 'Logout does not clear the cookie',
    meaning:
      'The answer sets the cookie again, but does not tell the browser to forget it. A cookie is forgotten when it is set with `Max-Age=0` (or an `Expires` in the past), with the same name and `Path` as before.',
    tryThis: [
      "Send `res.setHeader('Set-Cookie', 'session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax')` with the logout's answer.",
      'Clearing the cookie is not the whole logout: delete the session on the server too, so a copy of the cookie is worth nothing.',
    ],
  },
  'tls-plain-http': {
    title: 'Plain HTTP on the HTTPS port',
    meaning:
      'The client began a TLS handshake, and your server answered as a plain HTTP server does: the bytes that came back are not TLS. The port is served by `node:http`, so the page would go out unencrypted.',
    tryThis: [
      'Make the server with `https.createServer({ key, cert }, handle)` from `node:https`, the key and the certificate read with `readFileSync` from the files in `CERT_DIR`.',
      'Check that the server on `PORT` is that one, and the `node:http` one listens on `HTTP_PORT`.',
    ],
  },
  'tls-wrong-certificate': {
    title: 'Not the certificate the tests gave',
    meaning:
      'The handshake worked, but the certificate your server showed is not the one in `CERT_DIR`, so a client that trusts only the local authority refuses it. The tests make a new certificate for every run.',
    tryThis: [
      'Read `localhost.pem` and `localhost-key.pem` from the folder in `process.env.CERT_DIR`, not from a folder of your own.',
      '`localhost.pem` is the server certificate; `ca.pem` is the authority, for clients, not for the server.',
    ],
  },
  'tls-no-handshake-answer': {
    title: 'The TLS hello got no answer',
    meaning:
      'The client said hello and waited, and nothing came back: whatever listens on the port does not speak TLS, and does not speak at all until it gets something else.',
    tryThis: ['Serve the port with `https.createServer`, not `net.createServer`.', 'Look for code that holds a connection before the TLS server gets it.'],
  },
  'tls-hsts-missing': {
    title: 'No Strict-Transport-Security',
    meaning:
      'An HTTPS answer came without `Strict-Transport-Security`. With it, a browser that has been here once goes straight to https:// next time, so the first plain request, the one someone on the way could answer, never leaves.',
    tryThis: [
      "Set `res.setHeader('Strict-Transport-Security', 'max-age=300')` at the start of the HTTPS handler, so every answer, the 404s too, has it.",
      'Keep max-age small on localhost: the browser applies it to every port of that name.',
    ],
  },
  'tls-hsts-on-plain': {
    title: 'Strict-Transport-Security over plain HTTP',
    meaning: 'The plain-HTTP port sent `Strict-Transport-Security`. Browsers ignore it there, as they must: anyone on the way could have added it, or taken it out.',
    tryThis: ['Set the header in the HTTPS server only, not in a function both servers share.'],
  },
  'tls-cookie-not-secure': {
    title: 'A cookie without Secure',
    meaning: 'The cookie came over HTTPS, but without `Secure`, so the browser would also send it in a plain request to the same name, where anyone on the way can read it.',
    tryThis: ['Add `; Secure` to the `Set-Cookie` line, beside `HttpOnly` and `SameSite=Lax`.'],
  },
  'tls-redirect-status': {
    title: 'Not a 308',
    meaning: 'The plain port redirects, but not with 308. After a 301 or a 302 a browser may turn a POST into a GET and drop the form; 308 keeps the method and the body.',
    tryThis: ['Answer `res.writeHead(308, { Location: ... })`.'],
  },
  'tls-redirect-wrong-port': {
    title: 'The redirect goes to the wrong port',
    meaning:
      'The Location keeps the plain port. The `Host` header names the port the visitor used, the plain one, so copying it sends the browser to https:// on a port that speaks plain HTTP.',
    tryThis: ["Take only the name from `Host` (`new URL('http://' + req.headers.host).hostname`), and put the HTTPS port, `HTTPS_PORT`, after it."],
  },
  'tls-open-redirect': {
    title: 'An open redirect',
    meaning:
      'The request named another site, in `Host` or in a path that starts with `//`, and your redirect sent the visitor there. Anyone could then make a link that shows your address and lands on theirs.',
    tryThis: [
      'Redirect only for the names the certificate is for (`localhost`, `127.0.0.1`, `[::1]`); answer any other `Host` with 400.',
      'Build the Location as a string, `https://` + name + `:` + port + `req.url`, not with `new URL(req.url, base)`, which reads `//evil.example/` as another site.',
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
