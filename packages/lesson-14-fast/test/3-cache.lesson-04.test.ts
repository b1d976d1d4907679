/**
 * Step 3 must pass every one of lesson 4's tests that start a server: the path attacks, the
 * serving rules, the 304s, the large file, the log. They are not copied here: lesson 4's
 * start-server.ts is told to start step 3's server instead, and then its test files are loaded
 * into this one, so each of their tests runs here against step 3.
 */
import { setServerUnderTest } from 'lesson-04-file-server/test/start-server.ts';
import { createServer } from '../src/3-cache/server.ts';

setServerUnderTest(createServer);
// Loaded only now, after the line above: a static import would run them before it.
await import('lesson-04-file-server/test/path-attacks.test.ts');
await import('lesson-04-file-server/test/serving.test.ts');
await import('lesson-04-file-server/test/caching.test.ts');
await import('lesson-04-file-server/test/large-file.test.ts');
await import('lesson-04-file-server/test/log.test.ts');
