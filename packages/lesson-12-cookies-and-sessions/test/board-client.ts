/**
 * What the tests do to a board, in the words of the lesson: sign up, sign in, post a message,
 * delete one, clear, read the page. Requests go over real HTTP with the test kit's request(), each
 * on a fresh connection.
 *
 * New in this lesson: a Target can carry a cookie, like a browser that is signed in. The tests
 * keep the cookie themselves, as curl's cookie jar would.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request, type Address, type HttpExchange } from '@workbook/testkit';

export const FORM_TYPE = 'application/x-www-form-urlencoded';

/** Good enough for every test account: long enough for the rule, and never written to the file. */
export const PASSWORD = 'correct horse battery staple';

export interface ShownMessage {
  id: string;
  author: string;
  text: string;
  postedAt: string;
}

/** Where to send, the origin of the page the form is on (for a browser-like request), and the cookie. */
export interface Target {
  address: Address;
  origin?: string;
  /** The Cookie header to send, such as `session=abc.def`. */
  cookie?: string;
}

/** A name nobody could hard-code, that follows the board's rule. */
export const someName = () => `user-${randomUUID().slice(0, 8)}`;

/**
 * A form post. With `target.origin`, the headers say what a browser would: the form is on the
 * board's own page. Without it, the request looks like curl's.
 */
export function postForm(target: Target, path: string, body: string, headers: Record<string, string> = {}): Promise<HttpExchange> {
  const browser: Record<string, string> = target.origin ? { origin: target.origin, 'sec-fetch-site': 'same-origin' } : {};
  const cookie: Record<string, string> = target.cookie ? { cookie: target.cookie } : {};
  return request(target.address, { method: 'POST', path, body, headers: { 'content-type': FORM_TYPE, ...browser, ...cookie, ...headers } });
}

export function postMessage(target: Target, text: string, headers: Record<string, string> = {}): Promise<HttpExchange> {
  return postForm(target, '/messages', new URLSearchParams({ message: text }).toString(), headers);
}

export function deleteMessage(target: Target, id: string, headers: Record<string, string> = {}): Promise<HttpExchange> {
  return postForm(target, '/messages/delete', new URLSearchParams({ id }).toString(), headers);
}

export function clearBoard(target: Target, headers: Record<string, string> = {}): Promise<HttpExchange> {
  return postForm(target, '/clear', '', headers);
}

export function signUpForm(target: Target, name: string, password = PASSWORD): Promise<HttpExchange> {
  return postForm(target, '/sign-up', new URLSearchParams({ name, password }).toString());
}

export function signInForm(target: Target, name: string, password = PASSWORD): Promise<HttpExchange> {
  return postForm(target, '/sign-in', new URLSearchParams({ name, password }).toString());
}

export function signOut(target: Target): Promise<HttpExchange> {
  return postForm(target, '/sign-out', '');
}

/** `session=abc.def` from a response's Set-Cookie, as a browser would send it back. */
export function cookieFrom(exchange: HttpExchange): string {
  const header = exchange.response?.headers['set-cookie'];
  if (!header) throw new Error(`no Set-Cookie in the answer: ${exchange.response?.status} ${exchange.response?.text}`);
  return header.split(';')[0] ?? '';
}

/** Someone signed in: where to send, and their cookie. */
export type Person = Target & { name: string; cookie: string };

/** Signs up a new account (a new name unless given one) and returns the board as that person sees it. */
export async function signedUp(target: Target, name = someName()): Promise<Person> {
  const exchange = await signUpForm(target, name);
  if (exchange.response?.status !== 303) throw new Error(`sign-up of ${name} got ${exchange.response?.status}: ${exchange.response?.text}`);
  return { ...target, name, cookie: cookieFrom(exchange) };
}

export async function getPage(target: Target, path = '/'): Promise<string> {
  const { response, error } = await request(target.address, { path, headers: target.cookie ? { cookie: target.cookie } : {} });
  if (!response) throw new Error(`GET ${path} got no answer: ${error?.code} ${error?.message}`);
  return response.text;
}

/** Who the page says is signed in, or undefined when it says nobody is. */
export async function signedInAs(target: Target): Promise<string | undefined> {
  return /<b id="viewer">([^<]*)<\/b>/.exec(await getPage(target))?.[1];
}

/** The messages on the board's page, oldest first, with their text unescaped again. */
export async function shownMessages(target: Target): Promise<ShownMessage[]> {
  return messagesIn(await getPage(target));
}

export function messagesIn(html: string): ShownMessage[] {
  const items = html.matchAll(/<li data-id="([^"]*)"><p>([\s\S]*?)<\/p><span class="author">([^<]*)<\/span><time datetime="([^"]*)">/g);
  return [...items].map(([, id = '', text = '', author = '', postedAt = '']) => ({ id, author: unescapeHtml(author), text: unescapeHtml(text), postedAt }));
}

/** The board file's lines, each parsed as JSON (a line that is not JSON fails the test). */
export function fileLines(file: string): Array<Record<string, string>> {
  const text = readFileSync(file, 'utf8');
  return text === ''
    ? []
    : text
        .replace(/\n$/, '')
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, string>);
}

/** The messages in the board file, in the shape the page shows them. */
export function fileMessages(file: string): ShownMessage[] {
  return fileLines(file)
    .filter((line) => line.type === 'message')
    .map(({ id = '', author = '', text = '', postedAt = '' }) => ({ id, author, text, postedAt }));
}

function unescapeHtml(html: string): string {
  return html.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&amp;', '&');
}
