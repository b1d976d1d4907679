/**
 * What the board benchmark's boards hold and receive: a board of 100 messages to start with,
 * written in the lesson's file format, and the one form that every post sends.
 *
 * The page is measured with 100 messages on it, because an empty board would measure a page
 * nobody looks at. Some of them hold `<`, `&` and quotes, so rendering the page does the escaping
 * it does for real messages.
 */
import type { Message } from 'lesson-05-message-board/store';

export const PRELOADED = 100;

const TEXTS = [
  'Hello, board! Message number {n}, posted before the benchmark started.',
  'Message {n}: <b>tags</b> & "quotes" stay text on the page.',
  'Message {n} is a little longer, the way people write when they have something to say: ' + 'a question, an answer to someone else, and a thank-you at the end.',
];

/** The board file the benchmark starts from: `count` messages, one JSON line each, a minute apart. */
export function seedBoard(count = PRELOADED, firstPostedAt = Date.UTC(2026, 10, 21, 9, 0)): string {
  let lines = '';
  for (let n = 1; n <= count; n++) {
    const message: Message = {
      text: TEXTS[(n - 1) % TEXTS.length]!.replace('{n}', String(n)),
      postedAt: new Date(firstPostedAt + (n - 1) * 60_000).toISOString(),
    };
    lines += `${JSON.stringify(message)}\n`;
  }
  return lines;
}

/** The message of every post the load generators send. */
export const POSTED_MESSAGE = 'Posted by the load generator: one more message for the board & its file.';

export const FORM_TYPE = 'application/x-www-form-urlencoded';

/** `message=Posted+by+the+load+generator%3A+...`: the body a browser sends for the form. */
export function formBody(message: string): string {
  return new URLSearchParams({ message }).toString();
}
