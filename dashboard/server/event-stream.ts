import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServerEvents } from '../api-types.ts';

/** One event with its data, of any name. */
export type ServerEvent = { [E in keyof ServerEvents]: { readonly event: E; readonly data: ServerEvents[E] } }[keyof ServerEvents];

const HEARTBEAT_MS = 15_000;
/** How long a browser waits before reconnecting a dropped stream. */
const RETRY_MS = 2000;

/** The browsers' server-sent event streams (/api/events). */
export class EventStream {
  private readonly clients = new Set<ServerResponse>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor() {
    // A comment line now and then keeps proxies from closing an idle stream.
    this.heartbeat = setInterval(() => this.write(': heartbeat\n\n'), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** Opens a stream; `initial` events go to this browser only, before any other. */
  open(req: IncomingMessage, res: ServerResponse, initial: readonly ServerEvent[]): void {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(`retry: ${RETRY_MS}\n\n`);
    for (const { event, data } of initial) res.write(frame(event, data));
    this.clients.add(res);
    req.on('close', () => this.clients.delete(res));
  }

  send<E extends keyof ServerEvents>(event: E, data: ServerEvents[E]): void {
    this.write(frame(event, data));
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const res of this.clients) res.end();
    this.clients.clear();
  }

  private write(text: string): void {
    for (const res of this.clients) res.write(text);
  }
}

function frame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
