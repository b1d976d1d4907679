/**
 * The page every error answer carries, filled in from a template.
 *
 * Python's BaseHTTPServer keeps this template in `error_message_format`, a string with holes, so
 * a server can change how its errors look without touching the code that sends them. Ours works
 * the same way. Every value is HTML-escaped before it goes in, so a template can never forget
 * to: the explanation often quotes what the client sent.
 */
import { escapeHtml } from './escape-html.ts';

export const DEFAULT_ERROR_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{status} {reason}</title></head>
<body>
<h1>{status} {reason}</h1>
<p>{explanation}</p>
</body>
</html>
`;

export interface ErrorDetails {
  status: number;
  reason: string;
  explanation: string;
}

// One pass over the template: a value that happens to contain "{reason}" is not filled in again.
const HOLE = /\{(status|reason|explanation)\}/g;

export function renderErrorPage(template: string, details: ErrorDetails): string {
  return template.replace(HOLE, (_hole, name: keyof ErrorDetails) => escapeHtml(String(details[name])));
}
