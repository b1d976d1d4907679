/**
 * The test kit's sendRaw, inside TLS: the handshake done properly, trusting the local authority,
 * and then exactly these bytes as the request, so the path attacks of lesson 4 reach the server
 * as written. Also a plain TCP sender for bytes that are not TLS at all.
 */
import net from 'node:net';
import tls from 'node:tls';
import { type Address, type ParsedResponse, parseResponse } from '@workbook/testkit';

export interface Received {
  received: Buffer;
  response: ParsedResponse | null;
  /** A socket or TLS error code, such as ECONNRESET or ERR_SSL_WRONG_VERSION_NUMBER. */
  error?: string;
}

/** Sends `request` over TLS, trusting `ca`, and collects everything until the server closes. */
export function sendRawTls(address: Address, request: string | Buffer, ca: string): Promise<Received> {
  const socket = tls.connect({ host: address.host, port: address.port, ca, servername: 'localhost' });
  socket.once('secureConnect', () => socket.write(request));
  return collect(socket);
}

/** Sends bytes over plain TCP and collects everything until the server closes. */
export function sendRawTcp(address: Address, bytes: string | Buffer, options: { end?: boolean } = {}): Promise<Received> {
  const socket = net.connect({ host: address.host, port: address.port });
  socket.once('connect', () => {
    socket.write(bytes);
    if (options.end) socket.end();
  });
  return collect(socket);
}

function collect(socket: net.Socket): Promise<Received> {
  return new Promise((resolve) => {
    const pieces: Buffer[] = [];
    let error: string | undefined;
    // Bounded: a server that neither answers nor closes fails the test rather than hanging it.
    const timer = setTimeout(() => socket.destroy(), 5000);
    socket.on('data', (piece: Buffer) => pieces.push(piece));
    socket.on('error', (failure: NodeJS.ErrnoException) => (error = failure.code ?? failure.message));
    socket.on('close', () => {
      clearTimeout(timer);
      const received = Buffer.concat(pieces);
      resolve({ received, response: parseResponse(received, true), ...(error && { error }) });
    });
  });
}

/**
 * The first bytes a real client sends: its TLS hello, caught by a server that only listens. The
 * tests send parts of it to see a half handshake refused.
 */
export async function captureClientHello(): Promise<Buffer> {
  const catcher = net.createServer();
  await new Promise<void>((resolve) => catcher.listen(0, '127.0.0.1', resolve));
  const { port } = catcher.address() as net.AddressInfo;
  const caught = new Promise<Buffer>((resolve) => catcher.once('connection', (socket) => socket.once('data', resolve)));
  const client = tls.connect({ host: '127.0.0.1', port, servername: 'localhost' });
  client.on('error', () => {});
  const hello = await caught;
  client.destroy();
  catcher.close();
  return hello;
}
