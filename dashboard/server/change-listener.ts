import pg from 'pg';
import type { WarehouseState, WarehouseStateName } from '../api-types.ts';
import { CONNECT_TIMEOUT_MS, warehouseName } from './warehouse-client.ts';

/** The channel the warehouse's statement triggers notify on every gold table change, with the table's name. */
export const GOLD_CHANGED_CHANNEL = 'gold_changed';

export interface ChangeListenerOptions {
  readonly url: string;
  /** Changes are collected this long after the first one and then reported together. */
  readonly debounceMs: number;
  onState(state: WarehouseState): void;
  /** The tables changed; empty after a reconnect, when anything may have changed meanwhile. */
  onChange(tables: readonly string[]): void;
}

const BACKOFF_MS = { first: 250, max: 5000 } as const;

/**
 * Holds one connection LISTENing on gold_changed. When it is lost (or cannot be
 * opened), the state turns `down` with the error and it reconnects with
 * exponential backoff until the warehouse answers again.
 */
export class ChangeListener {
  private readonly name: string;
  private client: pg.Client | undefined;
  private state: WarehouseState;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private debounceTimer: NodeJS.Timeout | undefined;
  private pending = new Set<string>();
  private closed = false;

  constructor(private readonly options: ChangeListenerOptions) {
    this.name = warehouseName(options.url);
    this.state = { state: 'connecting', warehouse: this.name, since: new Date().toISOString() };
  }

  get current(): WarehouseState {
    return this.state;
  }

  start(): void {
    void this.connect();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.debounceTimer);
    await this.client?.end().catch(() => {});
  }

  private setState(state: WarehouseStateName, error?: string): void {
    if (this.state.state === state && this.state.error === error) return;
    this.state = { state, warehouse: this.name, ...(error === undefined ? {} : { error }), since: new Date().toISOString() };
    this.options.onState(this.state);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.url, keepAlive: true, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, application_name: 'medallion-dashboard-listener' });
    this.client = client;
    client.on('notification', (message) => {
      if (message.channel === GOLD_CHANGED_CHANNEL) this.changed(message.payload ? [message.payload] : []);
    });
    client.on('error', (error) => this.lost(client, error.message));
    client.on('end', () => this.lost(client, 'the connection was closed'));
    try {
      await client.connect();
      await client.query(`LISTEN ${GOLD_CHANGED_CHANNEL}`);
    } catch (error) {
      this.lost(client, (error as Error).message);
      return;
    }
    if (this.closed || this.client !== client) return;
    const wasDown = this.state.state === 'down';
    this.attempt = 0;
    this.setState('up');
    // Whatever changed while the connection was lost was not notified.
    if (wasDown) this.options.onChange([]);
  }

  private lost(client: pg.Client, error: string): void {
    if (this.closed || this.client !== client) return;
    this.client = undefined;
    client.removeAllListeners();
    client.on('error', () => {});
    void client.end().catch(() => {});
    this.setState('down', error);
    const delay = Math.min(BACKOFF_MS.max, BACKOFF_MS.first * 2 ** this.attempt);
    this.attempt += 1;
    this.retryTimer = setTimeout(() => void this.connect(), delay);
  }

  private changed(tables: readonly string[]): void {
    for (const table of tables) this.pending.add(table);
    if (this.debounceTimer !== undefined) return;
    this.debounceTimer = setTimeout(() => {
      this.debounceTimer = undefined;
      const changed = [...this.pending].sort();
      this.pending.clear();
      this.options.onChange(changed);
    }, this.options.debounceMs);
  }
}
