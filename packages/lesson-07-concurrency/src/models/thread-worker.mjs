// A worker thread starts without the TypeScript loader that `node --import tsx` gave the main
// thread (Node 20 does not carry it over to threads). This JavaScript file registers tsx in
// the new thread first, then loads the real worker code.
import { register } from 'tsx/esm/api';

register();
await import('./thread-worker.ts');
