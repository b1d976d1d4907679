/**
 * What each worker process runs: step 4's server, nothing more. Its listen() opens no port of its
 * own: node:cluster asks the primary, which shares the one listening socket among the workers.
 */
import { createServer } from '../4-sending/server.ts';

createServer({ root: process.env.SITE_DIR }).listen(Number(process.env.PORT), process.env.HOST);
