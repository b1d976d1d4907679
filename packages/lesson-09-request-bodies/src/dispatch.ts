/**
 * Dispatch: the request's method picks the handler.
 *
 * Python's BaseHTTPRequestHandler looks for a method called `do_` + the request's method:
 * `do_GET`, `do_POST`. A class per server, and a naming convention to find the right function.
 * In TypeScript an object literal says the same more directly: its keys are the methods.
 *
 *     handlers: {
 *       GET(request, response) { ... },
 *       POST(request, response) { ... },
 *     }
 *
 * A method with no key gets 501 Not Implemented, as it does in Python. The request line was
 * well-formed; the server just cannot do that, so the connection stays open.
 *
 * New since lesson 6: the handler starts before the body has arrived, so the body can break off
 * while it runs. The BodyError it then throws (unless it catches it) is the client's fault, not
 * a bug in the handler: the client gets its status (400, 408, 413), not a 500.
 */
import { failureLogLine, refusalLogLine } from './log.ts';
import type { Request } from './parser.ts';
import { BodyError } from './request-body.ts';
import type { Ending, Response } from './response.ts';

/** Answers one request. Sync or async: the response is done when the function returns or settles. */
export type Handler = (request: Request, response: Response) => void | Promise<void>;

export type Handlers = Readonly<Record<string, Handler>>;

/** Runs the right handler, and says (now, or once the handler settles) how the response ended. */
export function dispatch(handlers: Handlers, request: Request, response: Response, log: ((line: string) => void) | undefined): Ending | Promise<Ending> {
  const handler = findHandler(handlers, request.method);
  if (handler === undefined) {
    response.sendError(501, `This server has no handler for the method ${request.method}.`);
    return response.finish();
  }
  let result: void | Promise<void>;
  try {
    result = handler(request, response);
  } catch (error) {
    return handlerFailed(error, request, response, log);
  }
  if (result instanceof Promise) {
    return result.then(
      () => response.finish(),
      (error: unknown) => handlerFailed(error, request, response, log),
    );
  }
  return response.finish();
}

function handlerFailed(error: unknown, request: Request, response: Response, log: ((line: string) => void) | undefined): Ending {
  if (error instanceof BodyError) {
    log?.(refusalLogLine(error.status, error.code));
    if (response.started) return 'broken';
    response.sendError(error.status, error.message);
    return response.finish();
  }
  log?.(failureLogLine(request.method, request.target, error));
  // Before the head is out, the client can still get an honest 500. After it, a half-sent
  // response cannot be taken back: the connection must go, so the client sees it was cut short.
  if (response.started) return 'broken';
  response.sendError(500);
  return response.finish();
}

/**
 * Only the object's own keys count. `handlers['constructor']` or `handlers['toString']` exist on
 * every object through its prototype; a request with the method `constructor` must get 501, not
 * a call to Object's constructor.
 */
function findHandler(handlers: Handlers, method: string): Handler | undefined {
  return Object.hasOwn(handlers, method) ? handlers[method] : undefined;
}
