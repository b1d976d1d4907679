import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, test } from 'vitest';
import { openEvents, random, Reply, request, scratchFolder, useProgram, type EventStream, type EventsOptions, type ServerSentEvent } from '@workbook/testkit';

// One board for the whole file, on a board file of its own, with a ping every 200 ms instead of
// every 15 s, so the check for comments does not wait long.
const folder = mkdtempSync(path.join(scratchFolder(), 'workbook-ex15-'));
const server = useProgram(import.meta.url, 'server.ts', { BOARD_FILE: path.join(folder, 'board.jsonl'), PING_MS: '200' });
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const open: EventStream[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((stream) => stream.close()));
});

/** Opens GET /events on the board; it is closed after the test. */
async function events(options: EventsOptions = {}): Promise<EventStream> {
  const program = server.program;
  if (!program) await server.get('/'); // says why the program did not start
  const stream = await openEvents(program ?? { host: '127.0.0.1', port: 0 }, options);
  open.push(stream);
  return stream;
}

async function post(text: string): Promise<void> {
  const body = new URLSearchParams({ message: text }).toString();
  const headers = { 'content-type': 'application/x-www-form-urlencoded' };
  (await server.request({ method: 'POST', path: '/messages', headers, body })).expectStatus(303);
}

/** The text of an event's data, read as the README says: the message as JSON. */
function textOf(event: ServerSentEvent): string | undefined {
  try {
    const message = JSON.parse(event.data) as { text?: unknown };
    return typeof message.text === 'string' ? message.text : undefined;
  } catch {
    return undefined;
  }
}

const FORMAT_HINT = 'Write each message as "id: <its number>\\ndata: <the message as JSON>\\n\\n": JSON.stringify({ number, text, postedAt }).';

// How long to wait for something the server should send at once. Generous, for a busy machine:
// a server that works answers in a few milliseconds, and only a wrong one makes the test wait.
const WAIT_MS = 3000;

/** Waits (up to WAIT_MS) for the event of the message `text` on `stream`, and checks its id and data. */
async function eventOf(stream: EventStream, text: string): Promise<ServerSentEvent & { id: string }> {
  const event = await stream.waitFor((candidate) => textOf(candidate) === text || candidate.data.includes(text), {
    withinMs: WAIT_MS,
    waitingFor: `the message ${JSON.stringify(text)}`,
  });
  if (textOf(event) !== text) {
    stream.fail(`the event of ${JSON.stringify(text)} does not hold the message as JSON with a "text" field.`, `Its data: ${JSON.stringify(event.data)}`, FORMAT_HINT);
  }
  if (event.id === undefined || !/^\d+$/.test(event.id)) {
    stream.fail(
      `the event of ${JSON.stringify(text)} ${event.id === undefined ? 'has no id: line' : `has the id ${JSON.stringify(event.id)}, which is not a message number`}.`,
      '',
      'Give every event the number of its message as its id ("id: 12\\n"): a browser sends the last one back when it reconnects, to get what it missed.',
    );
  }
  return event as ServerSentEvent & { id: string };
}

test('GET /events is an event stream that no cache keeps', async () => {
  const stream = await events();
  const cache = stream.headers['cache-control'];
  if (!cache || !/no-cache|no-store/i.test(cache)) {
    stream.fail(
      `expected Cache-Control: no-cache, but ${cache === undefined ? 'there is none' : `it is ${JSON.stringify(cache)}`}.`,
      '',
      "Every byte of a stream is news: a cache that kept it would replay old messages. res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' }).",
    );
  }
});

test('a post appears on two open streams', async () => {
  const [first, second] = [await events(), await events()];
  const text = random.text();
  await post(text);
  await eventOf(first, text);
  await eventOf(second, text);
});

test('each event has the message number as its id, and the numbers grow', async () => {
  const stream = await events();
  const texts = [random.text(), random.text()];
  for (const text of texts) await post(text);
  const [one, two] = [await eventOf(stream, texts[0] as string), await eventOf(stream, texts[1] as string)];
  if (Number(two.id) <= Number(one.id)) {
    stream.fail(
      `two messages posted one after the other got the ids ${one.id} and ${two.id}: the second is not larger.`,
      '',
      'Count the messages: the next one gets the number of the last one plus 1, also after a Clear.',
    );
  }
});

test('reconnecting with Last-Event-ID replays exactly the messages missed, in order', async () => {
  const first = await events();
  const seen = random.text();
  await post(seen);
  const { id } = await eventOf(first, seen);
  await first.close();

  const missed = [random.text(), random.text(), random.text()];
  for (const text of missed) await post(text);
  const again = await events({ lastEventId: id });
  for (const text of missed) {
    const event = await again.next({
      withinMs: WAIT_MS,
      waitingFor: `the missed message ${JSON.stringify(text)}`,
      hint: `This stream was opened with Last-Event-ID: ${id}. Right after the head, send every message numbered after ${id}, oldest first: req.headers['last-event-id'] is the header.`,
    });
    if (textOf(event) !== text) {
      again.fail(
        `after Last-Event-ID: ${id}, expected the missed messages in order, ${missed.map((m) => JSON.stringify(m)).join(', ')}, but an event with ${JSON.stringify(event.data)} came instead of ${JSON.stringify(text)}.`,
        '',
        textOf(event) === seen
          ? `The message with id ${id} was already seen: send only the ones numbered after it.`
          : 'Send the messages numbered after Last-Event-ID, oldest first, before anything else.',
      );
    }
  }
  // After the replay, the stream goes on with what is new, and nothing else comes between.
  const later = random.text();
  await post(later);
  const next = await again.next({ withinMs: WAIT_MS, waitingFor: `the new message ${JSON.stringify(later)}` });
  if (textOf(next) !== later) {
    again.fail(
      `after the replay, expected the new message ${JSON.stringify(later)}, but an event with ${JSON.stringify(next.data)} came.`,
      '',
      'Replay each missed message once.',
    );
  }
});

test('the page has a script that opens an EventSource on /events', async () => {
  const page = (await server.get('/')).expectStatus(200);
  const inline = [...page.text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)].map((match) => match[1] ?? '');
  const files = [...page.text.matchAll(/<script\b[^>]*\bsrc="(\/[^"]*)"/gi)].map((match) => match[1] ?? '');
  const scripts = [...inline];
  for (const file of files) scripts.push((await server.get(file)).text);
  const opens = scripts.some((script) => /new\s+EventSource\(\s*['"`]\/events\b/.test(script));
  if (!opens) {
    page.fail(
      `the page has ${scripts.length === 0 ? 'no <script>' : 'no script that opens new EventSource("/events")'}.`,
      '',
      "Add a <script> to the page: const source = new EventSource('/events'); source.onmessage = (event) => { ... JSON.parse(event.data) ... }. Add each message with textContent, never innerHTML.",
    );
  }
});

test('a stream that closed does not break later posts', async () => {
  const streams = [await events(), await events(), await events()];
  await streams[0]?.close();
  await streams[1]?.close();
  const text = random.text();
  await post(text);
  await eventOf(streams[2] as EventStream, text);
  const page = (await server.get('/')).expectStatus(200);
  if (!page.text.includes(text)) page.fail(`after a post with closed streams, the board does not show ${JSON.stringify(text)}.`);
});

test('a stream that closed is forgotten: the server prints "open streams: 0" once all are closed', async () => {
  const streams = [await events(), await events(), await events()];
  for (const stream of streams) await stream.close();
  open.length = 0;
  const printed = () => server.program?.stdout.lines(200).filter((line) => /^open streams: \d+$/.test(line.trim())) ?? [];
  const last = () => printed().at(-1)?.trim();
  // The server hears of each close a moment after we hang up: wait for it, up to 5 s.
  for (let waited = 0; last() !== 'open streams: 0' && waited < 5000; waited += 50) await new Promise((wake) => setTimeout(wake, 50));
  if (last() !== 'open streams: 0') {
    const seen = printed().slice(-6);
    (await server.get('/')).fail(
      `three streams were opened and closed, but the last "open streams: N" your server printed is ${last() === undefined ? 'none at all' : JSON.stringify(last())}.`,
      seen.length ? `The last counts it printed:\n${seen.map((line) => `  ${line}`).join('\n')}` : '',
      'Delete a stream from your Set when it closes, in res.on(\'close\', ...), then print the new streams.size as "open streams: N". Print the count when one opens too.',
    );
  }
});

test('a comment now and then keeps a quiet stream alive', async () => {
  const stream = await events();
  await stream.waitForComment({
    withinMs: 5000,
    waitingFor: 'a comment such as ": ping" (the tests set PING_MS=200)',
    hint: 'With setInterval, every pingMs milliseconds, write ": ping\\n\\n" into every open stream.',
  });
});

test('a Last-Event-ID that is no message number gets a 400, and the board keeps serving', async () => {
  const garbage = random.pick([random.word(), `-${random.int(1, 9)}`, `${random.int(1, 9)}.5`, `0x${random.int(10, 99)}`]);
  // First as a stream: a server that opens one for this id would keep the request open for ever.
  const accepted = await events({ lastEventId: garbage }).catch(() => undefined);
  accepted?.fail(
    `expected a 400 for Last-Event-ID: ${garbage}, but the server opened the stream.`,
    '',
    'A browser only sends back ids you sent, and yours are message numbers. Check that it is made of digits (/^\\d+$/), and answer anything else with 400 and a sentence that says what is wrong.',
  );
  const reply = await server.request({ path: '/events', headers: { 'last-event-id': garbage } });
  reply.expectStatus(400);
  if (!/last-event-id/i.test(reply.text)) {
    reply.fail('the 400 does not say what is wrong.', '', `Say it in the body: Last-Event-ID must be the number of a message, but it is ${JSON.stringify(garbage)}.`);
  }
  const stream = await events();
  const text = random.text();
  await post(text);
  await eventOf(stream, text);
  new Reply(await request(server.program ?? { host: '127.0.0.1', port: 0 }, { path: '/' })).expectStatus(200);
});
