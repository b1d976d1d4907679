/**
 * Loaded into the student's program (`node --import`) by the test kit, before their code runs.
 *
 * It tells the kit, over the IPC channel, the moment a server starts listening and on which port.
 * That is how the kit knows the program is ready without polling, and how it can say "you listen
 * on 8080 but the tests gave you PORT=53211" instead of a bare timeout. Until then it also sends a
 * heartbeat, so the kit can tell a program stuck in an endless loop (no beats: its event loop
 * never gets a turn) from one that is merely waiting without listening.
 */
import http from 'node:http';
import net from 'node:net';
import { KIT_VARIABLE, type AliveMessage, type ListeningMessage } from './preload-protocol.ts';

/**
 * Only the program the kit started reports to it. Its own children (a fork, a cluster worker)
 * inherit this preload with node's options, but not the variable: it is gone before they start.
 */
function reportToKit(): void {
  const alive: AliveMessage = { workbook: 'alive' };
  // The first beat goes out now, before the student's code runs: from then on, silence means the
  // program is busy without a pause, not merely slow to start on a loaded machine.
  process.send?.(alive);
  const heartbeat = setInterval(() => process.send?.(alive), 200);
  // A heartbeat must never be the thing that keeps a finished program running.
  heartbeat.unref();

  const listen = net.Server.prototype.listen;

  net.Server.prototype.listen = function (this: net.Server, ...args: unknown[]) {
    this.once('listening', () => {
      clearInterval(heartbeat);
      const address = this.address();
      if (address === null || typeof address === 'string' || !process.send) return;
      const message: ListeningMessage = {
        workbook: 'listening',
        port: address.port,
        host: address.address,
        kind: this instanceof http.Server ? 'http' : 'net',
      };
      process.send(message);
    });
    return listen.apply(this, args as Parameters<typeof listen>);
  } as typeof listen;

  // The IPC channel would keep the student's program alive after its server closes; a real server
  // process does not have one, so it must not change when the program exits.
  process.channel?.unref();
}

const startedByKit = process.env[KIT_VARIABLE] === '1';
delete process.env[KIT_VARIABLE];
if (startedByKit) reportToKit();
