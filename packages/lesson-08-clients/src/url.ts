/**
 * Which URLs the clients of this lesson accept: http: only. An https: URL needs TLS, a layer of
 * encryption between TCP and HTTP that this course does not build.
 */
import { ClientError } from './client-error.ts';

export function parseHttpUrl(input: string): URL {
  // Checked first, because `new URL('localhost:8080')` succeeds: it reads "localhost:" as a scheme.
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(input)) {
    throw new ClientError('ERR_BAD_URL', `"${input}" is not a full URL: it needs a scheme in front, like http://localhost:8080/`);
  }
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new ClientError('ERR_BAD_URL', `"${input}" is not a URL. Write it in full, like http://localhost:8080/`);
  }
  if (url.protocol !== 'http:') {
    throw new ClientError('ERR_BAD_URL', `Only http: URLs work here, not ${url.protocol} (https: would need TLS). Try http://${url.host}${url.pathname}`);
  }
  return url;
}
