/**
 * A bare TCP connection under the test's control: it sends bytes when the test says so, and
 * collects the responses as they come, so a test can ask "has this one been answered yet?" while
 * another connection is still waiting.
 */
import { once } from 'node:events';
import net from 'node:net';
import { parseResponse, type Address, type ParsedResponse } from '@workbook/testkit';

export class Connection {
  readonly responses: ParsedResponse[] = [];
  /** Resolves when the connection is over: the server hung up (or it broke). */
  readonly closed: Promise<void>;
  readonly #socket: net.Socket;
  #pending = Buffer.alloc(0);
  #received = 0;
  #wakeUps: Array<() => void> = [];

  static async open(address: Address): Promise<Connection> {
    const connection = new Connection(address);
    await once(connection.#socket, 'connect');
    return connection;
  }

  private constructor(address: Address) {
    this.#socket = net.connect({ host: address.host, port: address.port, allowHalfOpen: true });
    this.#socket.setNoDelay(true);
    this.#socket.on('data', (chunk: Buffer) => {
      this.#received += chunk.length;
      this.#pending = Buffer.concat([this.#pending, chunk]);
      this.#takeResponses();
      this.#wake();
    });
    // The server has finished: hang up our side too, as a browser would, so the connection closes.
    this.#socket.on('end', () => this.#socket.end());
    this.#socket.on('error', () => {});
    this.closed = once(this.#socket, 'close').then(() => this.#wake());
  }

  /** Every byte the server has sent so far, responses or not. */
  get receivedBytes(): number {
    return this.#received;
  }

  get isClosed(): boolean {
    return this.#socket.closed;
  }

  send(text: string): void {
    this.#socket.write(text, 'latin1');
  }

  /** Resolves once `count` responses in all have arrived, or with what there is when the server closes. */
  async responsesUpTo(count: number): Promise<ParsedResponse[]> {
    while (this.responses.length < count && !this.#socket.closed) {
      await new Promise<void>((resolve) => this.#wakeUps.push(resolve));
    }
    return this.responses.slice(0, count);
  }

  /** Resolves with the first response. */
  async firstResponse(): Promise<ParsedResponse | undefined> {
    return (await this.responsesUpTo(1))[0];
  }

  /** We hang up: the server sees the end of this client's requests. */
  end(): void {
    this.#socket.end();
  }

  destroy(): void {
    this.#socket.destroy();
  }

  /** Cuts complete responses off the front of what has arrived, using their Content-Length. */
  #takeResponses(): void {
    while (true) {
      const headEnd = this.#pending.indexOf('\r\n\r\n');
      if (headEnd === -1) return;
      const length = /\r\ncontent-length: *(\d+)/i.exec(this.#pending.subarray(0, headEnd).toString('latin1'));
      const total = headEnd + 4 + Number(length?.[1] ?? 0);
      if (this.#pending.length < total) return;
      const response = parseResponse(this.#pending.subarray(0, total), false);
      if (response) this.responses.push(response);
      this.#pending = this.#pending.subarray(total);
    }
  }

  #wake(): void {
    const wakeUps = this.#wakeUps;
    this.#wakeUps = [];
    for (const wake of wakeUps) wake();
  }
}

/** Opens `count` connections one after the other, so the server accepts them in that order. */
export async function openConnections(address: Address, count: number): Promise<Connection[]> {
  const connections: Connection[] = [];
  for (let i = 0; i < count; i++) connections.push(await Connection.open(address));
  return connections;
}

/** A GET for `path`; `close` adds `Connection: close`. */
export function get(path: string, { close = false } = {}): string {
  return `GET ${path} HTTP/1.1\r\nHost: test\r\n${close ? 'Connection: close\r\n' : ''}\r\n`;
}

/** A pause that only gives a server the chance to misbehave; no test measures it. */
export function pause(ms = 200): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
