/**
 * Step 3 must pass every one of lesson 4's tests that start a server: the path attacks, the
 * serving rules, the 304s, the large file, the log. They are not copied here: lesson 4's
 * start-server.ts is told to start step 3's server instead, and then its test files are loaded
 * into this one, so each of their tests runs here against step 3.
 */
import { setServerUnderTest } from 'lesson-04-file-server/test/start-server.ts';
import { createServer } from '../src/3-cache/server.ts';

// settleMs 0: lesson 4's tests copy their site a moment before they start, and with the default
// wait (check-on-use.ts) nothing would be kept yet: every test would take the slow path. With 0,
// their second request for a file is answered from the cache, which is what must stay safe. (None
// of them depends on the wait: the one test that changes a file pins its times far apart.)
setServerUnderTest((options) => createServer({ ...options, settleMs: 0 }));
// Loaded only now, after the line above: a static import would run them before it.
await import('lesson-04-file-server/test/path-attacks.test.ts');
await import('lesson-04-file-server/test/serving.test.ts');
await import('lesson-04-file-server/test/caching.test.ts');
await import('lesson-04-file-server/test/large-file.test.ts');
await import('lesson-04-file-server/test/log.test.ts');
