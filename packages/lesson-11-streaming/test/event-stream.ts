/**
 * A small EventSource for the tests, on node:http: it opens GET /events, keeps every event and
 * comment that arrives, parsed strictly as the format says (field, colon, one optional space,
 * value; a blank line ends the event), and lets a test wait for one.
 */
import { once } from 'node:events';
import http from 'node:http';
import type { Address } from '@workbook/testkit';

export interface ReceivedEvent {
  id?: string;
  event?: string;
  data?: string;
  retry?: string;
}

export interface OpenStream {
  status: number;
  headers: http.IncomingHttpHeaders;
  events: ReceivedEvent[];
  /** Comment lines, without the colon: `ping` for `: ping`. */
  comments: string[];
  /** Resolves with the first event (among those received so far or later) that passes `test`. */
  next(test: (event: ReceivedEvent) => boolean, what: string): Promise<ReceivedEvent>;
  close(): Promise<void>;
}

export async function openEvents(address: Address, path = '/events', headers: Record<string, string> = {}): Promise<OpenStream> {
  const request = http.get({ host: address.host, port: address.port, path, headers, agent: false });
  const [response] = (await once(request, 'response')) as [http.IncomingMessage];
  const events: ReceivedEvent[] = [];
  const comments: string[] = [];
  let waiting: Array<() => void> = [];
  let text = '';
  response.setEncoding('utf8');
  response.on('data', (piece: string) => {
    text += piece;
    let end = text.indexOf('\n\n');
    while (end !== -1) {
      const block = text.slice(0, end);
      text = text.slice(end + 2);
      const event: ReceivedEvent = {};
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) {
          comments.push(line.slice(1).trim());
          continue;
        }
        const colon = line.indexOf(':');
        if (colon <= 0) throw new Error(`a line of the stream is not "field: value": ${JSON.stringify(line)}`);
        const field = line.slice(0, colon) as keyof ReceivedEvent;
        if (!['id', 'event', 'data', 'retry'].includes(field)) throw new Error(`unknown field ${JSON.stringify(field)}`);
        event[field] = line.slice(colon + 1).replace(/^ /, '');
      }
      if (Object.keys(event).length > 0) events.push(event);
      end = text.indexOf('\n\n');
    }
    for (const wake of waiting) wake();
  });
  const ended = new Promise<void>((resolve) => response.on('close', resolve));

  return {
    status: response.statusCode ?? 0,
    headers: response.headers,
    events,
    comments,
    next(test, what) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${what} arrived within 5 s; got ${JSON.stringify(events)}`)), 5000);
        const check = () => {
          const found = events.find(test);
          if (!found) return;
          clearTimeout(timer);
          waiting = waiting.filter((wake) => wake !== check);
          resolve(found);
        };
        waiting.push(check);
        check();
      });
    },
    async close() {
      request.destroy();
      await ended;
    },
  };
}
