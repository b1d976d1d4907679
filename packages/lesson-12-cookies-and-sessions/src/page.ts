/**
 * The board's page: the messages with their authors, a form to add one, a Delete button on your
 * own messages, and, for the admin, a button to clear them all. New in this lesson: what you see
 * depends on who you are, so the page is given the viewer (or nobody, when signed out).
 *
 * Like the source material's make_page, it is a plain template filled in with the messages. Unlike it, every
 * piece of text that a visitor typed goes through escapeHtml on its way in, so a message is
 * always shown as text and never read as HTML.
 */
import { escapeHtml } from './escape-html.ts';
import type { Message } from './store.ts';

/** Who is looking at the page. */
export interface Viewer {
  name: string;
  /** The admin may clear the board (see BOARD_ADMIN in server.ts). */
  admin: boolean;
}

export interface BoardPage {
  messages: readonly Message[];
  /** Undefined when nobody is signed in: then the page offers to sign in instead of the form. */
  viewer: Viewer | undefined;
  /** Shown above the form when the last post was refused, such as an empty message. */
  error?: string;
}

// The form's paths. Each action has its own path, so the server never has to guess from the body
// which button was pressed (the source material looked for a `clear` field in every post).
export const POST_PATH = '/messages';
export const DELETE_PATH = '/messages/delete';
export const CLEAR_PATH = '/clear';
export const SIGN_IN_PATH = '/sign-in';
export const SIGN_UP_PATH = '/sign-up';
export const SIGN_OUT_PATH = '/sign-out';

/**
 * The longest message the textarea lets you type. In the worst case a character takes 9 bytes in
 * a form body (3 UTF-8 bytes, each written as %XX), so 1000 characters always fit in the 10 KB
 * the server accepts: a browser user never meets the 413.
 */
const MAX_MESSAGE_CHARS = 1000;

export function renderBoard({ messages, viewer, error }: BoardPage): string {
  const list = messages.map((message) => messageItem(message, viewer)).join('\n');
  return page(
    'Message board',
    `<h1>Message board</h1>
${viewer ? signedInBar(viewer) : signedOutBar()}
<ol id="messages">
${list}
</ol>
${messages.length === 0 ? '<p class="empty">No messages yet. Write the first one!</p>' : ''}
${viewer ? postForm(error) : ''}
${viewer?.admin ? clearForm() : ''}`,
  );
}

/** The frame every page of the board shares: the head, the style, and `body` in it. */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
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
  .author { font-weight: bold; font-size: 0.85rem; margin-right: 0.4rem; }
  li form, .who form { display: inline; margin: 0 0 0 0.6rem; }
  li form button { font-size: 0.8rem; padding: 0 0.4rem; }
  .who { color: #444; }
  input { font: inherit; padding: 0.2rem; margin-bottom: 0.6rem; width: 16rem; max-width: 100%; }
</style>
</head>
<body>
${body}
</body>
</html>
`;
}

function signedInBar({ name, admin }: Viewer): string {
  // A div, not a p: a form cannot sit inside a paragraph (the browser would end the p before it).
  return `<div class="who">Signed in as <b id="viewer">${escapeHtml(name)}</b>${admin ? ' (admin)' : ''}
<form method="post" action="${SIGN_OUT_PATH}"><button type="submit">Sign out</button></form></div>`;
}

function signedOutBar(): string {
  return `<p class="who">You are not signed in. <a href="${SIGN_IN_PATH}">Sign in</a> or <a href="${SIGN_UP_PATH}">sign up</a> to post.</p>`;
}

function postForm(error: string | undefined): string {
  return `<form method="post" action="${POST_PATH}">
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<label for="message">Your message</label>
<textarea id="message" name="message" rows="4" maxlength="${MAX_MESSAGE_CHARS}" required></textarea>
<button type="submit">Save</button>
</form>`;
}

function clearForm(): string {
  return `<form method="post" action="${CLEAR_PATH}">
<button type="submit">Clear all messages</button>
</form>`;
}

/**
 * `<li data-id="5f0c…"><p>Hello &amp; welcome</p><span class="author">alice</span><time datetime="…">2026-11-21 06:14 UTC</time></li>`,
 * with a Delete button when the viewer wrote it. The button is only a convenience: the server
 * checks the author again when the delete arrives, because anyone can send that form by hand.
 */
function messageItem({ id, author, text, postedAt }: Message, viewer: Viewer | undefined): string {
  // Rewritten by Date rather than copied from the file, so the attribute holds a clean ISO time.
  const iso = new Date(postedAt).toISOString();
  const readable = `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
  const remove =
    viewer?.name === author
      ? `<form method="post" action="${DELETE_PATH}"><input type="hidden" name="id" value="${escapeHtml(id)}"><button type="submit">Delete</button></form>`
      : '';
  return `<li data-id="${escapeHtml(id)}"><p>${escapeHtml(text)}</p><span class="author">${escapeHtml(author)}</span><time datetime="${iso}">${readable}</time>${remove}</li>`;
}
