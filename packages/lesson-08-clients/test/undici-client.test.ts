import { afterAll, beforeAll, expect, test } from 'vitest';
import { GREETING, SLOW_TEXT } from '../src/practice-server.ts';
import { fetchWithUndici } from '../src/undici-client.ts';
import { startPracticeServer, type RunningPracticeServer } from './start-practice-server.ts';

let server: RunningPracticeServer;
beforeAll(async () => {
  server = await startPracticeServer();
});
afterAll(() => server.stop());

test('an ordinary answer', async () => {
  const response = await fetchWithUndici(`${server.origin}/`);
  expect(response).toMatchObject({ status: 200, reason: 'OK' });
  expect(response.body.toString('utf8')).toBe(GREETING);
});

test('a body in pieces is gathered for us', async () => {
  expect((await fetchWithUndici(`${server.origin}/slow`)).body.toString('utf8')).toBe(SLOW_TEXT);
});

test('a chunked body comes back decoded: no chunk sizes left in it', async () => {
  const response = await fetchWithUndici(`${server.origin}/chunked`);
  expect(response.headers['transfer-encoding']).toBe('chunked');
  expect(response.body.toString('utf8')).toBe('Chunked bodies come in sized pieces.\n');
});

test('a redirect is not followed: the 301 itself comes back', async () => {
  const response = await fetchWithUndici(`${server.origin}/moved`);
  expect(response.status).toBe(301);
  expect(response.headers.location).toBe('/');
});

test('a server that closes early: an error, not half a body', async () => {
  await expect(fetchWithUndici(`${server.origin}/short`)).rejects.toMatchObject({ code: 'ERR_CLOSED_EARLY' });
});

test('bare \\n line ends: refused, where the socket client coped', async () => {
  await expect(fetchWithUndici(`${server.origin}/lf`)).rejects.toMatchObject({ code: 'ERR_NOT_HTTP' });
});

test('a server that never answers: ETIMEDOUT', async () => {
  await expect(fetchWithUndici(`${server.origin}/silent`, { timeoutMs: 200 })).rejects.toMatchObject({ code: 'ETIMEDOUT' });
});
