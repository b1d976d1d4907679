/**
 * What the tests do to a board, in the words of the lesson: post a message, clear, read the page.
 * Requests go over real HTTP with the test kit's request(), each on a fresh connection.
 */
import { readFileSync } from 'node:fs';
import { request, type Address, type HttpExchange } from '@workbook/testkit';

export const FORM_TYPE = 'application/x-www-form-urlencoded';

export interface ShownMessage {
  text: string;
  postedAt: string;
}

/** Where to send, and, for a browser-like request, the origin of the page the form is on. */
export interface Target {
  address: Address;
  origin?: string;
}

/**
 * A form post. With `target.origin`, the headers say what a browser would: the form is on the
 * board's own page. Without it, the request looks like curl's.
 */
export function postForm(target: Target, path: string, body: string, headers: Record<string, string> = {}): Promise<HttpExchange> {
  const browser: Record<string, string> = target.origin ? { origin: target.origin, 'sec-fetch-site': 'same-origin' } : {};
  return request(target.address, { method: 'POST', path, body, headers: { 'content-type': FORM_TYPE, ...browser, ...headers } });
}

export function postMessage(target: Target, text: string, headers: Record<string, string> = {}): Promise<HttpExchange> {
  return postForm(target, '/messages', new URLSearchParams({ message: text }).toString(), headers);
}

export function clearBoard(target: Target, headers: Record<string, string> = {}): Promise<HttpExchange> {
  return postForm(target, '/clear', '', headers);
}

export async function getPage(target: Target): Promise<string> {
  const { response, error } = await request(target.address, { path: '/' });
  if (!response) throw new Error(`GET / got no answer: ${error?.code} ${error?.message}`);
  return response.text;
}

/** The messages on the board's page, oldest first, with their text unescaped again. */
export async function shownMessages(target: Target): Promise<ShownMessage[]> {
  return messagesIn(await getPage(target));
}

export function messagesIn(html: string): ShownMessage[] {
  const items = html.matchAll(/<li><p>([\s\S]*?)<\/p><time datetime="([^"]*)">/g);
  return [...items].map(([, text = '', postedAt = '']) => ({ text: unescapeHtml(text), postedAt }));
}

/** The board file's lines, each parsed as JSON (a line that is not JSON fails the test). */
export function fileMessages(file: string): ShownMessage[] {
  const text = readFileSync(file, 'utf8');
  return text === ''
    ? []
    : text
        .replace(/\n$/, '')
        .split('\n')
        .map((line) => JSON.parse(line) as ShownMessage);
}

function unescapeHtml(html: string): string {
  return html.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&amp;', '&');
}
