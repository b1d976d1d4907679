/**
 * Strict-Transport-Security: "for the next max-age seconds, reach this host name over HTTPS only".
 *
 * The redirect from http:// to https:// (redirect-server.ts) has a gap: the very first request
 * still goes out in the clear, and someone on the café's Wi-Fi can answer it before we do and
 * never send you on. A browser that has seen this header once skips that first request: it turns
 * every http://localhost/... into https://localhost/... itself, before anything leaves.
 *
 * The risk is that you cannot take it back. The browser keeps the promise for max-age seconds
 * whatever the server says later, and for every port of that host name: a year of HSTS on
 * localhost, and every other lesson's http://localhost:8080 stops loading (the browser asks for
 * https://localhost:8080, which speaks plain HTTP). So this lesson promises five minutes.
 * `includeSubDomains` would extend the promise to every name under this one, and `preload` asks
 * browser makers to build the promise into the browser itself: neither is for a name you share
 * with other programs, and localhost is shared with every server you will ever run.
 *
 * Browsers take the header only from an HTTPS answer (over plain HTTP anyone could have sent it),
 * and ignore it for addresses such as 127.0.0.1: it is about names.
 */
import type http from 'node:http';

export const STRICT_TRANSPORT_SECURITY = 'max-age=300';

/** The same listener, with the header on every answer it gives. */
export function withStrictTransportSecurity(listener: http.RequestListener, value: string = STRICT_TRANSPORT_SECURITY): http.RequestListener {
  return (request, response) => {
    // Set before the listener runs: writeHead keeps headers set earlier, so every answer gets it,
    // the 404s and the 304s too.
    response.setHeader('Strict-Transport-Security', value);
    listener(request, response);
  };
}
