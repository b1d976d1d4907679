/**
 * What each process of the cluster runs: the plain event-loop server. Its listen() does not open
 * a port of its own: node:cluster asks the primary, which shares its listening socket.
 */
import type { ServerOptions } from '../options.ts';
import { listenWithEventLoop } from './event-loop.ts';

const options = JSON.parse(process.env.SERVER_OPTIONS ?? '{}') as ServerOptions;
await listenWithEventLoop(Number(process.env.PORT), options);
