/**
 * What the server saw: the request line, taken apart and decoded, and the headers as they came.
 *
 *     GET /a%20b?x=1&y=2 HTTP/1.1
 *         └─┬──┘ └─┬───┘
 *          path   query      path "/a b", parameters x = "1" and y = "2"
 *
 * This file only reads and explains. Deciding how the answer looks is render.ts's job.
 */
import { decodePercent } from './decode-percent.ts';
import { parseQuery, type Parameter } from './query.ts';

/** The parts of a request that node:http has already parsed for us. */
export interface ReceivedRequest {
  method: string;
  /** `request.url`: the target exactly as it appeared in the request line. */
  target: string;
  httpVersion: string;
  /** `request.rawHeaders`: name, value, name, value, ... in the order and spelling they came. */
  rawHeaders: string[];
}

export interface Header {
  name: string;
  value: string;
}

export interface RequestDescription {
  requestLine: string;
  method: string;
  /** The target up to the first `?`, still percent-encoded. */
  rawPath: string;
  /** The same path, percent-decoded once. */
  path: string;
  /** The target after the first `?`, or null when there is no `?`. */
  rawQuery: string | null;
  query: Parameter[];
  headers: Header[];
  /** Sentences about an unusual target, for the reader. */
  notes: string[];
}

export type Described = { ok: true; description: RequestDescription } | { ok: false; requestLine: string; problem: string };

// `http://...`, `https://...`: a whole URL in the request line. Clients send that to a proxy.
const ABSOLUTE_FORM = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

export function describeRequest(request: ReceivedRequest): Described {
  const { method, target, httpVersion } = request;
  // node does not keep the request line itself, so we put it back together from its parts.
  const requestLine = `${method} ${target} HTTP/${httpVersion}`;

  // Why not `new URL(target, 'http://placeholder')`? A URL parser resolves links, and that is
  // more than we asked for:
  //   - `//evil.example/x` is, to a URL parser, a link to another host: it gets the host
  //     evil.example and the path /x. A server that builds a redirect from it sends its
  //     visitors to evil.example.
  //   - `http://evil.example/x` replaces the base altogether.
  //   - `/a/../b`, `/a/%2e%2e/b` and `/a\..\b` all come out as /b.
  // We want to show what arrived, so we only make the one cut HTTP itself defines: the path
  // ends at the first `?`. Every byte stays where it was, and nothing is read as a host.
  const questionMark = target.indexOf('?');
  const rawPath = questionMark === -1 ? target : target.slice(0, questionMark);
  const rawQuery = questionMark === -1 ? null : target.slice(questionMark + 1);

  const path = decodePercent(rawPath);
  if (!path.ok) return { ok: false, requestLine, problem: `The path ${rawPath} cannot be decoded. ${path.problem}` };
  const query = parseQuery(rawQuery ?? '');
  if (!query.ok) return { ok: false, requestLine, problem: `The query ${rawQuery} cannot be decoded. ${query.problem}` };

  return {
    ok: true,
    description: {
      requestLine,
      method,
      rawPath,
      path: path.text,
      rawQuery,
      query: query.parameters,
      headers: pairUp(request.rawHeaders),
      notes: notesAbout(target),
    },
  };
}

/** `['Host', 'example.com', 'Accept', 'text/plain']` becomes two headers; a repeated name stays two. */
function pairUp(rawHeaders: string[]): Header[] {
  const headers: Header[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    headers.push({ name: rawHeaders[i] ?? '', value: rawHeaders[i + 1] ?? '' });
  }
  return headers;
}

function notesAbout(target: string): string[] {
  if (ABSOLUTE_FORM.test(target)) {
    return ['The target is a whole URL (absolute-form), the way clients talk to a proxy. ' + 'This server is not a proxy: it shows the URL and fetches nothing.'];
  }
  if (target.startsWith('//')) {
    return ['The path starts with "//". Here it is just a path. ' + 'A URL parser given it with a base would read what follows "//" as the name of another host.'];
  }
  if (target === '*') {
    return ['The target "*" (asterisk-form) means the server as a whole, not one of its paths. ' + 'Clients send it with OPTIONS to ask what the server supports.'];
  }
  return [];
}
