/**
 * Did this POST come from the board's own page, or from some other web site?
 *
 * Any page on the web can hold a form whose action is `http://localhost:8080/clear`, and a script
 * on that page can submit it the moment you visit. Your browser sends the request, from your
 * machine, to your board. This is cross-site request forgery, and the form data alone cannot
 * reveal it: it looks exactly like a click on our own Clear button.
 *
 * Browsers do say where a request comes from, in two headers that a page cannot set or fake:
 *
 * - `Sec-Fetch-Site`: `same-origin` when our own page sent it, `none` when the person typed the
 *   address themselves, `same-site` or `cross-site` when another site did.
 * - `Origin`: the scheme, host and port of the page that sent the form, such as
 *   `http://localhost:8080`. We compare it with the `Host` the request was sent to.
 *
 * Programs like curl send neither header. They are not a browser acting for someone who does not
 * know it, so they pass.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** Why the request is refused, or undefined when it comes from the board itself (or no browser). */
export function crossSiteReason(headers: IncomingHttpHeaders, scheme: 'http' | 'https' = 'http'): string | undefined {
  const site = headers['sec-fetch-site'];
  // `same-site` is refused too: localhost:3000 is the same site as localhost:8080, but it is
  // another program's page, and it has no business posting to the board.
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return `the browser says this request came from another site (Sec-Fetch-Site: ${site})`;
  }

  const origin = headers.origin;
  if (origin === undefined) return undefined;
  // The scheme the request arrived by: http here, https when lesson 13 serves the same board.
  const ownOrigin = `${scheme}://${headers.host ?? ''}`.toLowerCase();
  if (origin.toLowerCase() !== ownOrigin) {
    return `the form was sent from ${origin}, not from this board (${ownOrigin})`;
  }
  return undefined;
}
