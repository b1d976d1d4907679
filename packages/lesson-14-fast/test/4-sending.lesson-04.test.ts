/**
 * Step 4 must pass every one of lesson 4's tests that start a server, as step 3 does (see
 * 3-cache.lesson-04.test.ts for how). Step 5 runs this same server in each of its workers.
 */
import { setServerUnderTest } from 'lesson-04-file-server/test/start-server.ts';
import { createServer } from '../src/4-sending/server.ts';

setServerUnderTest(createServer);
await import('lesson-04-file-server/test/path-attacks.test.ts');
await import('lesson-04-file-server/test/serving.test.ts');
await import('lesson-04-file-server/test/caching.test.ts');
await import('lesson-04-file-server/test/large-file.test.ts');
await import('lesson-04-file-server/test/log.test.ts');
