import { expect, test } from 'vitest';
import { useProgram, type Reply } from '../src/index.ts';
import { failureOf } from './failure-of.ts';

const crashing = useProgram(import.meta.url, 'fixtures/crashes-on-request.ts');
const hanging = useProgram(import.meta.url, 'fixtures/hangs-mid-response.ts');
const lfOnly = useProgram(import.meta.url, 'fixtures/lf-only.ts');

test('a program that crashes while answering is named as such, with its stderr', async () => {
  const reply: Reply = await crashing.get('/');
  const message = failureOf(() => reply.expectStatus(200));
  expect(message).toContain('Your program crashed while answering (exit code 1)');
  expect(message).toContain('something went wrong while answering');
  expect(message).toContain('curl -i http://127.0.0.1:');
});

test('after a crash, the next request starts the program again', async () => {
  const reply = await crashing.get('/');
  expect(failureOf(() => reply.expectStatus(200))).toContain('crashed while answering');
});

test('a response that never completes: a timeout with a hint', async () => {
  const reply = await hanging.raw('GET / HTTP/1.1\r\nHost: x\r\n\r\n', { until: 'response', timeoutMs: 500 });
  const message = failureOf(() => reply.expectResponse().expectWellFramed());
  expect(message).toContain('"HTTP/1.1 200 OK\\r\\n');
  expect(message).toContain('No complete answer arrived in time');
});

test('bare LF line ends are shown escaped, with the CRLF hint', async () => {
  const reply = await lfOnly.raw('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
  expect(reply.status).toBe(200);
  const message = failureOf(() => reply.expectWellFramed());
  expect(message).toContain('"HTTP/1.1 200 OK\\nContent-Length: 5\\n\\nhello"');
  expect(message).toContain('Hint: Join lines with "\\r\\n"');
});
