import type { Client } from '@confluentinc/schemaregistry';
import type { Transport } from '../../transport/transport.ts';
import type { SinkEventSink } from './sink-events.ts';

export interface WarehouseSinkOptions {
  readonly transport: Transport;
  /** Resolves the records' key and value contracts, and encodes dead letters. */
  readonly registry: Client;
  /** The warehouse as its writer (MEDALLION_WAREHOUSE_URL). */
  readonly warehouseUrl: string;
  /** Names its positions in meta.sink_positions, its advisory lock, consumer group and dead-letter producer. Default warehouse-sink. */
  readonly name?: string;
  /** The contracts' topics to read. Default: every silver and gold topic. They must exist (the processors create them). */
  readonly topics?: readonly string[];
  /** Prepended to every topic read and to dlq.warehouse (a replay or a test with topics of its own). Default none. */
  readonly topicPrefix?: string;
  /** Most records per poll, so per warehouse transaction. Default 5000. */
  readonly maxBatch?: number;
  /** How long a poll waits for records. Default 200 ms. */
  readonly pollMs?: number;
  /** Backoff while the warehouse is unavailable: first wait, doubled up to the most. Default 250 ms to 10 s. */
  readonly retry?: { readonly firstMs: number; readonly maxMs: number };
  readonly onEvent?: SinkEventSink;
}

export const SINK_DEFAULTS = { name: 'warehouse-sink', maxBatch: 5000, pollMs: 200, retry: { firstMs: 250, maxMs: 10_000 } } as const;
