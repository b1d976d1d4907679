/**
 * Takes apart the first line of an HTTP request, by hand.
 *
 *     GET /hello HTTP/1.1
 *     │   │      └─ version: which HTTP the client speaks
 *     │   └─ target: which resource it wants
 *     └─ method: what it wants done with it
 *
 * Three parts, separated by single spaces, nothing else. Anything that does not fit that shape
 * gets a 400 from the server, so this function returns a problem instead of throwing: a stranger
 * sending nonsense is an everyday event on a network, not a bug in our program.
 */

export interface RequestLine {
  method: string;
  target: string;
  version: string;
}

export type ParsedRequestLine = { ok: true; requestLine: RequestLine } | { ok: false; problem: string };

// HTTP allows a few more characters in a method, but every method in real use is written in
// capital letters, and methods are case-sensitive: `get` is not `GET`.
const METHOD = /^[A-Z]+$/;

// A path starting with "/", made of visible ASCII only. Clients percent-encode everything else
// (a space becomes %20, é becomes %C3%A9), so a raw control byte here means a broken client or
// one trying to sneak something into our page or our terminal. (Proxies also see full URLs and
// `OPTIONS *`; a plain server like ours only needs the path form.)
const TARGET = /^\/[\x21-\x7e]*$/;

const VERSION = /^HTTP\/\d\.\d$/;

export function parseRequestLine(line: string): ParsedRequestLine {
  const parts = line.split(' ');
  if (parts.length !== 3) {
    return problem(
      `A request line is three parts separated by single spaces, like "GET /hello HTTP/1.1", ` +
        `but splitting this one at its spaces gives ${parts.length} piece${parts.length === 1 ? '' : 's'}.`,
    );
  }
  const [method = '', target = '', version = ''] = parts;
  if (!METHOD.test(method)) {
    return problem(`The method should be a word in capital letters, like GET or POST.`);
  }
  if (!TARGET.test(target)) {
    return problem(`The target should be a path that starts with "/", like /hello, without spaces or control characters.`);
  }
  if (!VERSION.test(version)) {
    return problem(`The last part should be the protocol version, like HTTP/1.1.`);
  }
  return { ok: true, requestLine: { method, target, version } };
}

function problem(text: string): ParsedRequestLine {
  return { ok: false, problem: text };
}
