/**
 * Starts the practice server on the port in the PORT variable (8080 when it is not set) and lists
 * its paths, so you can point the clients of this lesson at each misbehaviour in turn.
 */
import pc from 'picocolors';
import { createPracticeServer, PRACTICE_PATHS } from './practice-server.ts';

const port = Number(process.env.PORT ?? 8080);
// 127.0.0.1: only this computer can reach the server. HOST=0.0.0.0 opens it to your network.
const host = process.env.HOST || '127.0.0.1';

createPracticeServer().listen(port, host, () => {
  console.log(`Practice server on ${pc.cyan(`http://${host}:${port}/`)} (press Ctrl+C to stop)`);
  for (const [path, what] of Object.entries(PRACTICE_PATHS)) {
    console.log(`  ${pc.cyan(path.padEnd(11))} ${what}`);
  }
});
