/**
 * Step 4 must pass every one of lesson 4's tests that start a server, as step 3 does (see
 * 3-cache.lesson-04.test.ts for how). Step 5 runs this same server in each of its workers.
 */
import { setServerUnderTest } from 'lesson-04-file-server/test/start-server.ts';
import { createServer } from '../src/4-sending/server.ts';

// settleMs 0: lesson 4's tests copy their site a moment before they start, and with the default
// wait (check-on-use.ts) nothing would be kept yet: every test would take the slow path. With 0,
// their second request for a file is answered from the cache, which is what must stay safe. (None
// of them depends on the wait: the one test that changes a file pins its times far apart.)
setServerUnderTest((options) => createServer({ ...options, settleMs: 0 }));
await import('lesson-04-file-server/test/path-attacks.test.ts');
await import('lesson-04-file-server/test/serving.test.ts');
await import('lesson-04-file-server/test/caching.test.ts');
await import('lesson-04-file-server/test/large-file.test.ts');
await import('lesson-04-file-server/test/log.test.ts');
