/**
 * The board's one page: the messages, a form to add one, and a button to clear them all.
 *
 * Like the source material's make_page, it is a plain template filled in with the messages. Unlike it, every
 * piece of text that a visitor typed goes through escapeHtml on its way in, so a message is
 * always shown as text and never read as HTML.
 */
import { escapeHtml } from './escape-html.ts';
import type { Message } from './store.ts';

export interface BoardPage {
  messages: readonly Message[];
  /** Shown above the form when the last post was refused, such as an empty message. */
  error?: string;
}

// The form's paths. Each action has its own path, so the server never has to guess from the body
// which button was pressed (the source material looked for a `clear` field in every post).
export const POST_PATH = '/messages';
export const CLEAR_PATH = '/clear';

/**
 * The longest message the textarea lets you type. In the worst case a character takes 9 bytes in
 * a form body (3 UTF-8 bytes, each written as %XX), so 1000 characters always fit in the 10 KB
 * the server accepts: a browser user never meets the 413.
 */
const MAX_MESSAGE_CHARS = 1000;

export function renderBoard({ messages, error }: BoardPage): string {
  const list = messages.map(messageItem).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Message board</title>
<style>
  body { font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.4; color: #222; }
  ol { list-style: none; padding: 0; }
  li { border-bottom: 1px solid #ddd; padding: 0.5rem 0; }
  li p { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
  time, .empty { color: #666; font-size: 0.85rem; }
  label { display: block; font-weight: bold; margin-bottom: 0.3rem; }
  textarea { display: block; width: 100%; box-sizing: border-box; font: inherit; padding: 0.3rem; margin-bottom: 0.5rem; }
  form { margin: 1.2rem 0; }
  button { font: inherit; padding: 0.2rem 0.8rem; }
  .error { color: #b00020; font-weight: bold; }
</style>
</head>
<body>
<h1>Message board</h1>
<ol id="messages">
${list}
</ol>
${messages.length === 0 ? '<p class="empty">No messages yet. Write the first one!</p>' : ''}
<form method="post" action="${POST_PATH}">
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<label for="message">Your message</label>
<textarea id="message" name="message" rows="4" maxlength="${MAX_MESSAGE_CHARS}" required></textarea>
<button type="submit">Save</button>
</form>
<form method="post" action="${CLEAR_PATH}">
<button type="submit">Clear all messages</button>
</form>
</body>
</html>
`;
}

/** `<li><p>Hello &amp; welcome</p><time datetime="2026-11-21T06:14:12.345Z">2026-11-21 06:14 UTC</time></li>` */
function messageItem({ text, postedAt }: Message): string {
  // Rewritten by Date rather than copied from the file, so the attribute holds a clean ISO time.
  const iso = new Date(postedAt).toISOString();
  const readable = `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
  return `<li><p>${escapeHtml(text)}</p><time datetime="${iso}">${readable}</time></li>`;
}
