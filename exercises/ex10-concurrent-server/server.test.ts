import { once } from 'node:events';
import net from 'node:net';
import { test } from 'vitest';
import { CheckFailure, parseResponse, random, useProgram, type Address, type ParsedResponse } from '@workbook/testkit';

const server = useProgram(import.meta.url, 'server.ts');

/** How long a check waits for an answer before it calls the answer missing. Not a speed limit: a working server answers these in a few milliseconds. */
const PATIENCE_MS = 2000;

function get(path: string, { close = false } = {}): string {
  return `GET ${path} HTTP/1.1\r\nHost: localhost\r\n${close ? 'Connection: close\r\n' : ''}\r\n`;
}

/** Cuts the bytes of several responses in a row apart, using each one's Content-Length. */
function splitResponses(bytes: Buffer): ParsedResponse[] {
  const responses: ParsedResponse[] = [];
  let rest = bytes;
  while (rest.length > 0) {
    const headEnd = rest.indexOf('\r\n\r\n');
    if (headEnd === -1) break;
    const length = Number(/\r\ncontent-length:[ \t]*(\d+)/i.exec(rest.subarray(0, headEnd).toString('latin1'))?.[1] ?? 0);
    const end = Math.min(rest.length, headEnd + 4 + length);
    const response = parseResponse(rest.subarray(0, end), true);
    if (response) responses.push(response);
    rest = rest.subarray(end);
  }
  return responses;
}

/** A client connection the test drives by hand: it sends when told, and notes what comes back. */
class Client {
  readonly name: string;
  readonly socket: net.Socket;
  received = Buffer.alloc(0);
  sent = '';

  constructor(name: string, address: Address) {
    this.name = name;
    this.socket = net.connect({ host: address.host, port: address.port });
    this.socket.setNoDelay(true);
    this.socket.on('data', (chunk: Buffer) => (this.received = Buffer.concat([this.received, chunk])));
    this.socket.on('error', () => {});
  }

  send(text: string): void {
    this.sent += text;
    this.socket.write(text);
  }

  get response(): ParsedResponse | null {
    return parseResponse(this.received, false);
  }

  /** Resolves with the first complete response, or with null after PATIENCE_MS or a close without one. */
  async answer(): Promise<ParsedResponse | null> {
    const deadline = Date.now() + PATIENCE_MS;
    while (!this.response?.complete && !this.socket.closed && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return this.response?.complete ? this.response : null;
  }

  describe(): string {
    const show = (text: string) => (text ? JSON.stringify(text) : 'nothing');
    return `${this.name}: sent ${show(this.sent)}, received ${show(this.received.toString('latin1'))}`;
  }
}

/** Opens the clients one after the other, so the server sees them arrive in that order. */
async function connectInOrder(names: string[]): Promise<Client[]> {
  // A raw exchange first: it (re)starts the program if needed, and says clearly if it cannot.
  (await server.raw(get('/', { close: true }))).expectResponse();
  const program = server.program;
  if (!program) throw new CheckFailure('Your program is not running.');
  const clients: Client[] = [];
  for (const name of names) {
    const client = new Client(name, program);
    await once(client.socket, 'connect');
    clients.push(client);
  }
  return clients;
}

function failWith(summary: string, clients: Client[], hint: string): never {
  throw new CheckFailure(`${summary}\n\nWhat each connection did:\n${clients.map((c) => `  ${c.describe()}`).join('\n')}\n\nHint: ${hint}`);
}

const ONE_AT_A_TIME_HINT =
  'your server still serves one connection at a time: it is waiting for the first connection to send its request, ' +
  'and nobody else is served meanwhile. Serve every connection as soon as it arrives (TODO 1).';

test('answers a GET with 200 and the path it asked for', async () => {
  const path = random.path();
  (await server.raw(get(path, { close: true }))).expectStatus(200).expectWellFramed().expectBodyIncludes(path);
});

test('says Connection: close and hangs up when the client asks for that', async () => {
  (await server.raw(get(random.path(), { close: true }))).expectHeader('connection', 'close').expectClosed();
});

test('answers connections in any order: the last one opened is answered first', async () => {
  const clients = await connectInOrder(['connection 1', 'connection 2', 'connection 3']);
  try {
    // The last connection asks first; the first two have not sent a byte yet.
    for (const client of [...clients].reverse()) {
      const path = random.path();
      client.send(get(path));
      const response = await client.answer();
      if (!response) {
        failWith(`${client.name} asked for ${path} and got no answer while the connections opened before it were still silent.`, clients, ONE_AT_A_TIME_HINT);
      }
      if (!response.body.toString('utf8').includes(path)) {
        failWith(`${client.name} asked for ${path}, but its answer does not mention that path.`, clients, 'answer each request on its own connection, with its own path.');
      }
    }
  } finally {
    clients.forEach((client) => client.socket.destroy());
  }
});

test('a client that stalls in the middle of its request does not hold up the others', async () => {
  const [stalled, other] = await connectInOrder(['the stalled client', 'another client']);
  try {
    stalled!.send('GET /stalled HTTP/1.1\r\nHo');
    const path = random.path();
    other!.send(get(path));
    const response = await other!.answer();
    if (!response) {
      failWith('Another client sent a whole request and got no answer while the first client was stuck halfway through its own.', [stalled!, other!], ONE_AT_A_TIME_HINT);
    }
    if (stalled!.received.length > 0) {
      failWith('The stalled client got an answer before it had finished its request.', [stalled!, other!], 'answer only once the blank line "\\r\\n\\r\\n" has arrived.');
    }
    // And once it finishes, it is answered too.
    stalled!.send('st: localhost\r\n\r\n');
    if (!(await stalled!.answer())) {
      failWith('The stalled client finished its request but got no answer.', [stalled!, other!], 'keep collecting its bytes until the head is complete, then answer.');
    }
  } finally {
    stalled!.socket.destroy();
    other!.socket.destroy();
  }
});

test('keeps the connection open: three requests, one after the other, on one connection', async () => {
  const paths = [random.path(), random.path(), random.path()];
  const requests = [get(paths[0]!), get(paths[1]!), get(paths[2]!, { close: true })];
  const reply = await server.raw(requests, { pauseMs: 100 });
  const responses = splitResponses(reply.exchange.kind === 'raw' ? reply.exchange.received : Buffer.alloc(0));
  if (responses.length < 3) {
    reply.fail(
      `three requests were sent on one connection, but ${responses.length} answer${responses.length === 1 ? '' : 's'} came back.`,
      '',
      'after answering, keep the connection open (Connection: keep-alive, and socket.write, not socket.end) and go on reading: the next request comes on the same socket (TODO 2).',
    );
  }
  responses.forEach((response, index) => {
    if (!response.body.toString('utf8').includes(paths[index]!)) {
      reply.fail(`answer ${index + 1} does not mention ${paths[index]}, the path of request ${index + 1}.`, '', 'answer the requests of a connection in the order they came.');
    }
  });
  const keepAlive = responses.slice(0, 2).map((response) => response.headers['connection']);
  if (keepAlive.some((value) => value?.toLowerCase() !== 'keep-alive')) {
    reply.fail('the first two answers should say Connection: keep-alive.', '', 'tell the client the connection stays open: reply(path, true).');
  }
  reply.expectClosed();
});

test('answers several requests sent at once on one connection, in order', async () => {
  const paths = [random.path(), random.path(), random.path()];
  // All three in one write: one 'data' event may well hold more than one request.
  const reply = await server.raw(get(paths[0]!) + get(paths[1]!) + get(paths[2]!, { close: true }));
  const responses = splitResponses(reply.exchange.kind === 'raw' ? reply.exchange.received : Buffer.alloc(0));
  const answered = responses.map((response) => paths.findIndex((path) => response.body.toString('utf8').includes(path)) + 1);
  if (answered.join() !== '1,2,3') {
    reply.fail(
      `three requests arrived together; the answers matched request${answered.length === 1 ? '' : 's'} ${answered.join(', ') || 'none'}, not 1, 2, 3.`,
      '',
      'after answering one head, look for another complete head in what is left of the bytes you received, before waiting for more.',
    );
  }
});

test('is built on sockets, not on node:http', async () => {
  (await server.raw(get('/', { close: true }))).expectResponse();
  if (server.program?.kind === 'http') {
    throw new CheckFailure('Your server is a node:http server. This exercise is about sockets: keep net.createServer from node:net.');
  }
});
