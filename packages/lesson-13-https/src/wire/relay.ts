/**
 * A relay that shows what the network sees: it takes connections, opens one to the real server
 * for each, and passes every byte along both ways, unchanged, telling `watch` about each piece.
 *
 * This is what any machine between you and a server can do: the café's Wi-Fi router, the hotel's
 * network, a company's proxy. It sees every byte. What it can read in them is up to TLS.
 *
 * It only ever connects to the one address it was given, on this machine.
 */
import net from 'node:net';

export type Direction = 'to the server' | 'to the client';

export interface RelayTarget {
  host: string;
  port: number;
}

export function createRelay(target: RelayTarget, watch: (direction: Direction, bytes: Buffer) => void): net.Server {
  return net.createServer((client) => {
    const server = net.connect(target);
    client.on('data', (bytes: Buffer) => watch('to the server', bytes));
    server.on('data', (bytes: Buffer) => watch('to the client', bytes));
    // pipe() passes the bytes on and keeps the pace of the slower side (lesson 11).
    client.pipe(server);
    server.pipe(client);
    // Either side gone, for whatever reason: the other goes too, so no socket is left open.
    const closeBoth = () => {
      client.destroy();
      server.destroy();
    };
    client.on('error', closeBoth);
    server.on('error', closeBoth);
    client.on('close', closeBoth);
    server.on('close', closeBoth);
  });
}
