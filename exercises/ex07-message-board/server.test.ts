import { test } from 'vitest';
import { random, useProgram, type Reply } from '@workbook/testkit';

const server = useProgram(import.meta.url, 'server.ts');

/** Sends a form the way a browser does: form-encoded, with the matching Content-Type. */
function postForm(path: string, fields: Record<string, string>): Promise<Reply> {
  return server.request({
    method: 'POST',
    path,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}

const postMessage = (message: string) => postForm('/messages', { message });

/** The board's page; every check on it starts from a 200. */
async function board(): Promise<Reply> {
  return (await server.get('/')).expectStatus(200);
}

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

/** The page with the other common spellings of the quote entities written the README's way. */
function normalised(page: Reply): string {
  return page.text.replace(/&#x27;|&apos;/gi, '&#39;').replace(/&#34;|&#x22;/gi, '&quot;');
}

const SAVE_HINT =
  'Read the field with new URLSearchParams(body).get("message"), push it onto `messages`, ' + 'then answer res.writeHead(303, { Location: "/" }) and res.end().';

test('GET / answers 200 with an HTML page that has the form', async () => {
  const page = (await board()).expectHeader('content-type', /^text\/html;\s*charset=utf-8$/i);
  page.expectBodyIncludes('name="message"').expectBodyIncludes('action="/messages"').expectBodyIncludes('action="/clear"');
});

test('POST /messages answers 303 See Other with Location: /', async () => {
  const reply = await postMessage(random.text());
  if (reply.status !== 303) reply.expectResponse().fail(`expected status 303 (See Other), but got ${reply.status}.`, '', SAVE_HINT);
  reply.expectHeader('location', '/');
});

test('a posted message shows on the board', async () => {
  const text = random.text();
  await postMessage(text);
  const page = await board();
  if (!page.text.includes(text)) {
    page.fail(`the message ${JSON.stringify(text)} was posted, but the board does not show it.`, '', SAVE_HINT);
  }
});

test('messages show in the order they were posted', async () => {
  const texts = [random.text(), random.text(), random.text()];
  for (const text of texts) await postMessage(text);
  const page = await board();
  const places = texts.map((text) => page.text.indexOf(text));
  const missing = texts.filter((_, index) => places[index] === -1);
  if (missing.length) page.fail(`these posted messages are not on the board: ${missing.map((text) => JSON.stringify(text)).join(', ')}.`, '', SAVE_HINT);
  const inOrder = places.every((place, index) => index === 0 || place > (places[index - 1] ?? -1));
  if (!inOrder) {
    page.fail(
      'the messages are on the board, but not in the order they were posted.',
      `Posted, in this order: ${texts.map((text) => JSON.stringify(text)).join(', ')}`,
      'Add each new message at the end of the list (messages.push), and show the list from first to last.',
    );
  }
});

test('the form encoding is undone: spaces, + signs, % signs and accents come out as typed', async () => {
  const text = `${random.word()} + ${random.word()} = 100% grüße`;
  await postMessage(text);
  const page = await board();
  if (!page.text.includes(text)) {
    page.fail(
      `the message ${JSON.stringify(text)} was posted, but the board does not show it as typed.`,
      `It was sent form-encoded, as ${JSON.stringify(new URLSearchParams({ message: text }).toString())}.`,
      'new URLSearchParams(body).get("message") turns "+" back into a space and "%2B" into "+". Decoding by hand is easy to get wrong.',
    );
  }
});

test('HTML in a message is escaped: <script>, & and quotes show as text', async () => {
  const text = `<script>alert("${random.word()}")</script> & 'quoted' ${random.word()}`;
  await postMessage(text);
  const page = await board();
  const escaped = escapeHtml(text);
  const raw = page.text.indexOf('<script>alert(');
  if (raw !== -1) {
    page.fail(
      "a message with <script> went into the page as HTML: every reader's browser would run it.",
      `Found in the page: ${page.text.slice(raw, raw + text.length)}\nExpected instead:  ${escaped}`,
      'Before a message goes into the page, replace & < > " \' with &amp; &lt; &gt; &quot; &#39; (the & first).',
    );
  }
  if (!normalised(page).includes(escaped)) {
    page.fail(
      'the message is not on the board, escaped.',
      `Posted:   ${text}\nExpected: ${escaped}`,
      'Replace & < > " \' with &amp; &lt; &gt; &quot; &#39;, and replace the & first, or you escape your own entities again.',
    );
  }
});

test('POST /clear answers 303 with Location: /, and empties the board', async () => {
  const text = random.text();
  await postMessage(text);
  const reply = await postForm('/clear', {});
  if (reply.status !== 303) {
    reply
      .expectResponse()
      .fail(`expected status 303 (See Other), but got ${reply.status}.`, '', 'Empty the list (messages.length = 0), then answer 303 with Location: / as after a post.');
  }
  reply.expectHeader('location', '/');
  const page = await board();
  if (page.text.includes(text)) page.fail(`after a Clear, the board still shows ${JSON.stringify(text)}.`, '', 'Empty the list: messages.length = 0.');
  const after = random.text();
  await postMessage(after);
  (await board()).expectBodyIncludes(after);
});
