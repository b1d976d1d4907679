import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { request, sendRaw } from '@workbook/testkit';
import { startServer, type RunningServer } from './start-server.ts';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.stop());

/** After every bad client, an ordinary request must still get the happy reply. */
async function expectStillServing() {
  const { response, error } = await request(server.address, { path: '/after' });
  expect(error).toBeUndefined();
  expect(response?.status).toBe(200);
}

describe('bytes that are not HTTP', () => {
  test('get 400, the connection closes, and the server keeps serving', async () => {
    const { response, closedByServer } = await sendRaw(server.address, 'HELLO THERE, SERVER\r\n\r\n');
    expect(response?.status).toBe(400);
    expect(response?.problems).toEqual([]);
    expect(closedByServer).toBe(true);
    await expectStillServing();
  });

  test('a header line without a colon gets 400', async () => {
    const { response } = await sendRaw(server.address, 'GET / HTTP/1.1\r\nHost: test\r\nno colon here\r\n\r\n');
    expect(response?.status).toBe(400);
    await expectStillServing();
  });

  test('a made-up HTTP version gets 400', async () => {
    const { response } = await sendRaw(server.address, 'GET / HTTP/9.9.9\r\nHost: test\r\n\r\n');
    expect(response?.status).toBe(400);
    await expectStillServing();
  });

  test('headers too large to parse get 431', async () => {
    const huge = 'x'.repeat(20_000);
    const { response } = await sendRaw(server.address, `GET / HTTP/1.1\r\nHost: test\r\nX-Huge: ${huge}\r\n\r\n`);
    expect(response?.status).toBe(431);
    await expectStillServing();
  });

  test('a client that sends half a request and hangs up does not stop the server', async () => {
    await sendRaw(server.address, 'GET /half HTT', { endAfterWrite: true });
    await expectStillServing();
  });
});
