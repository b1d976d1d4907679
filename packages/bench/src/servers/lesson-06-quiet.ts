/**
 * Lesson 6's happy server with its request log turned off, on 127.0.0.1:PORT. The lesson's
 * main.ts prints a line for every request, as Python's server does; the other servers in the
 * handler benchmark print nothing. This one shows what the library itself costs.
 */
import { createServer } from 'lesson-06-handler-api/happy-server';

createServer({ log: false }).listen(Number(process.env.PORT), '127.0.0.1');
