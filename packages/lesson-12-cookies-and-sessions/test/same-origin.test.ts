/** The cross-site check on its own: which headers let a post through, and which do not. */
import { describe, expect, test } from 'vitest';
import { crossSiteReason } from '../src/same-origin.ts';

const host = 'localhost:4321';

describe('allowed', () => {
  test.each([
    ['curl: neither header', {}],
    ['our own page', { 'sec-fetch-site': 'same-origin', origin: 'http://localhost:4321' }],
    ['an address typed by the person', { 'sec-fetch-site': 'none' }],
    ['an older browser that sends only Origin', { origin: 'http://localhost:4321' }],
    ['Origin in capitals', { origin: 'HTTP://LOCALHOST:4321' }],
  ])('%s', (_what, headers) => {
    expect(crossSiteReason({ host, ...headers })).toBeUndefined();
  });
});

describe('refused', () => {
  test.each([
    ['another site says Sec-Fetch-Site', { 'sec-fetch-site': 'cross-site' }],
    ['the same host on another port', { 'sec-fetch-site': 'same-site', origin: 'http://localhost:4322' }],
    ['a foreign Origin alone', { origin: 'http://evil.example' }],
    ['https where the board is http', { origin: 'https://localhost:4321' }],
    ['Origin: null', { origin: 'null' }],
    ['an Origin but no Host to compare it with', { origin: 'http://localhost:4321', host: undefined }],
  ])('%s', (_what, headers) => {
    expect(crossSiteReason({ host, ...headers })).toMatch(/another site|not from this board/);
  });
});

describe('over https (lesson 13 serves this board with TLS)', () => {
  test('an https page of the board itself is allowed', () => {
    expect(crossSiteReason({ host, origin: 'https://localhost:4321', 'sec-fetch-site': 'same-origin' }, 'https')).toBeUndefined();
  });

  test('an http page posting to the https board is refused: another scheme is another origin', () => {
    expect(crossSiteReason({ host, origin: 'http://localhost:4321' }, 'https')).toMatch(/not from this board \(https:\/\/localhost:4321\)/);
  });
});
